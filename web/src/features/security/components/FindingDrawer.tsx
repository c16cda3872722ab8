import { useState } from 'react';
import { Badge, ProviderBadge } from '@/components/Badge';
import { Button } from '@/components/Button';
import { Drawer } from '@/components/Dialog';
import { ErrorState, Skeleton } from '@/components/States';
import { errorMessage } from '@/lib/api/errors';
import { formatDateTime } from '@/lib/format';
import { useToast } from '@/lib/toast/useToast';
import { useDeleteMuteMutation, useGetFindingQuery } from '../api/securityApi';
import { MuteDialog, type MuteTarget } from './MuteDialog';
import { SeverityBadge } from '@/components/SeverityBadge';

function Snippet({ label, text }: { label: string; text: string }) {
  const toast = useToast();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      toast.success(`${label} copied`);
    } catch {
      toast.error(`Could not copy the ${label}`, 'The browser refused the clipboard; select the text and copy it by hand.');
    }
  };
  return (
    <div className="security-snippet">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <span className="muted">{label}</span>
        <Button size="sm" variant="ghost" onClick={() => void copy()} aria-label={`Copy ${label}`}>
          Copy
        </Button>
      </div>
      <pre>
        <code>{text}</code>
      </pre>
    </div>
  );
}

/** One finding: what is wrong, why it matters, how to fix it, the evidence and its mute. */
export function FindingDrawer({ id, canOperate, onClose }: { id: string | null; canOperate: boolean; onClose: () => void }) {
  const q = useGetFindingQuery(id ?? '', { skip: !id });
  const [unmute, unmuting] = useDeleteMuteMutation();
  const [muting, setMuting] = useState<MuteTarget | null>(null);
  const toast = useToast();
  const f = q.data;
  return (
    <Drawer open={id !== null} onClose={onClose} title={f?.title ?? 'Finding'} subtitle={f ? `${f.resourceName} · ${f.ruleId}` : undefined}>
      {q.isLoading && <Skeleton height={200} />}
      {q.error && <ErrorState title="Could not load the finding" message={errorMessage(q.error)} onRetry={q.refetch} />}
      {f && (
        <div className="stack" data-testid="finding-detail">
          <div className="row wrap">
            <SeverityBadge severity={f.severity} />
            {f.status === 'resolved' ? <Badge tone="success">Resolved</Badge> : f.muted ? <Badge>Muted</Badge> : <Badge tone="warning">Open</Badge>}
            <ProviderBadge provider={f.provider} />
            <span className="muted">{f.region}</span>
          </div>
          <section>
            <h3 className="section-title">Risk</h3>
            <p>{f.risk}</p>
          </section>
          <section>
            <h3 className="section-title">How to fix it</h3>
            <p>{f.remediation.text}</p>
            {f.remediation.cli && <Snippet label="CLI" text={f.remediation.cli} />}
            {f.remediation.terraform && <Snippet label="Terraform" text={f.remediation.terraform} />}
            {f.remediation.url && (
              <p>
                <a href={f.remediation.url} target="_blank" rel="noreferrer">
                  Provider documentation
                </a>
              </p>
            )}
          </section>
          <section>
            <h3 className="section-title">Evidence</h3>
            <dl className="security-facts">
              {Object.entries(f.evidence ?? {}).map(([k, v]) => (
                <div key={k}>
                  <dt>{k}</dt>
                  <dd>{typeof v === 'object' ? JSON.stringify(v) : String(v)}</dd>
                </div>
              ))}
            </dl>
          </section>
          {f.frameworks.length > 0 && (
            <section>
              <h3 className="section-title">Compliance</h3>
              <div className="row wrap">
                {f.frameworks.map((m) => (
                  <Badge key={`${m.framework}:${m.requirement}`} tone="info">
                    {m.framework} {m.requirement}
                  </Badge>
                ))}
              </div>
            </section>
          )}
          <section>
            <h3 className="section-title">History</h3>
            <dl className="security-facts">
              <div>
                <dt>First seen</dt>
                <dd>{formatDateTime(f.firstSeenAt)}</dd>
              </div>
              <div>
                <dt>Last seen</dt>
                <dd>{formatDateTime(f.lastSeenAt)}</dd>
              </div>
              {f.resolvedAt && (
                <div>
                  <dt>Resolved</dt>
                  <dd>{formatDateTime(f.resolvedAt)}</dd>
                </div>
              )}
              <div>
                <dt>Reopened</dt>
                <dd>{f.reopenedCount === 0 ? 'never' : `${f.reopenedCount}×`}</dd>
              </div>
            </dl>
          </section>
          {f.mute ? (
            <section className="security-mute" data-testid="finding-mute">
              <h3 className="section-title">Muted</h3>
              <p>
                “{f.mute.reason}” — {f.mute.createdBy}, {f.mute.expiresAt ? `until ${formatDateTime(f.mute.expiresAt)}` : 'until removed'}
              </p>
              {canOperate && (
                <Button
                  size="sm"
                  loading={unmuting.isLoading}
                  onClick={async () => {
                    try {
                      await unmute(f.mute!.id).unwrap();
                    } catch (e) {
                      toast.error('Could not remove the mute', errorMessage(e));
                    }
                  }}
                >
                  Remove the mute
                </Button>
              )}
            </section>
          ) : (
            canOperate &&
            f.status === 'open' && (
              <div>
                <Button onClick={() => setMuting({ ruleIds: [f.ruleId], resourceIds: [f.resourceId], label: f.title })} data-testid="finding-mute-open">
                  Mute…
                </Button>
              </div>
            )
          )}
        </div>
      )}
      <MuteDialog target={muting} onClose={() => setMuting(null)} />
    </Drawer>
  );
}
