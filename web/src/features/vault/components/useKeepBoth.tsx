import { useCallback, useRef, useState } from 'react';
import { ConfirmDialog } from '@/components/Dialog';

/**
 * Asks, in the app's own dialog, whether to keep both items when a name is taken (withKeepBoth's
 * question). `ask` resolves true for *Keep both*, false for *Cancel*; render `dialog` once.
 */
export function useKeepBoth(question: string, confirmLabel = 'Keep both') {
  const [message, setMessage] = useState<string | null>(null);
  const answer = useRef<((keep: boolean) => void) | null>(null);
  const ask = useCallback((conflict: string) => {
    setMessage(conflict);
    return new Promise<boolean>((resolve) => {
      answer.current = resolve;
    });
  }, []);
  const settle = (keep: boolean) => {
    answer.current?.(keep);
    answer.current = null;
    setMessage(null);
  };
  const dialog = (
    <ConfirmDialog
      open={message !== null}
      title="That name is taken"
      message={`${message ?? ''}. ${question}`}
      confirmLabel={confirmLabel}
      onConfirm={() => settle(true)}
      onCancel={() => settle(false)}
    />
  );
  return { ask, dialog };
}
