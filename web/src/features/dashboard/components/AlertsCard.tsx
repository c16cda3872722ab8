import { Link } from 'react-router';
import { Badge, type Tone } from '@/components/Badge';
import { Card, CardHeader } from '@/components/Card';
import { EmptyState, ErrorState, Skeleton } from '@/components/States';
import { IconActivity } from '@/components/icons';
import { errorMessage } from '@/lib/api/errors';
import { useListAlertsQuery } from '@/lib/api/monitoring';
import { formatRelative } from '@/lib/format';

const SHOWN = 5;
const TONES: Record<string, Tone> = { critical: 'danger', warning: 'warning', info: 'info' };
const RANK: Record<string, number> = { critical: 0, warning: 1, info: 2 };

/** The alerts firing now, worst first, each a link to the Monitoring area's alerts. */
export function AlertsCard() {
  const q = useListAlertsQuery({ state: 'firing', limit: 50 });
  const items = [...(q.data?.items ?? [])]
    .sort((a, b) => (RANK[a.severity] ?? 3) - (RANK[b.severity] ?? 3))
    .slice(0, SHOWN);
  const total = q.data?.page.total ?? q.data?.items.length ?? 0;
  return (
    <Card data-testid="dashboard-alerts">
      <CardHeader
        title="Firing alerts"
        description={q.data ? (total === 0 ? 'Nothing is firing' : `${total} firing now`) : 'Alerts firing now'}
        actions={<Link to="/monitoring?tab=alerts" className="btn btn-sm">Monitoring</Link>}
      />
      {q.isLoading ? (
        <div className="card-body"><Skeleton height={150} /></div>
      ) : q.error ? (
        <ErrorState title="Could not load the alerts" message={errorMessage(q.error)} onRetry={q.refetch} />
      ) : items.length === 0 ? (
        <EmptyState icon={<IconActivity />} title="All quiet" description="No alert rule is firing. Rules are evaluated every interval." />
      ) : (
        <ul className="activity">
          {items.map((a) => (
            <li key={a.id}>
              <Badge tone={TONES[a.severity] ?? 'neutral'} dot>
                {a.severity.charAt(0).toUpperCase() + a.severity.slice(1)}
              </Badge>
              <span>
                <Link to={`/monitoring?tab=alerts&severity=${a.severity}`}>{a.ruleName}</Link>
                {a.resourceName && <span className="faint"> {a.resourceName}</span>}
              </span>
              <span className="when">{formatRelative(a.startsAt ?? a.activeAt)}</span>
            </li>
          ))}
          {total > SHOWN && (
            <li>
              <Link to="/monitoring?tab=alerts&state=firing">{total - SHOWN} more firing…</Link>
            </li>
          )}
        </ul>
      )}
    </Card>
  );
}
