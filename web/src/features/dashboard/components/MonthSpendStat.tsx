import { Link } from 'react-router';
import { Stat } from '@/components/Card';
import { Skeleton } from '@/components/States';
import { IconCoin } from '@/components/icons';
import { useGetCostBreakdownQuery } from '@/lib/api/costs';
import { presetRange } from '@/lib/costRanges';
import { formatCurrency } from '@/lib/format';

function money(amount: number, currency: string) {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 0 }).format(amount);
}

/**
 * This month's spend so far beside last month's, from the cost data; the inventory's list-price
 * estimate until there is cost data (or when it cannot be read, e.g. several currencies).
 */
export function MonthSpendStat({ estimate, loading, now }: { estimate: number | undefined; loading: boolean; now: Date }) {
  const thisMonth = useGetCostBreakdownQuery({ ...presetRange('thisMonth', now), granularity: 'monthly' });
  const lastMonth = useGetCostBreakdownQuery({ ...presetRange('lastMonth', now), granularity: 'monthly' });
  const current = thisMonth.data;
  const currency = current?.currency ?? lastMonth.data?.currency;
  if (currency && current) {
    const last = lastMonth.data?.currency === currency ? lastMonth.data.total : null;
    return (
      <Stat
        label="Spend this month"
        icon={<IconCoin width={14} height={14} />}
        value={money(current.total, currency)}
        sub={
          <>
            {last !== null ? `Last month ${money(last, currency)}` : 'No cost last month'} · <Link to="/cost">Costs</Link>
          </>
        }
      />
    );
  }
  return (
    <Stat
      label="Monthly cost (estimated)"
      icon={<IconCoin width={14} height={14} />}
      value={loading || thisMonth.isLoading ? <Skeleton width={90} height={26} /> : formatCurrency(estimate ?? 0, { whole: true })}
      sub="Estimated at list price across all accounts"
    />
  );
}
