import { useId, useState, type FormEvent } from 'react';
import { Button } from '@/components/Button';
import { Dialog } from '@/components/Dialog';
import { Checkbox, SegmentedControl, TextAreaField, TextField } from '@/components/Field';
import { serverFormErrors } from '@/lib/api/formErrors';
import type { Silence, SilenceMatcher } from '@/lib/api/types';
import { useCreateSilenceMutation } from '../api/monitoringApi';

/** The label names every alert carries (plus its rule's own labels). */
export const MATCHER_LABELS = ['alertname', 'severity', 'resourceId', 'resourceName', 'type', 'providerId', 'region'];

const DURATIONS = { '1h': 3600, '4h': 4 * 3600, '1d': 86400 } as const;
type DurationKey = keyof typeof DURATIONS | 'custom';

const blank = (): SilenceMatcher => ({ name: '', value: '', isRegex: false });

/**
 * Create a silence: matchers over alert labels (all must match), how long, and why. Opened empty
 * from the Silences tab, or pre-filled from an alert (alertname + resourceId).
 */
export function SilenceDialog({
  initial,
  onClose,
  onCreated,
}: {
  /** The matchers to start from; null keeps the dialog closed. */
  initial: SilenceMatcher[] | null;
  onClose: () => void;
  onCreated?: (s: Silence) => void;
}) {
  const open = initial !== null;
  const [seen, setSeen] = useState<SilenceMatcher[] | null>(null);
  const [matchers, setMatchers] = useState<SilenceMatcher[]>([blank()]);
  const [duration, setDuration] = useState<DurationKey>('1h');
  const [customEnd, setCustomEnd] = useState('');
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [create, { isLoading }] = useCreateSilenceMutation();
  const listId = useId();
  if (initial !== seen) {
    // A new opening starts from what the caller pre-filled.
    setSeen(initial);
    if (initial) {
      setMatchers(initial.length ? initial.map((m) => ({ ...m })) : [blank()]);
      setDuration('1h');
      setCustomEnd('');
      setComment('');
      setErrors({});
      setFormError(null);
    }
  }
  const update = (i: number, patch: Partial<SilenceMatcher>) => setMatchers((ms) => ms.map((m, j) => (j === i ? { ...m, ...patch } : m)));

  const validate = (): { endsAt?: string; errs: Record<string, string> } => {
    const errs: Record<string, string> = {};
    matchers.forEach((m, i) => {
      if (!m.name.trim()) errs[`matchers[${i}].name`] = 'Name a label';
      if (!m.value.trim()) errs[`matchers[${i}].value`] = 'Give a value';
      if (m.isRegex && m.value) {
        try {
          new RegExp(m.value);
        } catch {
          errs[`matchers[${i}].value`] = 'Not a valid regular expression';
        }
      }
    });
    if (matchers.length === 0) errs.matchers = 'Add at least one matcher';
    let endsAt: string | undefined;
    if (duration === 'custom') {
      const t = customEnd ? new Date(customEnd).getTime() : NaN;
      if (Number.isNaN(t)) errs.endsAt = 'Choose when the silence ends';
      else if (t <= Date.now()) errs.endsAt = 'The end must be in the future';
      else endsAt = new Date(t).toISOString();
    } else {
      endsAt = new Date(Date.now() + DURATIONS[duration] * 1000).toISOString();
    }
    if (!comment.trim()) errs.comment = 'Say why';
    return { endsAt, errs };
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const { endsAt, errs } = validate();
    setErrors(errs);
    setFormError(null);
    if (Object.keys(errs).length || !endsAt) return;
    try {
      const s = await create({
        matchers: matchers.map((m) => ({ name: m.name.trim(), value: m.value, isRegex: m.isRegex })),
        endsAt,
        comment: comment.trim(),
      }).unwrap();
      onCreated?.(s);
      onClose();
    } catch (err) {
      const visible = ['endsAt', 'comment', 'matchers', ...matchers.flatMap((_, i) => [`matchers[${i}].name`, `matchers[${i}].value`])];
      const r = serverFormErrors(err, visible, 'Could not create the silence');
      setErrors(r.fields);
      setFormError(r.formError);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="lg"
      title="Silence alerts"
      description="Alerts whose labels match every matcher keep their state but send no notification until the silence ends."
    >
      <form onSubmit={submit} noValidate>
        <div className="dialog-body stack">
          <fieldset className="monitoring-matchers">
            <legend className="field-label">Matchers</legend>
            <datalist id={listId}>
              {MATCHER_LABELS.map((l) => (
                <option key={l} value={l} />
              ))}
            </datalist>
            {matchers.map((m, i) => (
              <div className="monitoring-matcher" key={i} data-testid="silence-matcher">
                <TextField
                  label={`Label ${i + 1}`}
                  value={m.name}
                  list={listId}
                  onChange={(e) => update(i, { name: e.target.value })}
                  error={errors[`matchers[${i}].name`]}
                  placeholder="alertname"
                />
                <TextField
                  label={`Value ${i + 1}`}
                  value={m.value}
                  onChange={(e) => update(i, { value: e.target.value })}
                  error={errors[`matchers[${i}].value`]}
                  className={m.isRegex ? 'mono' : undefined}
                />
                <Checkbox label="Regex" checked={m.isRegex} onChange={(e) => update(i, { isRegex: e.target.checked })} aria-label={`Matcher ${i + 1} is a regular expression`} />
                <Button size="sm" variant="ghost" onClick={() => setMatchers((ms) => ms.filter((_, j) => j !== i))} disabled={matchers.length === 1} aria-label={`Remove matcher ${i + 1}`}>
                  Remove
                </Button>
              </div>
            ))}
            {errors.matchers && (
              <p className="field-error" role="alert">
                {errors.matchers}
              </p>
            )}
            <div>
              <Button size="sm" onClick={() => setMatchers((ms) => [...ms, blank()])}>
                Add matcher
              </Button>
            </div>
          </fieldset>
          <div className="stack-sm">
            <span className="field-label" aria-hidden="true">
              Ends in
            </span>
            <SegmentedControl
              label="Ends in"
              value={duration}
              onChange={setDuration}
              options={[
                { value: '1h', label: '1 hour' },
                { value: '4h', label: '4 hours' },
                { value: '1d', label: '1 day' },
                { value: 'custom', label: 'Custom' },
              ]}
            />
            {duration === 'custom' && (
              <TextField label="Ends at" type="datetime-local" value={customEnd} onChange={(e) => setCustomEnd(e.target.value)} error={errors.endsAt} hint="In your browser's time zone." />
            )}
            {duration !== 'custom' && errors.endsAt && (
              <p className="field-error" role="alert">
                {errors.endsAt}
              </p>
            )}
          </div>
          <TextAreaField
            label="Comment"
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            rows={2}
            maxLength={2000}
            error={errors.comment}
            placeholder="e.g. planned maintenance of the billing database"
          />
          {formError && (
            <p className="field-error" role="alert">
              {formError}
            </p>
          )}
        </div>
        <div className="dialog-footer">
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" loading={isLoading} data-testid="silence-submit">
            Create silence
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
