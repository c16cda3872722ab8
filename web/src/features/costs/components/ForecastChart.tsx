import { Bar, BarChart, CartesianGrid, ErrorBar, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { CostForecast } from '@/lib/api/types';
import { formatMoney } from '../utils/money';
import { monthName } from '../utils/months';

/** The forecast months as bars, each with its 80% interval as a whisker. */
export default function ForecastChart({ forecast: f }: { forecast: CostForecast }) {
  const data = [f.monthEnd, ...f.points].map((m) => ({ month: monthName(m.month), amount: m.amount, range: [m.amount - m.lower, m.upper - m.amount] }));
  return (
    <figure className="cost-forecast-chart" role="img" aria-label={`Forecast: ${monthName(f.monthEnd.month)} ends near ${formatMoney(f.monthEnd.amount, f.currency)}`}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
          <XAxis dataKey="month" tick={{ fill: 'var(--chart-axis)', fontSize: 11 }} axisLine={false} tickLine={false} />
          <YAxis tick={{ fill: 'var(--chart-axis)', fontSize: 11 }} axisLine={false} tickLine={false} width={64} tickFormatter={(v) => formatMoney(Number(v), f.currency)} />
          <Tooltip
            formatter={(v, name) => [formatMoney(Number(v), f.currency), name === 'amount' ? 'Forecast' : String(name)]}
            contentStyle={{ background: 'var(--bg-elevated)', border: '1px solid var(--border)', borderRadius: 8, fontSize: 12 }}
          />
          <Bar dataKey="amount" fill="var(--chart-2)" radius={[3, 3, 0, 0]} isAnimationActive={false}>
            <ErrorBar dataKey="range" width={6} stroke="var(--text-muted)" />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
