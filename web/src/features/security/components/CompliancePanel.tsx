import { useState } from 'react';
import { Badge } from '@/components/Badge';
import { Button } from '@/components/Button';
import { Card, CardHeader } from '@/components/Card';
import { ErrorState, Skeleton } from '@/components/States';
import { apiDownload } from '@/lib/api/http';
import { errorMessage } from '@/lib/api/errors';
import type { SecurityComplianceReport } from '@/lib/api/types';
import { downloadBlob } from '@/lib/download';
import { useToast } from '@/lib/toast/useToast';
import { useGetComplianceQuery, useListComplianceQuery } from '../api/securityApi';
import { SeverityBadge } from '@/components/SeverityBadge';

const STATUS_TONE = { pass: 'success', fail: 'danger', manual: 'neutral' } as const;

function ScoreBar({ score }: { score: number | null }) {
  return (
    <div className="security-score" aria-label={score === null ? 'No score' : `Score ${score}%`}>
      <div className="security-score-bar">
        <span style={{ width: `${score ?? 0}%` }} className={score !== null && score < 70 ? 'low' : ''} />
      </div>
      <strong>{score === null ? '—' : `${score}%`}</strong>
    </div>
  );
}

type Requirement = SecurityComplianceReport['requirements'][number];

function RequirementRow({ r }: { r: Requirement }) {
  const [open, setOpen] = useState(false);
  return (
    <li className="security-requirement" data-testid="compliance-requirement">
      <button type="button" className="security-requirement-head" aria-expanded={open} onClick={() => setOpen(!open)} disabled={r.rules.length === 0}>
        <Badge tone={STATUS_TONE[r.status]}>{r.status === 'pass' ? 'Pass' : r.status === 'fail' ? 'Fail' : 'Manual'}</Badge>
        <span className="security-requirement-id">{r.id}</span>
        <span className="security-requirement-title">{r.title}</span>
        <span className="muted">
          {r.status === 'fail'
            ? `${r.failing} failing`
            : r.status === 'pass'
              ? `${r.evaluated} checked`
              : r.rules.length === 0
                ? 'checked by hand'
                : 'no resource reports what its rules read yet'}
        </span>
      </button>
      {open && (
        <div className="security-requirement-body">
          <ul className="security-rule-list">
            {r.rules.map((rule) => (
              <li key={rule.id}>
                <SeverityBadge severity={rule.severity} /> {rule.title} <span className="muted">({rule.failing} failing of {rule.evaluated})</span>
              </li>
            ))}
          </ul>
          {r.failingResources.length > 0 && (
            <table className="table compact">
              <caption className="sr-only">Failing resources for {r.id}</caption>
              <thead>
                <tr>
                  <th>Resource</th>
                  <th>Type</th>
                  <th>Region</th>
                  <th>Rule</th>
                </tr>
              </thead>
              <tbody>
                {r.failingResources.map((f) => (
                  <tr key={`${f.ruleId}:${f.resourceId}`}>
                    <td>{f.resourceName}</td>
                    <td>{f.resourceType}</td>
                    <td>{f.region}</td>
                    <td>{f.ruleId}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </li>
  );
}

function FrameworkReport({ id, onBack }: { id: string; onBack: () => void }) {
  const q = useGetComplianceQuery(id);
  const toast = useToast();
  if (q.error) return <ErrorState title="Could not load the report" message={errorMessage(q.error)} onRetry={q.refetch} />;
  const r = q.data;
  const sections = new Map<string, Requirement[]>();
  for (const req of r?.requirements ?? []) sections.set(req.section, [...(sections.get(req.section) ?? []), req]);
  const exportAs = async (format: 'csv' | 'ocsf') => {
    try {
      const name = `cloudweave-compliance-${id}.${format === 'csv' ? 'csv' : 'ocsf.json'}`;
      downloadBlob(name, await apiDownload(`/security/compliance/${id}/export`, { params: { format } }));
    } catch (e) {
      toast.error('Could not export the report', errorMessage(e));
    }
  };
  return (
    <Card className="security-report">
      <CardHeader
        title={r ? `${r.framework.name} ${r.framework.version}` : 'Loading…'}
        description={r ? `${r.passed} passed · ${r.failed} failed · ${r.manual} checked by hand` : undefined}
        actions={
          <div className="row no-print">
            <Button size="sm" variant="ghost" onClick={onBack}>
              All frameworks
            </Button>
            <Button size="sm" onClick={() => void exportAs('csv')}>
              Export CSV
            </Button>
            <Button size="sm" onClick={() => void exportAs('ocsf')}>
              Export OCSF
            </Button>
            <Button size="sm" onClick={() => window.print()}>
              Print report
            </Button>
          </div>
        }
      />
      <div className="card-body stack">
        {r ? <ScoreBar score={r.score} /> : <Skeleton height={24} />}
        {[...sections.entries()].map(([section, reqs]) => (
          <section key={section}>
            <h3 className="section-title">{section}</h3>
            <ul className="security-requirements">
              {reqs.map((req) => (
                <RequirementRow key={req.id} r={req} />
              ))}
            </ul>
          </section>
        ))}
      </div>
    </Card>
  );
}

/** Compliance frameworks with their scores; one opens requirement by requirement. */
export function CompliancePanel() {
  const q = useListComplianceQuery();
  const [open, setOpen] = useState<string | null>(null);
  if (open) return <FrameworkReport id={open} onBack={() => setOpen(null)} />;
  if (q.error) return <Card><ErrorState title="Could not load compliance" message={errorMessage(q.error)} onRetry={q.refetch} /></Card>;
  return (
    <div className="security-frameworks" data-testid="security-frameworks">
      {(q.data ?? Array.from({ length: 8 }, () => null)).map((f, i) =>
        f ? (
          <button key={f.id} type="button" className="card security-framework" onClick={() => setOpen(f.id)} data-testid="compliance-framework">
            <span className="security-framework-name">{f.name}</span>
            <span className="muted">{f.version}</span>
            <ScoreBar score={f.score} />
            <span className="muted">
              {f.passed} passed · {f.failed} failed · {f.manual} manual
            </span>
          </button>
        ) : (
          <div key={i} className="card security-framework">
            <Skeleton height={80} />
          </div>
        ),
      )}
    </div>
  );
}
