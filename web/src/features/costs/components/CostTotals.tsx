import { Stat } from '@/components/Card';
import { Skeleton } from '@/components/States';
import type { CostBreakdown } from '@/lib/api/types';
import { change } from '../utils/breakdown';
import { formatMoney, formatPercent } from '../utils/money';
import { dayBefore } from '@/lib/costRanges';

/** "up 12% vs the previous period", or why there is no comparison. */
function ChangeText({ current, previous }: { current: number; previous: number }) {
  const c = change(current, previous);
  if (c === null) return <span className="muted">No cost in the previous period</span>;
  if (c === 0) return <span className="muted">Same as the previous period</span>;
  return (
    <span className={c > 0 ? 'cost-up' : 'cost-down'}>
      <span aria-hidden="true">{c > 0 ? '▲ ' : '▼ '}</span>
      {c > 0 ? 'up' : 'down'} {formatPercent(Math.abs(c))} vs the previous period
    </span>
  );
}

/** The range's total beside the same length of time just before it. */
export function CostTotals({ breakdown, loading }: { breakdown?: CostBreakdown; loading: boolean }) {
  const money = (v: number) => (breakdown ? formatMoney(v, breakdown.currency) : '—');
  const skeleton = <Skeleton width={110} height={26} />;
  return (
    <div className="grid-3" data-testid="cost-totals">
      <Stat
        label="Total"
        value={loading || !breakdown ? skeleton : money(breakdown.total)}
        sub={breakdown && <ChangeText current={breakdown.total} previous={breakdown.previousTotal} />}
      />
      <Stat
        label="Previous period"
        value={loading || !breakdown ? skeleton : money(breakdown.previousTotal)}
        sub={breakdown && `${breakdown.previousFrom} – ${dayBefore(breakdown.previousTo)}`}
      />
      <Stat
        label="Change"
        value={loading || !breakdown ? skeleton : money(breakdown.total - breakdown.previousTotal)}
        sub={breakdown?.currency ? `All amounts in ${breakdown.currency}` : undefined}
      />
    </div>
  );
}
