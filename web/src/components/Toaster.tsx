import { useEffect } from 'react';
import { useDispatch, useSelector } from 'react-redux';
import { toastDismissed, type Toast } from '@/lib/toast/toastSlice';
import { Button } from './Button';
import { IconAlert, IconCheckCircle, IconError, IconInfo, IconX } from './icons';

const ICONS = { success: IconCheckCircle, error: IconError, warning: IconAlert, info: IconInfo };

function ToastItem({ toast, onDismiss }: { toast: Toast; onDismiss: (id: string) => void }) {
  useEffect(() => {
    const t = setTimeout(() => onDismiss(toast.id), toast.tone === 'error' ? 8000 : 5000);
    return () => clearTimeout(t);
  }, [toast.id, toast.tone, onDismiss]);
  const Icon = ICONS[toast.tone];
  return (
    <div className={`toast ${toast.tone}`} role={toast.tone === 'error' ? 'alert' : 'status'}>
      <span className="toast-icon">
        <Icon />
      </span>
      <div className="grow">
        <div className="toast-title">{toast.title}</div>
        {toast.description && <div className="toast-desc">{toast.description}</div>}
      </div>
      <Button variant="ghost" size="sm" aria-label="Dismiss notification" icon={<IconX />} onClick={() => onDismiss(toast.id)} />
    </div>
  );
}

export function Toaster() {
  const toasts = useSelector((s: { toasts: Toast[] }) => s.toasts);
  const dispatch = useDispatch();
  const dismiss = (id: string) => dispatch(toastDismissed(id));
  return (
    <div className="toaster" aria-live="polite">
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} onDismiss={dismiss} />
      ))}
    </div>
  );
}
