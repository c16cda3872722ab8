import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SecuritySummary } from '@/lib/api/types';
import { SEVERITIES, SEVERITY_COLORS, severityLabel } from '@/components/SeverityBadge';

const tooltipStyle = {
  background: 'var(--bg-elevated)',
  border: '1px solid var(--border)',
  borderRadius: 8,
  color: 'var(--text)',
  fontSize: 12,
};
const axis = { fill: 'var(--chart-axis)', fontSize: 11 };

/** Open findings per severity, one bar each. */
export function SeverityChart({ summary }: { summary: SecuritySummary }) {
  const data = SEVERITIES.map((s) => ({ severity: severityLabel(s), key: s, count: summary.bySeverity[s] }));
  return (
    <figure className="chart-box security-chart" role="img" aria-label="Open findings by severity" data-testid="security-severity-chart">
      <figcaption className="sr-only">
        Open findings by severity: {data.map((d) => `${d.severity} ${d.count}`).join(', ')}.
      </figcaption>
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 480, height: 220 }}>
        <BarChart data={data} margin={{ top: 4, right: 12, bottom: 4, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
          <XAxis dataKey="severity" tick={axis} axisLine={false} tickLine={false} />
          <YAxis tick={axis} axisLine={false} tickLine={false} allowDecimals={false} width={40} />
          <Tooltip cursor={{ fill: 'var(--bg-hover)' }} contentStyle={tooltipStyle} />
          <Bar dataKey="count" name="Open findings" isAnimationActive={false} maxBarSize={48}>
            {data.map((d) => (
              <Cell key={d.key} fill={SEVERITY_COLORS[d.key]} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** Open, unmuted findings at the end of each day with a scan, stacked by severity. */
export function TrendChart({ summary }: { summary: SecuritySummary }) {
  return (
    <figure className="chart-box security-chart" role="img" aria-label="Open findings over the last 30 days" data-testid="security-trend-chart">
      <figcaption className="sr-only">
        Open findings per day over the last 30 days, by severity; the latest day has{' '}
        {SEVERITIES.reduce((n, s) => n + (summary.trend.at(-1)?.[s] ?? 0), 0)}.
      </figcaption>
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 480, height: 220 }}>
        <BarChart data={summary.trend} margin={{ top: 4, right: 12, bottom: 4, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
          <XAxis dataKey="date" tick={axis} axisLine={false} tickLine={false} minTickGap={16} />
          <YAxis tick={axis} axisLine={false} tickLine={false} allowDecimals={false} width={40} />
          <Tooltip cursor={{ fill: 'var(--bg-hover)' }} contentStyle={tooltipStyle} />
          {SEVERITIES.map((s) => (
            <Bar key={s} dataKey={s} name={severityLabel(s)} stackId="open" fill={SEVERITY_COLORS[s]} isAnimationActive={false} maxBarSize={32} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
