import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useDisplayTimeZone } from '@/lib/api/usePreferences';
import type { MetricQuerySeries } from '@/lib/api/types';
import { formatDateTime, formatTime } from '@/lib/format';
import { formatMetricValue, formatTick } from './metrics';

const COLORS = ['var(--chart-1)', 'var(--chart-2)', 'var(--chart-3)', 'var(--chart-4)', 'var(--chart-5)', 'var(--chart-6)', 'var(--chart-7)', 'var(--chart-8)'];
const axis = { fill: 'var(--chart-axis)', fontSize: 11 };
const tooltipStyle = { background: 'var(--bg-elevated)', border: '1px solid var(--border)', borderRadius: 8, color: 'var(--text)', fontSize: 12 };

/** At most this many lines are drawn; the rest are named in the caption as left out. */
const MAX_LINES = 12;

/**
 * A metric over time, one line per series, with an optional threshold line (the rule editor's
 * live chart). Points the store has no sample for are gaps, not zeros.
 */
export function MetricChart({
  series,
  metric,
  names,
  rangeSeconds,
  threshold,
  height = 260,
  label,
  testId,
}: {
  series: MetricQuerySeries[];
  metric: string;
  names: string[];
  rangeSeconds: number;
  threshold?: number;
  height?: number;
  label: string;
  testId?: string;
}) {
  const timeZone = useDisplayTimeZone();
  const shown = series.slice(0, MAX_LINES);
  const rows = new Map<number, Record<string, number | null>>();
  shown.forEach((s, i) => {
    for (const p of s.points) {
      const t = p[0] as number;
      const v = p[1];
      const row = rows.get(t) ?? { t };
      row[`s${i}`] = v;
      rows.set(t, row);
    }
  });
  const data = [...rows.values()].sort((a, b) => (a.t as number) - (b.t as number));
  const style = rangeSeconds > 2 * 86400 ? 'weekday' : 'short';
  const latest = shown.map((s, i) => {
    const last = [...s.points].reverse().find((p) => p[1] !== null);
    return `${names[i]} ${formatMetricValue(last?.[1] ?? null, metric)}`;
  });
  return (
    <figure className="chart-box monitoring-chart" style={{ height }} role="img" aria-label={label} data-testid={testId}>
      <figcaption className="sr-only">
        {label}. Latest: {latest.join(', ') || 'no data'}
        {threshold !== undefined ? `. Threshold ${formatMetricValue(threshold, metric)}` : ''}
        {series.length > shown.length ? `. ${series.length - shown.length} more series not drawn.` : '.'}
      </figcaption>
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 640, height }}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
          <XAxis
            dataKey="t"
            type="number"
            domain={['dataMin', 'dataMax']}
            tickFormatter={(t) => formatTime(Number(t) * 1000, timeZone, style)}
            tick={axis}
            axisLine={false}
            tickLine={false}
            minTickGap={40}
          />
          <YAxis tick={axis} axisLine={false} tickLine={false} width={56} tickFormatter={(v) => formatTick(Number(v), metric)} />
          <Tooltip
            labelFormatter={(t) => formatDateTime(Number(t) * 1000, timeZone, { zone: true })}
            formatter={(v, name) => [formatMetricValue(v === null || v === undefined ? null : Number(v), metric), name]}
            contentStyle={tooltipStyle}
          />
          {threshold !== undefined && Number.isFinite(threshold) && (
            <ReferenceLine y={threshold} stroke="var(--danger)" strokeDasharray="6 4" ifOverflow="extendDomain" label={{ value: `threshold ${formatMetricValue(threshold, metric)}`, fill: 'var(--danger)', fontSize: 11, position: 'insideTopRight' }} />
          )}
          {shown.map((_, i) => (
            <Line
              key={i}
              type="monotone"
              dataKey={`s${i}`}
              name={names[i]}
              stroke={COLORS[i % COLORS.length]}
              strokeWidth={2}
              dot={false}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

export function ChartLegend({ names }: { names: string[] }) {
  return (
    <ul className="monitoring-legend" aria-hidden="true">
      {names.slice(0, MAX_LINES).map((n, i) => (
        <li key={`${n}-${i}`}>
          <span className="monitoring-swatch" style={{ background: COLORS[i % COLORS.length] }} />
          {n}
        </li>
      ))}
    </ul>
  );
}
