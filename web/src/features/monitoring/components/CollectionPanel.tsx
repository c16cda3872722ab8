import { useState, type FormEvent } from 'react';
import { Badge, ProviderBadge } from '@/components/Badge';
import { Button } from '@/components/Button';
import { Card, CardHeader } from '@/components/Card';
import { Checkbox, SelectField, Switch, TextField } from '@/components/Field';
import { EmptyState, ErrorState, Skeleton } from '@/components/States';
import { IconCloud } from '@/components/icons';
import { errorMessage } from '@/lib/api/errors';
import { serverFormErrors } from '@/lib/api/formErrors';
import type { MonitoringCollection, MonitoringCollectionPatch } from '@/lib/api/types';
import { formatNumber, formatRelative, humanize } from '@/lib/format';
import { useToast } from '@/lib/toast/useToast';
import { useListCollectionQuery, useUpdateCollectionMutation } from '../api/monitoringApi';

const INTERVALS = [60, 120, 300, 600, 900, 1800, 3600];
/** The resource types collection can read metrics of (api/openapi.yaml MonitoringWatchableType). */
const WATCHABLE: NonNullable<MonitoringCollectionPatch['watchedTypes']> = ['server', 'database', 'load_balancer', 'function', 'kubernetes_cluster', 'container', 'cache'];
const intervalLabel = (s: number) => (s < 3600 ? `Every ${s / 60} min` : 'Every hour');

/** One account's collection: read-only for most, a form for admins. */
function AccountCollection({ entry, canEdit }: { entry: MonitoringCollection; canEdit: boolean }) {
  const [update, { isLoading }] = useUpdateCollectionMutation();
  const toast = useToast();
  const [form, setForm] = useState({ interval: entry.intervalSeconds, types: entry.watchedTypes as string[], tag: entry.watchTag ?? '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [seen, setSeen] = useState(entry);
  if (seen !== entry) {
    // The server's answer (or a refetch) is the new starting point.
    setSeen(entry);
    setForm({ interval: entry.intervalSeconds, types: entry.watchedTypes, tag: entry.watchTag ?? '' });
  }
  const dirty = form.interval !== entry.intervalSeconds || form.tag !== (entry.watchTag ?? '') || [...form.types].sort().join() !== [...entry.watchedTypes].sort().join();
  const save = async (patch: MonitoringCollectionPatch) => {
    try {
      await update({ providerId: entry.providerId, patch }).unwrap();
      setErrors({});
      return true;
    } catch (e) {
      const r = serverFormErrors(e, ['intervalSeconds', 'watchedTypes', 'watchTag', 'enabled'], 'Could not save the collection settings');
      setErrors(r.fields);
      if (r.formError) toast.error('Could not save the collection settings', r.formError);
      return false;
    }
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (form.tag.trim().startsWith('=')) {
      setErrors({ watchTag: 'key=value or key' });
      return;
    }
    if (form.types.length === 0) {
      setErrors({ watchedTypes: 'Watch at least one type' });
      return;
    }
    if (await save({ intervalSeconds: form.interval, watchedTypes: form.types as MonitoringCollectionPatch['watchedTypes'], watchTag: form.tag.trim() || null })) {
      toast.success(`Saved the collection of ${entry.providerName}`);
    }
  };
  return (
    <li className="monitoring-account" data-testid="collection-account">
      <div className="row-between">
        <div className="row wrap">
          <ProviderBadge provider={entry.provider} name={entry.providerName} />
          {entry.lastError ? <Badge tone="danger">Error</Badge> : entry.enabled ? <Badge tone="success" dot>Collecting</Badge> : <Badge>Off</Badge>}
        </div>
        {canEdit ? (
          <Switch checked={entry.enabled} busy={isLoading} label={`Collect metrics of ${entry.providerName}`} onChange={(enabled) => void save({ enabled })} />
        ) : null}
      </div>
      <p className="muted">
        {entry.lastCollectedAt ? `Last collected ${formatRelative(entry.lastCollectedAt)}` : 'Not collected yet'} · {formatNumber(entry.series)} series
        {!canEdit && ` · ${intervalLabel(entry.intervalSeconds).toLowerCase()} · ${entry.watchedTypes.map(humanize).join(', ') || 'no types'}${entry.watchTag ? ` and tag ${entry.watchTag}` : ''}`}
      </p>
      {entry.lastError && (
        <p className="field-error" role="status">
          {entry.lastError}
        </p>
      )}
      {canEdit && (
        <form onSubmit={submit} className="stack-sm">
          <div className="grid-2">
            <SelectField label="Interval" value={form.interval} onChange={(e) => setForm({ ...form, interval: Number(e.target.value) })} error={errors.intervalSeconds}>
              {[...new Set([...INTERVALS, entry.intervalSeconds])].sort((a, b) => a - b).map((s) => (
                <option key={s} value={s}>
                  {intervalLabel(s)}
                </option>
              ))}
            </SelectField>
            <TextField label="Also watch the tag" value={form.tag} onChange={(e) => setForm({ ...form, tag: e.target.value })} placeholder="monitor=true" hint="key=value or key" error={errors.watchTag} />
          </div>
          <fieldset className="monitoring-fieldset">
            <legend className="field-label">Watched types</legend>
            <div className="row wrap">
              {WATCHABLE.map((t) => (
                <Checkbox
                  key={t}
                  label={humanize(t)}
                  checked={form.types.includes(t)}
                  onChange={(e) => setForm({ ...form, types: e.target.checked ? [...form.types, t] : form.types.filter((x) => x !== t) })}
                />
              ))}
            </div>
            {errors.watchedTypes && (
              <p className="field-error" role="alert">
                {errors.watchedTypes}
              </p>
            )}
          </fieldset>
          <div>
            <Button type="submit" size="sm" variant="primary" disabled={!dirty} loading={isLoading}>
              Save
            </Button>
          </div>
        </form>
      )}
    </li>
  );
}

/** Metrics collection per cloud account: what is watched, how often, how the last run went; admins change it. */
export function CollectionPanel({ canEdit }: { canEdit: boolean }) {
  const q = useListCollectionQuery();
  return (
    <Card>
      <CardHeader
        title="Collection"
        description="Each account's watched resources are read from its provider into the metrics store at its interval."
      />
      {q.isLoading ? (
        <div className="card-body">
          <Skeleton height={160} />
        </div>
      ) : q.error ? (
        <ErrorState title="Could not load the collection settings" message={errorMessage(q.error)} onRetry={q.refetch} />
      ) : !q.data?.length ? (
        <EmptyState title="No cloud accounts" description="Connect a cloud account to collect its metrics." icon={<IconCloud />} />
      ) : (
        <ul className="monitoring-accounts" data-testid="monitoring-collection">
          {q.data.map((e) => (
            <AccountCollection key={e.providerId} entry={e} canEdit={canEdit} />
          ))}
        </ul>
      )}
    </Card>
  );
}
