import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { CostBreakdown } from '@/lib/api/types';
import { chartData } from '../utils/breakdown';
import { formatMoney } from '../utils/money';
import type { CostGroup } from '../utils/view';

const COLORS = ['--chart-1', '--chart-2', '--chart-3', '--chart-4', '--chart-5', '--chart-6', '--chart-7'];

const tooltipStyle = {
  background: 'var(--bg-elevated)',
  border: '1px solid var(--border)',
  borderRadius: 8,
  color: 'var(--text)',
  fontSize: 12,
};

/**
 * Spend per bucket, stacked by group. Bars rather than areas: credits are negative, and stacked
 * bars show them below the axis where an area would fold over itself.
 */
export function SpendChart({
  breakdown,
  group,
  label,
  groupLabel,
}: {
  breakdown: CostBreakdown;
  group: CostGroup;
  label: string;
  groupLabel: (value: string) => string;
}) {
  const { series, points } = chartData(breakdown, group);
  const money = (v: number) => formatMoney(v, breakdown.currency);
  return (
    <figure className="chart-box costs-chart" aria-label={label} role="img" data-testid="cost-chart">
      <figcaption className="sr-only">
        {label}: {series.map((s) => groupLabel(s.value)).join(', ')}. The table below lists the totals.
      </figcaption>
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 720, height: 300 }}>
        <BarChart data={points} stackOffset="sign" margin={{ top: 4, right: 12, bottom: 4, left: 8 }} accessibilityLayer={false}>
          <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
          <XAxis dataKey="date" tick={{ fill: 'var(--chart-axis)', fontSize: 11 }} axisLine={false} tickLine={false} minTickGap={16} />
          <YAxis tick={{ fill: 'var(--chart-axis)', fontSize: 11 }} axisLine={false} tickLine={false} tickFormatter={money} width={84} />
          <Tooltip cursor={{ fill: 'var(--bg-hover)' }} contentStyle={tooltipStyle} formatter={(v) => money(Number(v))} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {series.map((s, i) => (
            <Bar
              key={s.dataKey}
              dataKey={s.dataKey}
              name={s.other ? 'Other' : groupLabel(s.value)}
              stackId="spend"
              fill={s.other ? 'var(--chart-axis)' : `var(${COLORS[i % COLORS.length]})`}
              isAnimationActive={false}
              maxBarSize={40}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
