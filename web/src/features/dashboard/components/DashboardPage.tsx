import { lazy, Suspense, useState } from 'react';
import { Link } from 'react-router';
import { Button } from '@/components/Button';
import { Card, CardHeader, PageHeader, Stat } from '@/components/Card';
import { ProviderBadge, StatusBadge } from '@/components/Badge';
import { EmptyState, ErrorState, Skeleton } from '@/components/States';
import { SyncProgress } from '@/components/SyncProgress';
import { IconCloud, IconCoin, IconRefresh, IconServer, IconActivity, IconPlus, IconFlask } from '@/components/icons';
import {
  useGetMeQuery,
  useGetResourceSummaryQuery,
  useListProvidersQuery,
  useListResourcesQuery,
  useLoadDemoMutation,
  useSyncProviderMutation,
} from '@/lib/api/endpoints';
import { useDisplayTimeZone } from '@/lib/api/usePreferences';
import { errorMessage } from '@/lib/api/errors';
import { can } from '@/lib/auth/permissions';
import { formatCurrency, formatDateTime, formatNumber, formatRelative, humanize, providerLabel } from '@/lib/format';
import { useAppDispatch } from '@/lib/hooks';
import { syncStarted } from '@/lib/realtime/realtimeSlice';
import { useToast } from '@/lib/toast/useToast';
import type { DemoScenario, Role, ResourceSummary, SummaryBucket } from '@/lib/api/types';
import { useRecentAuditQuery } from '../api/dashboardApi';
import { ActivityFeed } from './ActivityFeed';
import { AlertsCard } from './AlertsCard';
import { MonthSpendStat } from './MonthSpendStat';
import { SecurityCard } from './SecurityCard';
import type { Slice } from './Charts';

// Recharts is the heaviest dependency: the figures render first, the charts stream in.
const Donut = lazy(() => import('./Charts').then((m) => ({ default: m.Donut })));
const Bars = lazy(() => import('./Charts').then((m) => ({ default: m.Bars })));

const STATUS_COLORS: Record<string, string> = {
  running: 'var(--success)',
  provisioning: 'var(--info)',
  stopped: 'var(--text-faint)',
  terminated: 'var(--border-strong)',
  error: 'var(--danger)',
};
const PROVIDER_COLORS: Record<string, string> = { aws: '#f59e0b', azure: '#3b82f6', gcp: '#22c55e', simulated: '#8b5cf6' };
const TYPE_LABELS: Record<string, string> = { dns: 'DNS', load_balancer: 'Load balancer' };
const typeLabel = (t: string) => TYPE_LABELS[t] ?? humanize(t);
const PALETTE = ['var(--chart-1)', 'var(--chart-2)', 'var(--chart-3)', 'var(--chart-4)', 'var(--chart-5)', 'var(--chart-6)', 'var(--chart-7)', 'var(--chart-8)'];

function count(buckets: SummaryBucket[] | undefined, key: string): number {
  return buckets?.find((b) => b.value === key)?.count ?? 0;
}

function slices(
  buckets: SummaryBucket[],
  colors: Record<string, string> | null,
  label: (k: string) => string,
  field: 'count' | 'monthlyCost' = 'count',
): Slice[] {
  return buckets
    .map((b) => [b.value, b[field]] as [string, number])
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v], i) => ({ key: k, label: label(k), value: Math.round(v * 100) / 100, color: colors?.[k] ?? PALETTE[i % PALETTE.length] }));
}

function ChartCard({
  title,
  description,
  loading,
  empty,
  children,
}: {
  title: string;
  description?: string;
  loading: boolean;
  /** Nothing to chart: a short note instead of an empty circle or axis. */
  empty?: string | false;
  children: React.ReactNode;
}) {
  return (
    <Card>
      <CardHeader title={title} description={description} />
      <div className="card-body">
        {loading ? (
          <Skeleton height={180} />
        ) : empty ? (
          <p className="muted chart-empty">{empty}</p>
        ) : (
          <Suspense fallback={<Skeleton height={180} />}>{children}</Suspense>
        )}
      </div>
    </Card>
  );
}

const DEMO_SCENARIOS: { id: DemoScenario; label: string }[] = [
  { id: 'startup', label: 'Startup' },
  { id: 'enterprise', label: 'Enterprise' },
  { id: 'devops', label: 'DevOps' },
  { id: 'multicloud', label: 'Multi-cloud' },
];

/** The dashboard of an organization with no cloud account at all: the two ways to start. */
function GetStarted({ role }: { role: Role | undefined }) {
  const [scenario, setScenario] = useState<DemoScenario>('startup');
  const [loadDemo, { isLoading }] = useLoadDemoMutation();
  const toast = useToast();
  const canConnect = can(role, 'providers:write');
  const canDemo = can(role, 'demo:manage');
  return (
    <Card data-testid="dashboard-empty">
      <EmptyState
        title="No cloud accounts yet"
        description={
          canConnect
            ? 'Connect a cloud account to see your own resources, or load demo data to explore CloudWeave with a sample estate first.'
            : canDemo
              ? 'Load demo data to explore CloudWeave with a sample estate. An administrator connects the real cloud accounts.'
              : 'An administrator has not connected a cloud account yet. Your dashboard fills in once they do.'
        }
        icon={<IconCloud />}
        action={
          (canConnect || canDemo) && (
            <div className="row" style={{ justifyContent: 'center', flexWrap: 'wrap' }}>
              {canConnect && (
                <Link to="/settings/cloud-accounts" className="btn btn-primary" data-testid="empty-connect">
                  <IconPlus width={16} height={16} /> Connect a cloud account
                </Link>
              )}
              {canDemo && (
                <span className="row" style={{ gap: 6 }}>
                  <select
                    className="select"
                    style={{ width: 'auto' }}
                    aria-label="Demo scenario"
                    value={scenario}
                    onChange={(e) => setScenario(e.target.value as DemoScenario)}
                  >
                    {DEMO_SCENARIOS.map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.label}
                      </option>
                    ))}
                  </select>
                  <Button
                    icon={<IconFlask />}
                    loading={isLoading}
                    data-testid="empty-load-demo"
                    onClick={async () => {
                      try {
                        await loadDemo({ scenario }).unwrap();
                        toast.success('Demo data loaded', 'Sample infrastructure is ready to explore.');
                      } catch (e) {
                        toast.error('Could not load demo data', errorMessage(e));
                      }
                    }}
                  >
                    Load demo data
                  </Button>
                </span>
              )}
            </div>
          )
        }
      />
    </Card>
  );
}

export function DashboardPage() {
  const { data: me } = useGetMeQuery();
  // "This month" for the spend card, fixed for the page's life so its queries stay cached.
  const [now] = useState(() => new Date());
  const summary = useGetResourceSummaryQuery();
  const top = useListResourcesQuery({ sort: '-monthlyCost', limit: 5 });
  const providers = useListProvidersQuery();
  const audit = useRecentAuditQuery(undefined, { skip: !can(me?.role, 'audit:read') });
  const s: ResourceSummary | undefined = summary.data;
  const loading = summary.isLoading;
  const connected = (providers.data ?? []).filter((p) => p.status === 'connected').length;
  const nothing = !loading && !providers.isLoading && s && s.total === 0 && (providers.data ?? []).length === 0;
  // Accounts but no resource yet (a first sync running, or an account in error).
  const noResources = !loading && !!s && s.total === 0;
  const noResourcesNote = noResources ? 'No resources yet — they appear here once a sync has discovered them.' : false;

  return (
    <>
      <PageHeader
        title="Dashboard"
        description={`Good to see you${me ? `, ${me.name.split(' ')[0]}` : ''}. Here is your cloud at a glance.`}
        actions={
          <>
            <Button icon={<IconRefresh />} onClick={() => { void summary.refetch(); void providers.refetch(); void top.refetch(); }} loading={summary.isFetching && !loading}>
              Refresh
            </Button>
            <Link to="/infrastructure" className="btn btn-primary">
              <IconServer width={16} height={16} /> View infrastructure
            </Link>
          </>
        }
      />

      {summary.error && !s ? (
        <Card>
          <ErrorState message={errorMessage(summary.error)} onRetry={() => summary.refetch()} />
        </Card>
      ) : nothing ? (
        <GetStarted role={me?.role} />
      ) : (
        <>
          <div className="grid-4" aria-busy={loading}>
            <Stat
              label="Resources"
              icon={<IconServer width={14} height={14} />}
              value={loading ? <Skeleton width={60} height={26} /> : formatNumber(s?.total)}
              sub={`${s?.byType.length ?? 0} resource ${(s?.byType.length ?? 0) === 1 ? 'type' : 'types'} · ${s?.byRegion.length ?? 0} ${(s?.byRegion.length ?? 0) === 1 ? 'region' : 'regions'}`}
            />
            <Stat
              label="Running"
              icon={<IconActivity width={14} height={14} />}
              value={loading ? <Skeleton width={60} height={26} /> : formatNumber(count(s?.byStatus, 'running'))}
              sub={s ? `${formatNumber(count(s.byStatus, 'error'))} in error · ${formatNumber(count(s.byStatus, 'stopped'))} stopped` : ' '}
            />
            <MonthSpendStat estimate={s?.monthlyCost} loading={loading} now={now} />
            <Stat
              label="Cloud accounts"
              icon={<IconCloud width={14} height={14} />}
              value={providers.isLoading ? <Skeleton width={40} height={26} /> : formatNumber(providers.data?.length ?? 0)}
              sub={`${connected} connected`}
            />
          </div>

          <div className="grid-3">
            <ChartCard title="Resources by status" loading={loading} empty={noResourcesNote}>
              {s && <Donut label="Resources by status" data={slices(s.byStatus, STATUS_COLORS, humanize)} />}
            </ChartCard>
            <ChartCard title="Resources by provider" loading={loading} empty={noResourcesNote}>
              {s && <Donut label="Resources by provider" data={slices(s.byProvider, PROVIDER_COLORS, providerLabel)} />}
            </ChartCard>
            <ChartCard title="Monthly cost by provider" loading={loading} empty={noResources ? 'No costs yet — estimates appear with the first resources.' : false}>
              {s && <Donut label="Monthly cost by provider" currency data={slices(s.byProvider, PROVIDER_COLORS, providerLabel, 'monthlyCost')} />}
            </ChartCard>
          </div>

          <div className="grid-3">
            <ChartCard title="Resources by type" loading={loading} empty={noResourcesNote}>
              {s && <Bars label="Resources by type" horizontal data={slices(s.byType, null, typeLabel)} />}
            </ChartCard>
            <Card>
              <CardHeader title="Top spenders" description="Highest monthly cost" />
              {top.isLoading ? (
                <div className="card-body"><Skeleton height={180} /></div>
              ) : top.data?.items.some((r) => r.monthlyCost > 0) ? (
                <ul className="activity">
                  {top.data.items.filter((r) => r.monthlyCost > 0).map((r) => (
                    <li key={r.id}>
                      <ProviderBadge provider={r.provider} name="" />
                      <span>
                        <strong>{r.name}</strong> <span className="faint">{humanize(r.type)}</span>
                      </span>
                      <span className="when">
                        <StatusBadge status={r.status} /> {formatCurrency(r.monthlyCost)}
                      </span>
                    </li>
                  ))}
                </ul>
              ) : (
                <EmptyState title="No costs yet" description="Monthly costs appear once resources are discovered." icon={<IconCoin />} />
              )}
            </Card>
            <SecurityCard />
          </div>
        </>
      )}

      <div className="grid-3">
        <Card>
          <CardHeader title="Recent activity" description="Live as it happens" />
          <ActivityFeed audit={audit.data} loading={audit.isLoading} />
        </Card>
        <AlertsCard />
        <AccountsPanel canSync={can(me?.role, 'providers:sync')} />
      </div>
    </>
  );
}

function AccountsPanel({ canSync }: { canSync: boolean }) {
  const tz = useDisplayTimeZone();
  const providers = useListProvidersQuery();
  const [sync] = useSyncProviderMutation();
  const dispatch = useAppDispatch();
  const toast = useToast();
  return (
    <Card>
      <CardHeader
        title="Cloud accounts"
        description="Sync status of each account"
        actions={<Link to="/settings/cloud-accounts" className="btn btn-sm">Manage</Link>}
      />
      {providers.isLoading ? (
        <div className="card-body stack-sm"><Skeleton /><Skeleton width="60%" /></div>
      ) : providers.error ? (
        <ErrorState message={errorMessage(providers.error)} onRetry={() => providers.refetch()} />
      ) : !providers.data?.length ? (
        <EmptyState title="No cloud accounts" description="Connect AWS, Azure or Google Cloud to start syncing." icon={<IconCloud />} />
      ) : (
        <ul className="activity">
          {providers.data.map((p) => (
            <li key={p.id} style={{ alignItems: 'center' }}>
              <ProviderBadge provider={p.provider} name="" />
              <div className="grow stack-sm" style={{ gap: 4 }}>
                <span>
                  <strong>{p.name}</strong> {p.isDemo && <span className="faint">(demo)</span>}
                </span>
                <span className="faint" style={{ fontSize: 12 }}>
                  Last sync{' '}
                  {p.lastSync ? (
                    <time dateTime={p.lastSync} title={formatDateTime(p.lastSync, tz)}>
                      {formatRelative(p.lastSync)}
                    </time>
                  ) : (
                    'never'
                  )}
                </span>
                <SyncProgress providerId={p.id} name={p.name} expected={p.resourceCount} />
              </div>
              <StatusBadge status={p.status} />
              {canSync && (
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={`Sync ${p.name} now`}
                  icon={<IconRefresh />}
                  onClick={async () => {
                    try {
                      const r = await sync(p.id).unwrap();
                      dispatch(syncStarted({ providerId: p.id, jobId: r?.jobId }));
                    } catch (e) {
                      toast.error('Could not start sync', errorMessage(e));
                    }
                  }}
                />
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
