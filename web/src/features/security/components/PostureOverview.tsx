import { lazy, Suspense, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Button } from '@/components/Button';
import { Card, CardHeader, Stat } from '@/components/Card';
import { EmptyState, ErrorState, Skeleton } from '@/components/States';
import { errorMessage } from '@/lib/api/errors';
import { formatRelative } from '@/lib/format';
import { useToast } from '@/lib/toast/useToast';
import { useGetScanQuery, useGetSecuritySummaryQuery, useStartScanMutation } from '../api/securityApi';
import { SeverityBadge } from '@/components/SeverityBadge';

const SeverityChart = lazy(() => import('./PostureCharts').then((m) => ({ default: m.SeverityChart })));
const TrendChart = lazy(() => import('./PostureCharts').then((m) => ({ default: m.TrendChart })));

/** Scan now: starts a full scan and follows it until it ends. */
function ScanButton() {
  const [start, { isLoading }] = useStartScanMutation();
  const [scanId, setScanId] = useState<string | null>(null);
  const scan = useGetScanQuery(scanId ?? '', { skip: !scanId, pollingInterval: 1000 });
  const toast = useToast();
  const state = scan.data?.state;
  const running = scanId !== null && (state === undefined || state === 'queued' || state === 'running');
  useEffect(() => {
    if (!scanId || !state || state === 'queued' || state === 'running') return;
    const s = scan.data!;
    if (state === 'completed') toast.success('Scan completed', `${s.new} new, ${s.resolved} resolved, ${s.open} open`);
    else toast.error(`Scan ${state}`, s.error ?? undefined);
    setScanId(null);
  }, [scanId, state, scan.data, toast]);
  return (
    <Button
      variant="primary"
      loading={isLoading || running}
      onClick={async () => {
        try {
          setScanId((await start().unwrap()).scanId);
        } catch (e) {
          toast.error('Could not start a scan', errorMessage(e));
        }
      }}
      data-testid="security-scan-now"
    >
      {running ? 'Scanning…' : 'Scan now'}
    </Button>
  );
}

/** The posture at a glance: open findings by severity, the 30-day trend, the rules that fail most and the last scan. */
export function PostureOverview({ canOperate }: { canOperate: boolean }) {
  const q = useGetSecuritySummaryQuery();
  if (q.error) return <Card><ErrorState title="Could not load the posture" message={errorMessage(q.error)} onRetry={q.refetch} /></Card>;
  const s = q.data;
  if (s && !s.lastScan) {
    return (
      <Card>
        <EmptyState
          title="No scan yet"
          description="Scans run after every sync of a cloud account. Connect one, or scan what the inventory holds now."
          action={canOperate ? <ScanButton /> : undefined}
        />
      </Card>
    );
  }
  const chartSkeleton = <Skeleton height={220} />;
  const critical = (s?.bySeverity.critical ?? 0) + (s?.bySeverity.high ?? 0);
  return (
    <div className="stack" data-testid="security-overview">
      <div className="grid-4">
        <Stat label="Open findings" value={s ? s.byStatus.open : '—'} sub={s ? `${critical} critical or high` : undefined} />
        <Stat label="Muted" value={s ? s.byStatus.muted : '—'} sub="accepted, still listed" />
        <Stat label="Resolved" value={s ? s.byStatus.resolved : '—'} sub="fixed or gone" />
        <Stat
          label="Last scan"
          value={s?.lastScan ? formatRelative(s.lastScan.finishedAt ?? s.lastScan.createdAt) : '—'}
          sub={s?.lastScan ? `${s.lastScan.mode}, ${s.lastScan.resourcesEvaluated} resources, ${s.lastScan.new} new, ${s.lastScan.resolved} resolved` : undefined}
        />
      </div>
      <div className="grid-2">
        <Card>
          <CardHeader title="Open findings by severity" description="Muted findings are not counted." actions={canOperate ? <ScanButton /> : undefined} />
          <div className="card-body">{s ? <Suspense fallback={chartSkeleton}><SeverityChart summary={s} /></Suspense> : chartSkeleton}</div>
        </Card>
        <Card>
          <CardHeader title="Last 30 days" description="Open findings at the end of each day with a scan." />
          <div className="card-body">{s ? <Suspense fallback={chartSkeleton}><TrendChart summary={s} /></Suspense> : chartSkeleton}</div>
        </Card>
      </div>
      <Card>
        <CardHeader title="Rules failing most" description="Open, unmuted findings per rule." />
        {s && s.topRules.length === 0 ? (
          <p className="muted" style={{ padding: 16 }}>Nothing fails. Every rule passes on every resource.</p>
        ) : (
          <ul className="security-top-rules" data-testid="security-top-rules">
            {(s?.topRules ?? []).map((r) => (
              <li key={r.ruleId}>
                <SeverityBadge severity={r.severity} />
                <Link to={`?tab=findings&ruleId=${encodeURIComponent(r.ruleId)}`}>{r.title}</Link>
                <span className="security-count">{r.count}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
