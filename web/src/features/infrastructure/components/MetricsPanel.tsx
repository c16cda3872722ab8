import { useMemo, useState } from 'react';
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { SegmentedControl } from '@/components/Field';
import { EmptyState, ErrorState, Skeleton } from '@/components/States';
import { IconActivity } from '@/components/icons';
import { useGetResourceMetricsQuery } from '@/lib/api/endpoints';
import { useDisplayTimeZone } from '@/lib/api/usePreferences';
import { errorMessage } from '@/lib/api/errors';
import type { MetricName } from '@/lib/api/types';
import { formatDateTime, formatTime } from '@/lib/format';
import { axisWidth, formatMeasure, formatTick } from '@/lib/chartFormat';

const LABELS: Record<MetricName, string> = {
  cpu_utilization: 'CPU',
  memory_utilization: 'Memory',
  network_in_bytes: 'Network in',
  network_out_bytes: 'Network out',
  disk_read_bytes: 'Disk read',
  disk_write_bytes: 'Disk write',
  request_count: 'Requests',
  latency_ms: 'Latency',
  error_rate: 'Error rate',
};

/** The metrics worth charting for each kind of resource. */
function metricsFor(type: string): MetricName[] {
  switch (type) {
    case 'function':
      return ['request_count', 'latency_ms', 'error_rate'];
    case 'load_balancer':
    case 'dns':
      return ['request_count', 'latency_ms', 'network_in_bytes'];
    case 'storage':
      return ['disk_read_bytes', 'disk_write_bytes', 'request_count'];
    case 'queue':
      return ['request_count', 'latency_ms'];
    case 'network':
      return ['network_in_bytes', 'network_out_bytes'];
    default:
      return ['cpu_utilization', 'memory_utilization', 'network_in_bytes'];
  }
}

const RANGES = { '1h': 3600, '24h': 86400, '7d': 604800 } as const;
type RangeKey = keyof typeof RANGES;

function MetricChart({ id, metric, range }: { id: string; metric: MetricName; range: RangeKey }) {
  // Round "now" to the minute so the query key is stable across renders.
  const { from, to, step } = useMemo(() => {
    const now = Math.floor(Date.now() / 60000) * 60000;
    const span = RANGES[range] * 1000;
    return { from: new Date(now - span).toISOString(), to: new Date(now).toISOString(), step: Math.max(60, RANGES[range] / 120) };
  }, [range]);
  const q = useGetResourceMetricsQuery({ id, metric, from, to, step });
  const timeZone = useDisplayTimeZone();  // times follow the user's time zone preference
  const label = LABELS[metric] ?? metric;
  if (q.isLoading) return <Skeleton height={140} />;
  if (q.error) return <ErrorState title={`${label} unavailable`} message={errorMessage(q.error)} onRetry={() => q.refetch()} />;
  const points = q.data?.points ?? [];
  if (!points.length) return <EmptyState title={`No ${label.toLowerCase()} data`} description="Metrics appear once the resource reports them." icon={<IconActivity />} />;
  const data = points.map((p) => ({ t: new Date(p.timestamp).getTime(), v: p.value }));
  const latest = data[data.length - 1]?.v;
  const u = q.data?.unit;
  const fmtTime = (t: number) => formatTime(t, timeZone, range === '7d' ? 'weekday' : 'short');
  return (
    <figure style={{ margin: 0 }} aria-label={`${label} over the last ${range}, latest ${formatMeasure(latest ?? 0, u)}`} role="img">
      <div className="row-between" style={{ marginBottom: 6 }}>
        <span className="faint" style={{ fontSize: 12 }}>{label}</span>
        <strong style={{ fontVariantNumeric: 'tabular-nums' }}>
          {formatMeasure(latest ?? 0, u)}
        </strong>
      </div>
      <div className="chart-box sm" style={{ height: 140 }}>
        <ResponsiveContainer width="100%" height="100%">
          <AreaChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <defs>
              <linearGradient id={`g-${metric}`} x1="0" y1="0" x2="0" y2="1">
                <stop offset="0%" stopColor="var(--chart-1)" stopOpacity={0.35} />
                <stop offset="100%" stopColor="var(--chart-1)" stopOpacity={0} />
              </linearGradient>
            </defs>
            <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
            <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} tickFormatter={fmtTime} tick={{ fill: 'var(--chart-axis)', fontSize: 11 }} axisLine={false} tickLine={false} minTickGap={40} />
            <YAxis tick={{ fill: 'var(--chart-axis)', fontSize: 11 }} axisLine={false} tickLine={false} width={axisWidth(data.map((d) => d.v), u)} tickFormatter={(v) => formatTick(Number(v), u)} />
            <Tooltip
              labelFormatter={(t) => formatDateTime(Number(t), timeZone, { zone: true })}
              formatter={(v) => [formatMeasure(Number(v), u), label]}
              contentStyle={{ background: 'var(--bg-elevated)', border: '1px solid var(--border)', borderRadius: 8, fontSize: 12 }}
            />
            <Area type="monotone" dataKey="v" stroke="var(--chart-1)" strokeWidth={2} fill={`url(#g-${metric})`} isAnimationActive={false} />
          </AreaChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

export default function MetricsPanel({ resourceId, type }: { resourceId: string; type: string }) {
  const [range, setRange] = useState<RangeKey>('24h');
  return (
    <section aria-labelledby="metrics-title" className="stack">
      <div className="row-between">
        <h3 id="metrics-title" className="section-title" style={{ margin: 0 }}>
          Metrics
        </h3>
        <SegmentedControl
          label="Time range"
          value={range}
          onChange={setRange}
          options={(Object.keys(RANGES) as RangeKey[]).map((r) => ({ value: r, label: r }))}
        />
      </div>
      {metricsFor(type).map((m) => (
        <MetricChart key={m} id={resourceId} metric={m} range={range} />
      ))}
    </section>
  );
}
