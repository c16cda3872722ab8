import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A disclosure: a trigger button that toggles a panel. Closes on Escape (returning focus to the
 * trigger) and on a click outside.
 *
 * With `dialog` the panel is a non-modal dialog: it takes focus when it opens (the element marked
 * `data-autofocus`, else the panel itself) and Tab cycles inside it until it closes.
 */
export function Popover({
  renderTrigger,
  children,
  panelClassName,
  label,
  dialog,
}: {
  renderTrigger: (props: {
    'aria-expanded': boolean;
    'aria-controls': string;
    onClick: () => void;
    ref: React.Ref<HTMLButtonElement>;
  }) => ReactNode;
  children: (close: () => void) => ReactNode;
  panelClassName?: string;
  label: string;
  dialog?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const anchor = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (anchor.current && !anchor.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        trigger.current?.focus();
        return;
      }
      if (!dialog || e.key !== 'Tab' || !panel.current) return;
      const items = Array.from(panel.current.querySelectorAll<HTMLElement>(FOCUSABLE));
      if (!items.length) {
        e.preventDefault();
        return;
      }
      const first = items[0];
      const last = items[items.length - 1];
      const inside = panel.current.contains(document.activeElement);
      if (e.shiftKey && (document.activeElement === first || !inside)) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && (document.activeElement === last || !inside)) {
        e.preventDefault();
        first.focus();
      }
    };
    if (dialog) (panel.current?.querySelector<HTMLElement>('[data-autofocus]') ?? panel.current)?.focus();
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open, dialog]);

  return (
    <div className="popover-anchor" ref={anchor}>
      {renderTrigger({ 'aria-expanded': open, 'aria-controls': id, onClick: () => setOpen((o) => !o), ref: trigger })}
      {open && (
        <div
          ref={panel}
          id={id}
          className={`popover${panelClassName ? ` ${panelClassName}` : ''}`}
          role={dialog ? 'dialog' : 'region'}
          aria-label={label}
          tabIndex={dialog ? -1 : undefined}
        >
          {children(() => setOpen(false))}
        </div>
      )}
    </div>
  );
}
