import { useState } from 'react';
import { Button } from '@/components/Button';
import { Card, CardHeader } from '@/components/Card';
import { DataTable, type Column } from '@/components/DataTable';
import { ConfirmDialog, Dialog } from '@/components/Dialog';
import { SegmentedControl, TextAreaField } from '@/components/Field';
import { EmptyState } from '@/components/States';
import { errorMessage } from '@/lib/api/errors';
import type { CostRecommendation, CostRecommendationKind } from '@/lib/api/types';
import { useToast } from '@/lib/toast/useToast';
import {
  useApplyRecommendationMutation,
  useDismissRecommendationMutation,
  useListRecommendationsQuery,
} from '../api/recommendationsApi';
import { formatMoney } from '../utils/money';

export const KIND_LABELS: Record<CostRecommendationKind, string> = {
  idle_server: 'Idle servers',
  rightsize_server: 'Oversized servers',
  unattached_volume: 'Unattached volumes',
  stopped_server_storage: 'Stopped servers still paying for disks',
  idle_load_balancer: 'Idle load balancers',
  old_snapshot: 'Old snapshots',
  idle_public_ip: 'Unused public IPs',
  commitment: 'Commitment coverage',
};
const KIND_ORDER = Object.keys(KIND_LABELS) as CostRecommendationKind[];

const ACTION_LABELS = { stop: 'Stop', delete: 'Delete', resize: 'Resize' } as const;

function actionLabel(r: CostRecommendation): string | null {
  const kind = r.action?.kind;
  if (kind === 'delete' && r.kind === 'idle_public_ip') return 'Release'; // an address is released, not deleted
  return kind ? ACTION_LABELS[kind] : null;
}

function confirmMessage(r: CostRecommendation): string {
  const name = r.resourceName;
  switch (r.action?.kind) {
    case 'stop':
      return `Stop ${name}? It stops serving until someone starts it again; its disks stay.`;
    case 'delete':
      if (r.kind === 'idle_public_ip') return `Release ${name}? The address goes back to the cloud and may not be yours again.`;
      if (r.kind === 'old_snapshot') return `Delete snapshot ${name}? This cannot be undone.`;
      return `Delete ${name}? This cannot be undone — its data is gone unless you snapshotted it.`;
    case 'resize':
      return `Resize ${name} from ${r.action.from ?? 'its size'} to ${r.action.to ?? 'the smaller size'}? The provider may restart it.`;
    default:
      return '';
  }
}

/**
 * Savings recommendations (idle and oversized servers, unattached volumes, stopped servers'
 * disks, idle load balancers, old snapshots, unused public IPs, savings plans): the open total on top, a table per kind, and for operators a one-click
 * action (after a confirmation) and dismissing with a reason.
 */
export function RecommendationsCard({ canAct }: { canAct: boolean }) {
  const [status, setStatus] = useState<'open' | 'dismissed'>('open');
  const list = useListRecommendationsQuery({ status });
  const [apply, applying] = useApplyRecommendationMutation();
  const [dismiss, dismissing] = useDismissRecommendationMutation();
  const [confirming, setConfirming] = useState<CostRecommendation | null>(null);
  const [dismissingRec, setDismissingRec] = useState<CostRecommendation | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const toast = useToast();
  const items = list.data?.items;

  async function confirmApply() {
    const r = confirming;
    if (!r) return;
    try {
      await apply(r.id).unwrap();
      toast.success(`${actionLabel(r)} requested`, r.resourceName);
    } catch (e) {
      toast.error(`Could not apply the recommendation for ${r.resourceName}`, errorMessage(e));
    } finally {
      setConfirming(null);
    }
  }

  async function submitDismiss() {
    const r = dismissingRec;
    if (!r) return;
    if (!reason.trim()) {
      setReasonError('Say why, so others know it was looked at.');
      return;
    }
    try {
      await dismiss({ id: r.id, reason: reason.trim() }).unwrap();
      toast.success('Recommendation dismissed', r.resourceName);
      setDismissingRec(null);
    } catch (e) {
      setReasonError(errorMessage(e));
    }
  }

  const columns: Column<CostRecommendation>[] = [
    {
      key: 'title',
      header: 'Recommendation',
      render: (r) => (
        <div className="rec-text">
          <div className="cell-title">{r.title}</div>
          <div className="muted">{r.detail}</div>
        </div>
      ),
    },
    { key: 'region', header: 'Region', width: 140, render: (r) => r.region || '—' },
    { key: 'saving', header: 'Monthly saving', align: 'right', width: 150, render: (r) => formatMoney(r.monthlySavings, r.currency) },
    {
      key: 'actions',
      header: <span className="sr-only">Actions</span>,
      align: 'right',
      width: 220,
      render: (r) =>
        r.status === 'dismissed' ? (
          <span className="muted">{r.dismissedReason}</span>
        ) : canAct ? (
          <div className="row" style={{ justifyContent: 'flex-end' }}>
            {actionLabel(r) && r.status === 'open' && (
              <Button size="sm" variant="primary" onClick={() => setConfirming(r)} aria-label={`${actionLabel(r)} ${r.resourceName}`}>
                {actionLabel(r)}
              </Button>
            )}
            {r.status === 'open' && (
              <Button
                size="sm"
                onClick={() => {
                  setDismissingRec(r);
                  setReason('');
                  setReasonError(null);
                }}
                aria-label={`Dismiss the recommendation for ${r.resourceName}`}
              >
                Dismiss
              </Button>
            )}
            {r.status === 'applied' && <span className="muted">Applied</span>}
          </div>
        ) : null,
    },
  ];

  const total = list.data ? formatMoney(list.data.totalMonthlySavings, list.data.currency ?? 'USD') : null;
  const kinds = KIND_ORDER.filter((k) => items?.some((r) => r.kind === k));

  let body;
  if (list.error) {
    body = (
      <DataTable
        caption="Savings recommendations"
        columns={columns}
        rows={undefined}
        getRowId={(r) => r.id}
        error={`Could not load recommendations: ${errorMessage(list.error)}`}
        onRetry={list.refetch}
      />
    );
  } else if (!items) {
    body = <DataTable caption="Savings recommendations" columns={columns} rows={undefined} getRowId={(r) => r.id} loading />;
  } else if (items.length === 0) {
    body = (
      <EmptyState
        title={status === 'open' ? 'No savings found' : 'Nothing dismissed'}
        description={
          status === 'open'
            ? 'Recommendations appear after each sync: idle or oversized servers, unattached volumes, stopped servers, idle load balancers and savings plans.'
            : 'Dismissed recommendations are listed here with their reason.'
        }
      />
    );
  } else {
    body = kinds.map((kind) => (
      <section key={kind} aria-label={KIND_LABELS[kind]} className="rec-kind">
        <h3 className="rec-kind-title">
          {KIND_LABELS[kind]}{' '}
          <span className="muted">
            · {items.filter((r) => r.kind === kind).length} ·{' '}
            {formatMoney(
              items.filter((r) => r.kind === kind).reduce((a, r) => a + r.monthlySavings, 0),
              items.find((r) => r.kind === kind)?.currency ?? 'USD',
            )}{' '}
            a month
          </span>
        </h3>
        <DataTable
          caption={KIND_LABELS[kind]}
          columns={columns}
          rows={items.filter((r) => r.kind === kind)}
          getRowId={(r) => r.id}
          testId={`recommendations-${kind}`}
        />
      </section>
    ));
  }

  return (
    <Card data-testid="cost-recommendations">
      <CardHeader
        title="Savings recommendations"
        description={
          status === 'open' && total !== null ? (
            <span data-testid="recommendations-total">{`${total} a month could be saved`}</span>
          ) : (
            'Dismissed recommendations and why'
          )
        }
        actions={
          <SegmentedControl
            label="Recommendations to show"
            value={status}
            options={[
              { value: 'open', label: 'Open' },
              { value: 'dismissed', label: 'Dismissed' },
            ]}
            onChange={setStatus}
          />
        }
      />
      <div aria-busy={list.isFetching || undefined}>{body}</div>
      <ConfirmDialog
        open={confirming !== null}
        title={confirming ? `${actionLabel(confirming)} ${confirming.resourceName}?` : ''}
        message={confirming ? confirmMessage(confirming) : ''}
        confirmLabel={confirming ? actionLabel(confirming) ?? 'Apply' : 'Apply'}
        danger={confirming?.action?.kind === 'delete'}
        loading={applying.isLoading}
        onConfirm={confirmApply}
        onCancel={() => setConfirming(null)}
      />
      <Dialog
        open={dismissingRec !== null}
        title="Dismiss recommendation"
        description={dismissingRec?.title}
        onClose={() => setDismissingRec(null)}
        footer={
          <>
            <Button onClick={() => setDismissingRec(null)}>Cancel</Button>
            <Button variant="primary" onClick={submitDismiss} loading={dismissing.isLoading}>
              Dismiss
            </Button>
          </>
        }
      >
        <div className="dialog-body">
          <TextAreaField
            label="Reason"
            value={reason}
            required
            maxLength={500}
            error={reasonError ?? undefined}
            onChange={(e) => {
              setReason(e.target.value);
              setReasonError(null);
            }}
            data-autofocus
          />
        </div>
      </Dialog>
    </Card>
  );
}
