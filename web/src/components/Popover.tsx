import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

/**
 * A disclosure: a trigger button that toggles a panel. Closes on Escape (returning focus to the
 * trigger) and on a click outside.
 */
export function Popover({
  renderTrigger,
  children,
  panelClassName,
  label,
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
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const anchor = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (anchor.current && !anchor.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        trigger.current?.focus();
      }
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div className="popover-anchor" ref={anchor}>
      {renderTrigger({ 'aria-expanded': open, 'aria-controls': id, onClick: () => setOpen((o) => !o), ref: trigger })}
      {open && (
        <div id={id} className={`popover${panelClassName ? ` ${panelClassName}` : ''}`} role="region" aria-label={label}>
          {children(() => setOpen(false))}
        </div>
      )}
    </div>
  );
}
