import { Badge } from '@/components/Badge';
import { Button } from '@/components/Button';
import { Drawer } from '@/components/Dialog';
import { ErrorState, Skeleton } from '@/components/States';
import { errorMessage } from '@/lib/api/errors';
import type { Alert } from '@/lib/api/types';
import { formatDateTime, humanize } from '@/lib/format';
import { useGetAlertHistoryQuery } from '../api/monitoringApi';
import { AlertSeverityBadge, AlertStateBadge } from './badges';
import { formatMetricValue } from './metrics';

/** One alert: what fired, on what, its acknowledgement, notification and every state change. */
export function AlertDrawer({
  alert,
  metric,
  canOperate,
  onClose,
  onAck,
  onSilence,
}: {
  alert: Alert | null;
  /** The rule's metric, for the value's unit (when known). */
  metric?: string;
  canOperate: boolean;
  onClose: () => void;
  onAck: (a: Alert) => void;
  onSilence: (a: Alert) => void;
}) {
  const history = useGetAlertHistoryQuery(alert?.id ?? '', { skip: !alert });
  const a = alert;
  return (
    <Drawer open={a !== null} onClose={onClose} title={a?.ruleName ?? 'Alert'} subtitle={a ? a.resourceName ?? 'No resource' : undefined}>
      {a && (
        <div className="stack" data-testid="alert-detail">
          <div className="row wrap">
            <AlertSeverityBadge severity={a.severity} />
            <AlertStateBadge alert={a} />
          </div>
          {a.summary && <p>{a.summary}</p>}
          {a.description && a.description !== a.summary && <p className="muted">{a.description}</p>}
          <dl className="monitoring-facts">
            <div>
              <dt>Value</dt>
              <dd>{metric ? formatMetricValue(a.value, metric) : (a.value ?? '—')}</dd>
            </div>
            <div>
              <dt>Pending since</dt>
              <dd>{formatDateTime(a.activeAt)}</dd>
            </div>
            <div>
              <dt>Firing since</dt>
              <dd>{formatDateTime(a.startsAt)}</dd>
            </div>
            {a.endsAt && (
              <div>
                <dt>Resolved</dt>
                <dd>{formatDateTime(a.endsAt)}</dd>
              </div>
            )}
            <div>
              <dt>Notification</dt>
              <dd>
                {a.notification.status === 'failed' ? (
                  <Badge tone="danger">Failed{a.notification.error ? `: ${a.notification.error}` : ''}</Badge>
                ) : (
                  humanize(a.notification.status)
                )}
              </dd>
            </div>
          </dl>
          {Object.keys(a.labels).length > 0 && (
            <section>
              <h3 className="section-title">Labels</h3>
              <div className="row wrap">
                {Object.entries(a.labels).map(([k, v]) => (
                  <Badge key={k}>
                    {k}={v}
                  </Badge>
                ))}
              </div>
            </section>
          )}
          <section data-testid="alert-ack">
            <h3 className="section-title">Acknowledgement</h3>
            {a.acknowledgedBy ? (
              <p>
                {a.acknowledgedBy.name}, {formatDateTime(a.acknowledgedAt)}
                {a.ackComment ? <>: “{a.ackComment}”</> : null}
              </p>
            ) : (
              <p className="muted">Not acknowledged.</p>
            )}
          </section>
          {canOperate && a.state !== 'resolved' && (
            <div className="row">
              {!a.acknowledgedBy && (
                <Button onClick={() => onAck(a)} data-testid="alert-drawer-ack">
                  Acknowledge…
                </Button>
              )}
              <Button onClick={() => onSilence(a)} data-testid="alert-drawer-silence">
                Silence…
              </Button>
            </div>
          )}
          <section>
            <h3 className="section-title">History</h3>
            {history.isLoading ? (
              <Skeleton height={80} />
            ) : history.error ? (
              <ErrorState title="Could not load the history" message={errorMessage(history.error)} onRetry={history.refetch} />
            ) : (
              <ol className="monitoring-history" data-testid="alert-history">
                {(history.data ?? []).map((h, i) => (
                  <li key={`${h.at}-${i}`}>
                    <time dateTime={h.at}>{formatDateTime(h.at)}</time>
                    <span>
                      {humanize(h.from)} → <strong>{humanize(h.to)}</strong>
                      {h.value !== null && <span className="muted"> at {metric ? formatMetricValue(h.value, metric) : h.value}</span>}
                      {h.note && <span className="muted"> · {h.note}</span>}
                    </span>
                  </li>
                ))}
              </ol>
            )}
          </section>
        </div>
      )}
    </Drawer>
  );
}
