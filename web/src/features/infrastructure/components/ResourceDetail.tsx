import { lazy, Suspense } from 'react';
import { Drawer } from '@/components/Dialog';
import { ProviderBadge, StatusBadge } from '@/components/Badge';
import { ErrorState, Skeleton } from '@/components/States';
import { useGetResourceQuery } from '@/lib/api/endpoints';
import { errorMessage } from '@/lib/api/errors';
import type { CloudProvider, Resource } from '@/lib/api/types';
import { formatCurrency, formatDateTime, formatRelative, humanize } from '@/lib/format';
import type { PendingAction } from '../types';
import { ResourceActions } from './ResourceActions';

const MetricsPanel = lazy(() => import('./MetricsPanel'));

function renderSpecValue(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function ResourceDetail({
  id,
  fallback,
  providers,
  canWrite,
  onClose,
  onAction,
}: {
  id: string;
  fallback?: Resource;
  providers: CloudProvider[];
  canWrite: boolean;
  onClose: () => void;
  onAction: (a: PendingAction) => void;
}) {
  const q = useGetResourceQuery(id);
  const r = q.data ?? fallback;
  const account = providers.find((p) => p.id === r?.providerId);
  return (
    <Drawer
      open
      onClose={onClose}
      title={r?.name ?? 'Resource'}
      subtitle={r ? <span className="row"><StatusBadge status={r.status} /> {humanize(r.type)} · {r.region}</span> : undefined}
      actions={r && canWrite ? <ResourceActions resource={r} onAction={onAction} compact /> : undefined}
    >
      {!r && q.isLoading && (
        <div className="stack-sm">
          <Skeleton />
          <Skeleton width="70%" />
          <Skeleton width="50%" />
        </div>
      )}
      {!r && q.error && <ErrorState message={errorMessage(q.error)} onRetry={() => q.refetch()} />}
      {r && (
        <>
          <div className="grid-2">
            <div className="card stat">
              <span className="stat-label">Status</span>
              <span><StatusBadge status={r.status} /></span>
            </div>
            <div className="card stat">
              <span className="stat-label">Monthly cost</span>
              <span className="stat-value" style={{ fontSize: 20 }}>{formatCurrency(r.monthlyCost)}</span>
            </div>
          </div>
          <section>
            <h3 className="section-title">Overview</h3>
            <dl className="kv">
              <dt>ID</dt>
              <dd className="mono">{r.id}</dd>
              {r.externalId && (
                <>
                  <dt>External ID</dt>
                  <dd className="mono">{r.externalId}</dd>
                </>
              )}
              <dt>Type</dt>
              <dd>{humanize(r.type)}</dd>
              <dt>Provider</dt>
              <dd><ProviderBadge provider={r.provider} name={account ? `${account.name}` : undefined} /></dd>
              <dt>Region</dt>
              <dd>{r.region}</dd>
              <dt>Created</dt>
              <dd>{formatDateTime(r.createdAt)}</dd>
              <dt>Updated</dt>
              <dd>{formatRelative(r.updatedAt)}</dd>
              <dt>Last synced</dt>
              <dd>{formatRelative(r.lastSyncedAt)}</dd>
              {r.isDemo && (
                <>
                  <dt>Source</dt>
                  <dd>Demo data</dd>
                </>
              )}
            </dl>
          </section>
          <section>
            <h3 className="section-title">Specification</h3>
            {r.spec && Object.keys(r.spec).length ? (
              <dl className="kv">
                {Object.entries(r.spec).map(([k, v]) => (
                  <div key={k} style={{ display: 'contents' }}>
                    <dt>{humanize(k)}</dt>
                    <dd className="mono">{renderSpecValue(v)}</dd>
                  </div>
                ))}
              </dl>
            ) : (
              <p className="faint">No specification recorded.</p>
            )}
          </section>
          <section>
            <h3 className="section-title">Tags</h3>
            {r.tags && Object.keys(r.tags).length ? (
              <div className="row wrap">
                {Object.entries(r.tags).map(([k, v]) => (
                  <span key={k} className="tag">
                    {k}={v}
                  </span>
                ))}
              </div>
            ) : (
              <p className="faint">No tags.</p>
            )}
          </section>
          <Suspense fallback={<Skeleton height={140} />}>
            <MetricsPanel resourceId={r.id} type={r.type} />
          </Suspense>
        </>
      )}
    </Drawer>
  );
}
