import { Link } from 'react-router';
import { SeverityBadge } from '@/components/SeverityBadge';
import { ErrorState, Skeleton } from '@/components/States';
import { useListResourceFindingsQuery } from '@/lib/api/security';
import { errorMessage } from '@/lib/api/errors';

/** The resource's open security findings, worst first, each a link to its detail in Security. */
export default function ResourceFindingsPanel({ resourceId }: { resourceId: string }) {
  const q = useListResourceFindingsQuery(resourceId);
  let body;
  if (q.isLoading) body = <Skeleton height={60} />;
  else if (q.error) body = <ErrorState title="Findings unavailable" message={errorMessage(q.error)} onRetry={q.refetch} />;
  else if (!q.data?.length) body = <p className="muted">No open findings: every security rule passes.</p>;
  else
    body = (
      <ul className="activity">
        {q.data.map((f) => (
          <li key={f.id}>
            <SeverityBadge severity={f.severity} />
            <span>{f.title}</span>
          </li>
        ))}
      </ul>
    );
  return (
    <section data-testid="resource-findings">
      <h3 className="section-title">Security</h3>
      {body}
      {Boolean(q.data?.length) && (
        <p>
          <Link to={`/security?tab=findings&resourceId=${encodeURIComponent(resourceId)}`}>See the findings and how to fix them</Link>
        </p>
      )}
    </section>
  );
}
