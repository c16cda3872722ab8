import { useState, type FormEvent } from 'react';
import { Badge } from '@/components/Badge';
import { Button } from '@/components/Button';
import { Card, CardHeader } from '@/components/Card';
import { DataTable, type Column } from '@/components/DataTable';
import { Dialog } from '@/components/Dialog';
import { SegmentedControl, TextField } from '@/components/Field';
import { useListProvidersQuery } from '@/lib/api/endpoints';
import { errorMessage } from '@/lib/api/errors';
import type { CostAnomaly } from '@/lib/api/types';
import { useDismissCostAnomalyMutation, useListCostAnomaliesQuery } from '../api/costsApi';
import { formatMoney } from '../utils/money';

const DIMENSIONS: Record<string, string> = { region: 'Region', resource: 'Resource', service: 'Service', account: 'Account' };

function DismissDialog({ anomaly, onClose }: { anomaly: CostAnomaly | null; onClose: () => void }) {
  const [dismiss, { isLoading }] = useDismissCostAnomalyMutation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!anomaly) return;
    try {
      await dismiss({ id: anomaly.id, reason }).unwrap();
      setReason('');
      setError(null);
      onClose();
    } catch (err) {
      setError(errorMessage(err, 'Could not dismiss the anomaly'));
    }
  };
  return (
    <Dialog open={anomaly !== null} onClose={onClose} title="Dismiss anomaly" description="Say why it needs no action; the reason stays with it.">
      <form onSubmit={submit}>
        <div className="dialog-body stack">
          <TextField label="Reason" value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={500} placeholder="e.g. the planned load test" error={error ?? undefined} />
        </div>
        <div className="dialog-footer">
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" loading={isLoading} disabled={!reason.trim()}>
            Dismiss
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/** Cost anomalies per service and account, with what drove each; operators dismiss them with a reason. */
export function AnomaliesPanel({ canDismiss }: { canDismiss: boolean }) {
  const [status, setStatus] = useState<'open' | 'dismissed'>('open');
  const q = useListCostAnomaliesQuery({ status });
  const { data: accounts } = useListProvidersQuery();
  const [dismissing, setDismissing] = useState<CostAnomaly | null>(null);
  const accountName = (id: string) => accounts?.find((a) => a.id === id)?.name ?? id;
  const label = (dimension: string, key: string) => (dimension === 'account' ? accountName(key) : key || 'Not set');

  const columns: Column<CostAnomaly>[] = [
    { key: 'date', header: 'Started', render: (a) => (a.days > 1 ? `${a.date} (${a.days} days)` : a.date) },
    {
      key: 'scope',
      header: 'Where',
      render: (a) => (
        <div>
          <div className="cell-title">{label(a.scope.dimension, a.scope.key)}</div>
          <div className="cell-sub">{DIMENSIONS[a.scope.dimension] ?? a.scope.dimension}</div>
        </div>
      ),
    },
    {
      key: 'impact',
      header: 'Impact',
      align: 'right',
      render: (a) => (
        <div>
          <div className={a.impact > 0 ? 'cost-up' : 'cost-down'}>
            {a.impact > 0 ? '+' : '−'}
            {formatMoney(Math.abs(a.impact), a.currency)}
          </div>
          <div className="cell-sub">
            {formatMoney(a.actual, a.currency)} vs {formatMoney(a.expected, a.currency)} expected
          </div>
        </div>
      ),
    },
    {
      key: 'drivers',
      header: 'Driven by',
      render: (a) =>
        a.drivers.length ? (
          <ul className="anomaly-drivers">
            {a.drivers.slice(0, 4).map((d) => (
              <li key={`${d.dimension}:${d.key}`}>
                <span className="muted">{DIMENSIONS[d.dimension] ?? d.dimension}</span> {label(d.dimension, d.key)}{' '}
                <span className="muted">({(d.share * 100).toFixed(0)}%)</span>
              </li>
            ))}
          </ul>
        ) : (
          <span className="muted">—</span>
        ),
    },
    {
      key: 'status',
      header: 'Status',
      render: (a) =>
        a.status === 'dismissed' ? (
          <div>
            <Badge>Dismissed</Badge>
            {a.dismissedReason && <div className="cell-sub">{a.dismissedReason}</div>}
          </div>
        ) : canDismiss ? (
          <Button size="sm" onClick={() => setDismissing(a)} aria-label={`Dismiss: ${label(a.scope.dimension, a.scope.key)} on ${a.date}`}>
            Dismiss
          </Button>
        ) : (
          <Badge tone="warning" dot>
            Open
          </Badge>
        ),
    },
  ];

  return (
    <Card>
      <CardHeader
        title="Anomalies"
        description="Days far from their usual level (the same weekday over the previous weeks), per service and account."
        actions={<SegmentedControl label="Show" value={status} onChange={setStatus} options={[{ value: 'open', label: 'Open' }, { value: 'dismissed', label: 'Dismissed' }]} />}
      />
      <DataTable
        caption="Cost anomalies"
        columns={columns}
        rows={q.data}
        getRowId={(a) => a.id}
        loading={q.isLoading}
        error={q.error ? errorMessage(q.error) : null}
        onRetry={q.refetch}
        skeletonRows={3}
        empty={<p className="muted" style={{ padding: 16 }}>{status === 'open' ? 'No open anomalies in the last 30 days.' : 'No dismissed anomalies.'}</p>}
        testId="cost-anomalies"
      />
      <DismissDialog anomaly={dismissing} onClose={() => setDismissing(null)} />
    </Card>
  );
}
