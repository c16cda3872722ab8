import { Card, CardHeader } from '@/components/Card';
import type { CostBreakdown } from '@/lib/api/types';
import type { CostGroup } from '../utils/view';
import { formatMoney, formatPercent } from '../utils/money';

type Mover = CostBreakdown['movers'][number];

/** "+100%", "new" or "gone": how the group's cost compares with the previous period. */
function Relative({ mover }: { mover: Mover }) {
  if (mover.previousTotal === 0) return <span className="muted">new</span>;
  if (mover.total === 0) return <span className="muted">gone</span>;
  if (mover.changePercent === null) return null;
  return <span className="muted">{`${mover.changePercent > 0 ? '+' : '−'}${formatPercent(Math.abs(mover.changePercent) / 100)}`}</span>;
}

/**
 * The groups whose cost changed most against the previous period, up or down — the first thing
 * to look at when a total moved. The API picks them among every group, not only the shown ones.
 */
export function TopMovers({
  breakdown,
  group,
  groupName,
  groupLabel,
}: {
  breakdown: CostBreakdown;
  group: CostGroup;
  groupName: string;
  groupLabel: (value: string) => string;
}) {
  if (breakdown.movers.length === 0) return null;
  const largest = Math.max(...breakdown.movers.map((m) => Math.abs(m.change)));
  return (
    <Card>
      <CardHeader title="Top movers" description={`The ${groupName.toLowerCase()} groups whose cost changed most vs the previous period`} />
      <ul className="cost-movers" aria-label="Top movers">
        {breakdown.movers.map((m) => {
          const value = m.key[group] ?? '';
          const up = m.change > 0;
          const sign = up ? '+' : '−';
          return (
            <li key={value} className="cost-mover">
              <span className="cost-mover-name">{groupLabel(value)}</span>
              <span className="cost-mover-bar" aria-hidden="true">
                <span className={up ? 'cost-mover-fill cost-up-bg' : 'cost-mover-fill cost-down-bg'} style={{ width: `${(Math.abs(m.change) / largest) * 100}%` }} />
              </span>
              <span className={up ? 'cost-up' : 'cost-down'}>
                <span className="sr-only">{up ? 'up ' : 'down '}</span>
                {`${sign}${formatMoney(Math.abs(m.change), breakdown.currency)}`}
              </span>
              <Relative mover={m} />
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
