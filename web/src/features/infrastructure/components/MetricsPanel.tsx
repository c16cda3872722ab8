import { useMemo, useState } from 'react';
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { SegmentedControl } from '@/components/Field';
import { EmptyState, ErrorState, Skeleton } from '@/components/States';
import { IconActivity } from '@/components/icons';
import { useGetResourceMetricsQuery } from '@/lib/api/endpoints';
import { errorMessage } from '@/lib/api/errors';

const METRICS = [
  { id: 'cpu_utilization', label: 'CPU', unit: '%' },
  { id: 'memory_utilization', label: 'Memory', unit: '%' },
  { id: 'network_in', label: 'Network in', unit: 'B/s' },
];
const RANGES = { '1h': 3600, '24h': 86400, '7d': 604800 } as const;
type RangeKey = keyof typeof RANGES;

function MetricChart({ id, metric, unit, range }: { id: string; metric: string; unit: string; range: RangeKey }) {
  // Round "now" to the minute so the query key is stable across renders.
  const { from, to, step } = useMemo(() => {
    const now = Math.floor(Date.now() / 60000) * 60000;
    const span = RANGES[range] * 1000;
    return { from: new Date(now - span).toISOString(), to: new Date(now).toISOString(), step: Math.max(60, RANGES[range] / 120) };
  }, [range]);
  const q = useGetResourceMetricsQuery({ id, metric, from, to, step });
  const label = METRICS.find((m) => m.id === metric)?.label ?? metric;
  if (q.isLoading) return <Skeleton height={140} />;
  if (q.error) return <ErrorState title={`${label} unavailable`} message={errorMessage(q.error)} onRetry={() => q.refetch()} />;
  const points = q.data?.points ?? [];
  if (!points.length) return <EmptyState title={`No ${label.toLowerCase()} data`} description="Metrics appear once the resource reports them." icon={<IconActivity />} />;
  const data = points.map((p) => ({ t: new Date(p.timestamp).getTime(), v: p.value }));
  const latest = data[data.length - 1]?.v;
  const u = q.data?.unit ?? unit;
  const fmtTime = (t: number) =>
    new Date(t).toLocaleTimeString('en-US', range === '7d' ? { weekday: 'short' } : { hour: '2-digit', minute: '2-digit' });
  return (
    <figure style={{ margin: 0 }} aria-label={`${label} over the last ${range}, latest ${latest?.toFixed(1)} ${u}`} role="img">
      <div className="row-between" style={{ marginBottom: 6 }}>
        <span className="faint" style={{ fontSize: 12 }}>{label}</span>
        <strong style={{ fontVariantNumeric: 'tabular-nums' }}>
          {latest?.toFixed(1)} {u}
        </strong>
      </div>
      <div className="chart-box sm" style={{ height: 140 }}>
        <ResponsiveContainer width="100%" height="100%">
          <AreaChart data={data} margin={{ top: 4, right: 4, bottom: 0, left: -20 }} accessibilityLayer={false}>
            <defs>
              <linearGradient id={`g-${metric}`} x1="0" y1="0" x2="0" y2="1">
                <stop offset="0%" stopColor="var(--chart-1)" stopOpacity={0.35} />
                <stop offset="100%" stopColor="var(--chart-1)" stopOpacity={0} />
              </linearGradient>
            </defs>
            <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
            <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} tickFormatter={fmtTime} tick={{ fill: 'var(--chart-axis)', fontSize: 11 }} axisLine={false} tickLine={false} minTickGap={40} />
            <YAxis tick={{ fill: 'var(--chart-axis)', fontSize: 11 }} axisLine={false} tickLine={false} width={48} />
            <Tooltip
              labelFormatter={(t) => new Date(Number(t)).toLocaleString()}
              formatter={(v) => [`${Number(v).toFixed(2)} ${u}`, label]}
              contentStyle={{ background: 'var(--bg-elevated)', border: '1px solid var(--border)', borderRadius: 8, fontSize: 12 }}
            />
            <Area type="monotone" dataKey="v" stroke="var(--chart-1)" strokeWidth={2} fill={`url(#g-${metric})`} isAnimationActive={false} />
          </AreaChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

export default function MetricsPanel({ resourceId }: { resourceId: string }) {
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
      {METRICS.map((m) => (
        <MetricChart key={m.id} id={resourceId} metric={m.id} unit={m.unit} range={range} />
      ))}
    </section>
  );
}
