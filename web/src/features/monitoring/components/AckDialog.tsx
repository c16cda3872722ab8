import { useState, type FormEvent } from 'react';
import { Button } from '@/components/Button';
import { Dialog } from '@/components/Dialog';
import { TextAreaField } from '@/components/Field';
import { errorMessage } from '@/lib/api/errors';
import type { Alert } from '@/lib/api/types';
import { useAcknowledgeAlertMutation } from '../api/monitoringApi';

/** Acknowledge an alert with a comment: the alert keeps firing, but everyone sees who is on it and why. */
export function AckDialog({ alert, onClose, onDone }: { alert: Alert | null; onClose: () => void; onDone?: (a: Alert) => void }) {
  const [ack, { isLoading }] = useAcknowledgeAlertMutation();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setComment('');
    setError(null);
    onClose();
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!alert) return;
    try {
      const a = await ack({ id: alert.id, comment: comment.trim() }).unwrap();
      onDone?.(a);
      close();
    } catch (err) {
      setError(errorMessage(err, 'Could not acknowledge the alert'));
    }
  };
  return (
    <Dialog
      open={alert !== null}
      onClose={close}
      title={`Acknowledge ${alert?.ruleName ?? ''}`}
      description={`${alert?.resourceName ? `On ${alert.resourceName}. ` : ''}The alert keeps its state and notifications; the comment tells the team who is on it and why.`}
    >
      <form onSubmit={submit}>
        <div className="dialog-body stack">
          <TextAreaField
            label="Comment"
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            required
            maxLength={2000}
            rows={3}
            placeholder="e.g. investigating, a batch job runs until 14:00"
          />
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
        </div>
        <div className="dialog-footer">
          <Button variant="ghost" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" loading={isLoading} disabled={!comment.trim()} data-testid="ack-submit">
            Acknowledge
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
