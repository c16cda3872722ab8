import { useMemo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { EmptyState, ErrorState, Skeleton } from '@/components/States';
import { IconCoin } from '@/components/icons';
import { useGetCostBreakdownQuery, useGetCostForecastQuery } from '@/lib/api/costs';
import { errorMessage } from '@/lib/api/errors';
import { presetRange } from '@/lib/costRanges';
import { formatMoney } from '@/lib/format';

/** "12 Nov" for a YYYY-MM-DD day. */
function shortDay(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
}

/**
 * What the resource itself cost, from the cost data (rows whose ResourceId is this resource):
 * the last 30 days day by day, this month so far and where the month should end. The drawer's
 * "Monthly cost" above is the inventory's list-price estimate; this is the bill.
 */
export default function ResourceCostPanel({ resourceId }: { resourceId: string }) {
  // The day the ranges end on, fixed for the drawer's life so the queries stay cached.
  const [now] = useState(() => new Date());
  const last30 = useMemo(() => presetRange('last30', now), [now]);
  const month = useMemo(() => presetRange('thisMonth', now), [now]);
  const daily = useGetCostBreakdownQuery({ ...last30, resourceId });
  const thisMonth = useGetCostBreakdownQuery({ ...month, granularity: 'monthly', resourceId });
  const hasCost = Boolean(daily.data?.total || thisMonth.data?.total);
  const forecast = useGetCostForecastQuery({ resourceId, months: 1 }, { skip: !hasCost });

  let body;
  if (daily.isLoading || thisMonth.isLoading) {
    body = <Skeleton height={140} />;
  } else if (daily.error || thisMonth.error) {
    body = <ErrorState title="Costs unavailable" message={errorMessage(daily.error ?? thisMonth.error)} onRetry={() => { daily.refetch(); thisMonth.refetch(); }} />;
  } else if (!hasCost || !daily.data) {
    body = (
      <EmptyState
        icon={<IconCoin />}
        title="No cost data for this resource"
        description="Costs appear here once a collection or an imported billing file names this resource's ID."
      />
    );
  } else {
    const b = daily.data;
    const currency = b.currency;
    const points = (b.series[0]?.points ?? []).map((p) => ({ date: p.date, amount: p.amount }));
    const end = forecast.data?.monthEnd;
    const delta = b.previousTotal > 0 ? (b.total - b.previousTotal) / b.previousTotal : null;
    body = (
      <>
        <div className="grid-3" data-testid="resource-cost">
          <div className="card stat">
            <span className="stat-label">Last 30 days</span>
            <span className="stat-value" style={{ fontSize: 20 }}>{formatMoney(b.total, currency)}</span>
            <span className="faint" style={{ fontSize: 12 }}>
              {delta === null ? 'No cost the 30 days before' : `${delta >= 0 ? 'up' : 'down'} ${Math.abs(delta * 100).toFixed(0)}% vs the 30 days before`}
            </span>
          </div>
          <div className="card stat">
            <span className="stat-label">This month so far</span>
            <span className="stat-value" style={{ fontSize: 20 }}>{formatMoney(thisMonth.data?.total ?? 0, currency)}</span>
          </div>
          <div className="card stat">
            <span className="stat-label">Month-end forecast</span>
            <span className="stat-value" style={{ fontSize: 20 }}>
              {forecast.isLoading ? <Skeleton width={80} height={22} /> : end ? formatMoney(end.amount, forecast.data?.currency) : '—'}
            </span>
            {end && (
              <span className="faint" style={{ fontSize: 12 }}>
                80%: {formatMoney(end.lower, forecast.data?.currency)} – {formatMoney(end.upper, forecast.data?.currency)}
              </span>
            )}
          </div>
        </div>
        <figure style={{ margin: 0 }} role="img" aria-label={`Daily cost over the last 30 days, ${formatMoney(b.total, currency)} in all`}>
          <div className="chart-box sm" style={{ height: 120 }}>
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={points} margin={{ top: 4, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
                <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
                <XAxis dataKey="date" tickFormatter={shortDay} tick={{ fill: 'var(--chart-axis)', fontSize: 11 }} axisLine={false} tickLine={false} minTickGap={30} />
                <YAxis tick={{ fill: 'var(--chart-axis)', fontSize: 11 }} axisLine={false} tickLine={false} width={56} tickFormatter={(v) => formatMoney(Number(v), currency)} />
                <Tooltip
                  labelFormatter={(d) => shortDay(String(d))}
                  formatter={(v) => [formatMoney(Number(v), currency), 'Cost']}
                  contentStyle={{ background: 'var(--bg-elevated)', border: '1px solid var(--border)', borderRadius: 8, fontSize: 12 }}
                />
                <Bar dataKey="amount" fill="var(--chart-1)" radius={[3, 3, 0, 0]} isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
        </figure>
      </>
    );
  }
  return (
    <section aria-labelledby="resource-cost-title" className="stack">
      <h3 id="resource-cost-title" className="section-title" style={{ margin: 0 }}>
        Cost
      </h3>
      {body}
    </section>
  );
}
