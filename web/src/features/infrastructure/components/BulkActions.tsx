import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Button } from '@/components/Button';
import { Dialog } from '@/components/Dialog';
import { TextField } from '@/components/Field';
import { ProgressBar } from '@/components/States';
import { IconPlay, IconPlus, IconStop, IconTrash, IconX } from '@/components/icons';
import type { BulkRun } from '../hooks/useBulkRunner';
import { plural, summarizeSkipped, type BulkKind, type BulkPlan } from '../utils/bulk';
import { TAG_LIMITS } from '../utils/tags';

/** The bar above the table while rows are selected. */
export function BulkActionBar({
  count,
  onAction,
  onClear,
}: {
  count: number;
  onAction: (kind: BulkKind) => void;
  onClear: () => void;
}) {
  return (
    <div className="bulk-bar" role="region" aria-label="Bulk actions" data-testid="bulk-bar">
      <strong aria-live="polite" data-testid="bulk-count">
        {plural(count, 'resource')} selected
      </strong>
      <div className="row wrap">
        <Button size="sm" icon={<IconPlay />} onClick={() => onAction('start')} data-testid="bulk-start">
          Start
        </Button>
        <Button size="sm" icon={<IconStop />} onClick={() => onAction('stop')} data-testid="bulk-stop">
          Stop
        </Button>
        <Button size="sm" icon={<IconPlus />} onClick={() => onAction('tag')} data-testid="bulk-tag">
          Add tag…
        </Button>
        <Button size="sm" variant="danger" icon={<IconTrash />} onClick={() => onAction('delete')} data-testid="bulk-delete">
          Delete…
        </Button>
        <Button size="sm" variant="ghost" icon={<IconX />} onClick={onClear}>
          Clear selection
        </Button>
      </div>
    </div>
  );
}

const COPY: Record<BulkKind, { verb: string; past: string; noun: string }> = {
  start: { verb: 'Start', past: 'started', noun: 'start' },
  stop: { verb: 'Stop', past: 'stopped', noun: 'stop' },
  tag: { verb: 'Tag', past: 'tagged', noun: 'tag' },
  delete: { verb: 'Delete', past: 'deleted', noun: 'delete' },
};

function confirmLabel(kind: BulkKind, n: number): string {
  if (kind === 'tag') return `Add tag to ${plural(n, 'resource')}`;
  return `${COPY[kind].verb} ${plural(n, 'resource')}`;
}

/**
 * Confirm → progress → summary of a bulk action. Says how many resources it applies to and why
 * the others are skipped; Delete is an alert dialog naming the count.
 */
export function BulkDialog({
  plan,
  selectedCount,
  run,
  onConfirm,
  onCancelRun,
  onClose,
}: {
  plan: BulkPlan | null;
  selectedCount: number;
  run: BulkRun | null;
  onConfirm: (tag?: { key: string; value: string }) => void;
  onCancelRun: () => void;
  onClose: () => void;
}) {
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [tried, setTried] = useState(false);
  const phase = !run ? 'confirm' : run.running ? 'running' : 'done';
  const phaseButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (plan) {
      setKey('');
      setValue('');
      setTried(false);
    }
  }, [plan]);
  // The confirm button goes away once the run starts: keep keyboard focus in the dialog.
  useEffect(() => {
    if (phase !== 'confirm') phaseButton.current?.focus();
  }, [phase]);
  if (!plan) return null;
  const { kind, apply, skipped } = plan;
  const copy = COPY[kind];
  const n = apply.length;
  const skippedLines = summarizeSkipped(kind, skipped);
  const keyError = !key.trim() ? 'Enter a key' : key.trim().length > TAG_LIMITS.keyLength ? `At most ${TAG_LIMITS.keyLength} characters` : undefined;
  const valueError = value.trim().length > TAG_LIMITS.valueLength ? `At most ${TAG_LIMITS.valueLength} characters` : undefined;

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (kind === 'tag') {
      setTried(true);
      if (keyError || valueError) return;
      onConfirm({ key: key.trim(), value: value.trim() });
    } else onConfirm();
  };

  const title =
    phase === 'done'
      ? run!.cancelled
        ? `${copy.verb} cancelled`
        : run!.failures.length
          ? `${copy.verb}: ${plural(run!.failures.length, 'failure')}`
          : `${copy.verb} done`
      : n === 0
        ? `Nothing to ${copy.noun}`
        : kind === 'delete'
          ? `Delete ${plural(n, 'resource')}?`
          : kind === 'tag'
            ? `Add a tag to ${plural(n, 'resource')}`
            : `${copy.verb} ${plural(n, 'resource')}?`;

  const footer =
    phase === 'confirm' ? (
      <>
        <Button onClick={onClose} data-autofocus={kind !== 'tag' || undefined}>
          {n === 0 ? 'Close' : 'Cancel'}
        </Button>
        {n > 0 && (
          <Button variant={kind === 'delete' || kind === 'stop' ? 'danger' : 'primary'} onClick={() => submit()} data-testid="bulk-confirm">
            {confirmLabel(kind, n)}
          </Button>
        )}
      </>
    ) : phase === 'running' ? (
      <Button ref={phaseButton} onClick={onCancelRun} data-testid="bulk-cancel">
        Cancel remaining
      </Button>
    ) : (
      <Button ref={phaseButton} variant="primary" onClick={onClose} data-autofocus data-testid="bulk-close">
        Close
      </Button>
    );

  return (
    <Dialog open title={title} onClose={phase === 'running' ? onCancelRun : onClose} role={kind === 'delete' && phase === 'confirm' ? 'alertdialog' : 'dialog'} footer={footer}>
      <div className="dialog-body" data-testid="bulk-dialog">
        {phase === 'confirm' && (
          <>
            <p className="muted" data-testid="bulk-summary">
              {n === 0
                ? `None of the ${plural(selectedCount, 'selected resource')} can be ${copy.past}.`
                : n === selectedCount
                  ? kind === 'delete'
                    ? `This permanently removes ${n === 1 ? 'it' : `these ${plural(n, 'resource')}`} from ${n === 1 ? 'its cloud account' : 'their cloud accounts'}. This cannot be undone.`
                    : `All ${plural(n, 'selected resource')} will be ${copy.past}.`
                  : `${n.toLocaleString('en-US')} of the ${plural(selectedCount, 'selected resource')} will be ${copy.past}.${kind === 'delete' ? ' This cannot be undone.' : ''}`}
            </p>
            {skippedLines.length > 0 && (
              <div data-testid="bulk-skipped">
                <p className="muted">Skipped:</p>
                <ul className="bulk-list">
                  {skippedLines.map((l) => (
                    <li key={l}>{l}</li>
                  ))}
                </ul>
              </div>
            )}
            {kind === 'tag' && n > 0 && (
              <form className="grid-2" onSubmit={submit} noValidate>
                <TextField label="Key" value={key} onChange={(e) => setKey(e.target.value)} error={tried ? keyError : undefined} placeholder="env" autoComplete="off" data-testid="bulk-tag-key" />
                <TextField label="Value" value={value} onChange={(e) => setValue(e.target.value)} error={tried ? valueError : undefined} placeholder="prod" autoComplete="off" data-testid="bulk-tag-value" />
                <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
              </form>
            )}
            {kind === 'tag' && n > 0 && <p className="field-hint">Other tags stay; a tag with the same key gets the new value.</p>}
          </>
        )}
        {phase !== 'confirm' && run && (
          <>
            <ProgressBar value={run.total ? (run.done / run.total) * 100 : 100} label={`${copy.verb} progress`} />
            <p aria-live="polite" data-testid="bulk-progress">
              {run.done.toLocaleString('en-US')} of {plural(run.total, 'resource')} done
              {run.failures.length > 0 && ` · ${plural(run.failures.length, 'failure')}`}
            </p>
          </>
        )}
        {phase === 'done' && run && (
          <div className="stack-sm" data-testid="bulk-result">
            <p>
              {plural(run.succeeded.length, 'resource')} {copy.past}
              {run.cancelled && `; ${(run.total - run.done).toLocaleString('en-US')} not attempted`}
              {skipped.length > 0 && `; ${skipped.length.toLocaleString('en-US')} skipped`}.
            </p>
            {run.failures.length > 0 && (
              <>
                <p className="muted">These failed and stay selected:</p>
                <ul className="bulk-list" data-testid="bulk-failures">
                  {run.failures.map((f) => (
                    <li key={f.resource.id}>
                      <strong>{f.resource.name}</strong>: {f.message}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        )}
      </div>
    </Dialog>
  );
}
