import { lazy, Suspense } from 'react';
import { Card, CardHeader } from '@/components/Card';
import { ErrorState, Skeleton } from '@/components/States';
import { useGetCostForecastQuery } from '@/lib/api/costs';
import { errorMessage } from '@/lib/api/errors';
import type { CostForecastQuery, CostMonthForecast } from '@/lib/api/types';
import { formatMoney } from '../utils/money';
import { monthName } from '../utils/months';

// Recharts loads with the chart, after the figures.
const ForecastChart = lazy(() => import('./ForecastChart'));

const METHODS: Record<string, string> = {
  'holt-winters': 'Holt-Winters with weekly seasonality',
  'least-squares': 'least squares',
  'run-rate': "last week's run rate (under 28 days of history)",
};

/**
 * Where this month should end and the next three months, each with its 80% interval, for the
 * view's scope (its filters and metric). Chart and text say the same: the chart for a glance,
 * the list for exact figures and screen readers.
 */
export function ForecastCard({ query }: { query: CostForecastQuery }) {
  const q = useGetCostForecastQuery(query);
  const f = q.data;
  let body;
  if (q.isLoading) body = <Skeleton height={160} />;
  else if (q.error) body = <ErrorState title="No forecast" message={errorMessage(q.error)} onRetry={q.refetch} />;
  else if (!f || !f.currency) body = <p className="faint">No cost history to forecast from yet.</p>;
  else {
    const months: CostMonthForecast[] = [f.monthEnd, ...f.points];
    body = (
      <div className="cost-forecast">
        <ul className="cost-forecast-list" aria-label="Forecast by month">
          {months.map((m, i) => (
            <li key={m.month}>
              <span className="stat-label">{i === 0 ? `${monthName(m.month)} (month end)` : monthName(m.month)}</span>
              <strong className="cost-forecast-amount">{formatMoney(m.amount, f.currency)}</strong>
              <span className="faint">
                80%: {formatMoney(m.lower, f.currency)} – {formatMoney(m.upper, f.currency)}
                {i === 0 && ` · ${formatMoney(m.actual, f.currency)} so far`}
              </span>
            </li>
          ))}
        </ul>
        <Suspense fallback={<Skeleton height={200} />}>
          <ForecastChart forecast={f} />
        </Suspense>
      </div>
    );
  }
  return (
    <Card>
      <CardHeader title="Forecast" description={f?.currency ? `By ${METHODS[f.method] ?? f.method}, from daily costs up to ${f.asOf}` : undefined} />
      <div className="card-body">{body}</div>
    </Card>
  );
}
