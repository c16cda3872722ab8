import { Link } from 'react-router';
import { Card, CardHeader } from '@/components/Card';
import { SEVERITIES, SeverityBadge } from '@/components/SeverityBadge';
import { EmptyState, Skeleton } from '@/components/States';
import { IconShield } from '@/components/icons';
import { useGetSecuritySummaryQuery } from '@/lib/api/security';
import { formatNumber, formatRelative } from '@/lib/format';

/** The security posture at a glance: open findings per severity, each a link to them. */
export function SecurityCard() {
  const q = useGetSecuritySummaryQuery();
  const s = q.data;
  return (
    <Card data-testid="dashboard-security">
      <CardHeader
        title="Security posture"
        description={s?.lastScan ? `Open findings · scanned ${formatRelative(s.lastScan.finishedAt ?? s.lastScan.createdAt)}` : 'Open findings'}
        actions={<Link to="/security" className="btn btn-sm">Security</Link>}
      />
      {q.isLoading ? (
        <div className="card-body"><Skeleton height={150} /></div>
      ) : !s?.lastScan ? (
        <EmptyState icon={<IconShield />} title="No scan yet" description="Resources are checked against the security rules after every sync." />
      ) : (
        <ul className="activity">
          {SEVERITIES.map((sev) => (
            <li key={sev}>
              <SeverityBadge severity={sev} />
              <Link to={`/security?tab=findings&severity=${sev}`}>{formatNumber(s.bySeverity[sev])} open</Link>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
