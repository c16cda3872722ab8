import { Bar, BarChart, CartesianGrid, Cell, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCurrency, formatNumber } from '@/lib/format';

export interface Slice {
  key: string;
  label: string;
  value: number;
  color: string;
}

const tooltipStyle = {
  background: 'var(--bg-elevated)',
  border: '1px solid var(--border)',
  borderRadius: 8,
  color: 'var(--text)',
  fontSize: 12,
};

export function Donut({ data, label, currency }: { data: Slice[]; label: string; currency?: boolean }) {
  const total = data.reduce((a, b) => a + b.value, 0);
  const fmt = (v: number) => (currency ? formatCurrency(v, { whole: true }) : formatNumber(v));
  return (
    <div className="grid-2" style={{ alignItems: 'center' }}>
      <figure className="chart-box sm" style={{ margin: 0 }} aria-label={label} role="img">
        <ResponsiveContainer width="100%" height="100%">
          <PieChart accessibilityLayer={false}>
            <Pie data={data} dataKey="value" nameKey="label" innerRadius="62%" outerRadius="92%" paddingAngle={2} stroke="none" isAnimationActive={false}>
              {data.map((d) => (
                <Cell key={d.key} fill={d.color} />
              ))}
            </Pie>
            <Tooltip contentStyle={tooltipStyle} formatter={(v) => fmt(Number(v))} />
          </PieChart>
        </ResponsiveContainer>
      </figure>
      <ul className="legend" aria-label={`${label} legend`}>
        {data.map((d) => (
          <li key={d.key}>
            <span className="swatch" style={{ background: d.color }} aria-hidden="true" />
            {d.label}
            <span className="value">
              {fmt(d.value)}
              {total > 0 && <span className="faint"> · {Math.round((d.value / total) * 100)}%</span>}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Room for every bar and every label: Recharts otherwise drops labels that would touch. */
const ROW_HEIGHT = 30;

export function Bars({ data, label, currency, horizontal }: { data: Slice[]; label: string; currency?: boolean; horizontal?: boolean }) {
  const fmt = (v: number) => (currency ? formatCurrency(v, { whole: true }) : formatNumber(v));
  const longest = data.reduce((n, d) => Math.max(n, d.label.length), 0);
  // Horizontal bars: one row per category, the axis as wide as the longest label (12px text).
  const labelWidth = Math.min(160, Math.max(60, Math.round(longest * 7.2) + 8));
  const height = horizontal ? Math.max(180, data.length * ROW_HEIGHT + 24) : 240;
  return (
    <figure className="chart-box" style={{ margin: 0, height }} aria-label={label} role="img" data-testid="bars">
      <figcaption className="sr-only">
        {data.map((d) => `${d.label}: ${fmt(d.value)}`).join(', ')}
      </figcaption>
      {/* initialDimension: a first frame before the size is measured (and a size in tests). */}
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 480, height }}>
        <BarChart
          data={data}
          layout={horizontal ? 'vertical' : 'horizontal'}
          margin={{ top: 4, right: 12, bottom: 4, left: horizontal ? 4 : -8 }}
          accessibilityLayer={false}
        >
          <CartesianGrid stroke="var(--chart-grid)" vertical={!horizontal} horizontal={!horizontal} />
          {horizontal ? (
            <>
              <XAxis type="number" tick={{ fill: 'var(--chart-axis)', fontSize: 11 }} axisLine={false} tickLine={false} tickFormatter={fmt} allowDecimals={false} />
              <YAxis
                type="category"
                dataKey="label"
                width={labelWidth}
                interval={0}
                tick={{ fill: 'var(--chart-axis)', fontSize: 12 }}
                axisLine={false}
                tickLine={false}
              />
            </>
          ) : (
            <>
              <XAxis
                dataKey="label"
                interval={0}
                angle={data.length > 5 ? -35 : 0}
                textAnchor={data.length > 5 ? 'end' : 'middle'}
                height={data.length > 5 ? 64 : 30}
                tick={{ fill: 'var(--chart-axis)', fontSize: 12 }}
                axisLine={false}
                tickLine={false}
              />
              <YAxis tick={{ fill: 'var(--chart-axis)', fontSize: 11 }} axisLine={false} tickLine={false} tickFormatter={fmt} allowDecimals={false} />
            </>
          )}
          <Tooltip cursor={{ fill: 'var(--bg-hover)' }} contentStyle={tooltipStyle} formatter={(v) => fmt(Number(v))} />
          <Bar dataKey="value" radius={horizontal ? [0, 4, 4, 0] : [4, 4, 0, 0]} isAnimationActive={false} maxBarSize={horizontal ? 20 : 36}>
            {data.map((d) => (
              <Cell key={d.key} fill={d.color} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
