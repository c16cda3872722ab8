import { lazy, Suspense, useEffect } from 'react';
import { Drawer } from '@/components/Dialog';
import { ProviderBadge } from '@/components/Badge';
import { ErrorState, Skeleton } from '@/components/States';
import { useGetResourceQuery } from '@/lib/api/endpoints';
import { errorMessage } from '@/lib/api/errors';
import type { CloudProvider, Resource } from '@/lib/api/types';
import { formatCurrency, formatDateTime, formatRelative } from '@/lib/format';
import { typeLabel, type PendingAction } from '../types';
import type { Transition } from '../utils/actions';
import { specIsCode, specLabel, specValue } from '../utils/specLabels';
import { ResourceActions } from './ResourceActions';
import { ResourceStatus } from './ResourceStatus';
import { ResourceTags } from './TagEditor';

const MetricsPanel = lazy(() => import('./MetricsPanel'));
const ResourceCostPanel = lazy(() => import('./ResourceCostPanel'));
const ResourceFindingsPanel = lazy(() => import('./ResourceFindingsPanel'));

export function ResourceDetail({
  id,
  fallback,
  providers,
  canWrite,
  transition,
  onClose,
  onAction,
  onObserve,
}: {
  id: string;
  fallback?: Resource;
  providers: CloudProvider[];
  canWrite: boolean;
  transition?: Transition;
  onClose: () => void;
  onAction: (a: PendingAction) => void;
  /** Told about every fresh copy of the resource (ends a transition it shows). */
  onObserve?: (r: Resource) => void;
}) {
  const q = useGetResourceQuery(id);
  const r = q.data ?? fallback;
  useEffect(() => {
    if (q.data) onObserve?.(q.data);
  }, [q.data, onObserve]);
  const account = providers.find((p) => p.id === r?.providerId);
  return (
    <Drawer
      open
      onClose={onClose}
      title={r?.name ?? 'Resource'}
      subtitle={
        r ? (
          <span className="row wrap">
            <ResourceStatus status={r.status} transition={transition} /> {typeLabel(r.type)} · {r.region}
          </span>
        ) : undefined
      }
      actions={r && canWrite ? <ResourceActions resource={r} transition={transition} onAction={onAction} compact /> : undefined}
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
              <span data-testid="detail-status">
                <ResourceStatus status={r.status} transition={transition} />
              </span>
            </div>
            <div className="card stat">
              <span className="stat-label" title="At list price, from the inventory; the Cost section below is the bill">Monthly cost (est.)</span>
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
              <dd>{typeLabel(r.type)}</dd>
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
              <dl className="kv" data-testid="resource-spec">
                {Object.entries(r.spec).map(([k, v]) => (
                  <div key={k} style={{ display: 'contents' }}>
                    <dt title={k}>{specLabel(k)}</dt>
                    <dd className={specIsCode(k, v) ? 'mono' : undefined}>{specValue(v)}</dd>
                  </div>
                ))}
              </dl>
            ) : (
              <p className="faint">No specification recorded.</p>
            )}
          </section>
          <ResourceTags resource={r} canWrite={canWrite} />
          <Suspense fallback={<Skeleton height={60} />}>
            <ResourceFindingsPanel resourceId={r.id} />
          </Suspense>
          <Suspense fallback={<Skeleton height={140} />}>
            <ResourceCostPanel resourceId={r.id} />
          </Suspense>
          {!['account', 'identity', 'key'].includes(r.type) && (  // an account's security scope has no metrics
            <Suspense fallback={<Skeleton height={140} />}>
              <MetricsPanel resourceId={r.id} type={r.type} />
            </Suspense>
          )}
        </>
      )}
    </Drawer>
  );
}
