import { useState, type FormEvent } from 'react';
import { Button } from '@/components/Button';
import { Dialog } from '@/components/Dialog';
import { SegmentedControl, TextField } from '@/components/Field';
import { errorMessage } from '@/lib/api/errors';
import { useCreateMuteMutation } from '../api/securityApi';

export interface MuteTarget {
  /** What the dialog offers to mute: the findings' rules and/or resources. */
  ruleIds: string[];
  resourceIds: string[];
  label: string;
}

/**
 * Mutes by rule or by resource (one mute per distinct rule or resource of the selection), with a
 * reason and an optional expiry. A mute covers existing findings at once.
 */
export function MuteDialog({ target, onClose, onMuted }: { target: MuteTarget | null; onClose: () => void; onMuted?: (count: number) => void }) {
  const [createMute, { isLoading }] = useCreateMuteMutation();
  const [by, setBy] = useState<'resource' | 'rule'>('resource');
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState('');
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setReason('');
    setUntil('');
    setError(null);
    onClose();
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!target) return;
    if (until && new Date(`${until}T23:59:59Z`).getTime() <= Date.now()) {
      setError('The expiry must be in the future.');
      return;
    }
    const expiresAt = until ? new Date(`${until}T23:59:59Z`).toISOString() : undefined;
    const ids = by === 'rule' ? target.ruleIds : target.resourceIds;
    try {
      let covered = 0;
      for (const id of ids) {
        const mute = await createMute(by === 'rule' ? { ruleId: id, reason, expiresAt } : { resourceId: id, reason, expiresAt }).unwrap();
        covered += mute.applied ?? 0;
      }
      onMuted?.(covered);
      close();
    } catch (err) {
      setError(errorMessage(err, 'Could not mute'));
    }
  };
  const n = target ? (by === 'rule' ? target.ruleIds.length : target.resourceIds.length) : 0;
  return (
    <Dialog
      open={target !== null}
      onClose={close}
      title={`Mute ${target?.label ?? ''}`}
      description="Muted findings stay listed as muted and leave the open counts, scores and notifications. They come back when the mute expires or is removed."
    >
      <form onSubmit={submit}>
        <div className="dialog-body stack">
          <SegmentedControl
            label="Mute"
            value={by}
            onChange={setBy}
            options={[
              { value: 'resource', label: target && target.resourceIds.length > 1 ? `These ${target.resourceIds.length} resources` : 'This resource' },
              { value: 'rule', label: target && target.ruleIds.length > 1 ? `These ${target.ruleIds.length} rules` : 'This rule everywhere' },
            ]}
          />
          <TextField label="Reason" value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={500} placeholder="e.g. accepted risk: public website bucket" />
          <TextField label="Until (optional)" type="date" value={until} onChange={(e) => setUntil(e.target.value)} hint="Leave empty to mute until removed." />
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
          <Button type="submit" variant="primary" loading={isLoading} disabled={!reason.trim() || n === 0} data-testid="mute-submit">
            Mute
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
