import { useMemo, useState } from 'react';
import { Card, CardHeader } from '@/components/Card';
import { SegmentedControl } from '@/components/Field';
import { EmptyState, ErrorState, Skeleton } from '@/components/States';
import { IconActivity } from '@/components/icons';
import { errorMessage } from '@/lib/api/errors';
import type { AlertTimelineEntry } from '@/lib/api/types';
import { useDisplayTimeZone } from '@/lib/api/usePreferences';
import { formatDate, formatTime, humanize } from '@/lib/format';
import { useListAlertTimelineQuery } from '../api/monitoringApi';
import { AlertSeverityBadge } from './badges';
import { rangeBounds } from './metrics';

const SPANS = { '24h': 86400, '7d': 7 * 86400, '30d': 30 * 86400 } as const;
type Span = keyof typeof SPANS;
const LIMIT = 500;

const TONE: Record<string, string> = { firing: 'danger', pending: 'info', resolved: 'success', inactive: 'neutral' };

/** Every state change of every alert, newest first, grouped by day. */
export function HistoryPanel() {
  const [span, setSpan] = useState<Span>('7d');
  // Up to now (the server's default): a minute-rounded end would hide what just happened.
  const { from } = useMemo(() => rangeBounds(SPANS[span]), [span]);
  const q = useListAlertTimelineQuery({ from, limit: LIMIT });
  const timeZone = useDisplayTimeZone();
  const days = useMemo(() => {
    const out: { day: string; items: AlertTimelineEntry[] }[] = [];
    const sorted = [...(q.data ?? [])].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
    for (const e of sorted) {
      const day = formatDate(e.at, timeZone);
      if (out.at(-1)?.day !== day) out.push({ day, items: [] });
      out.at(-1)!.items.push(e);
    }
    return out;
  }, [q.data, timeZone]);
  return (
    <Card>
      <CardHeader
        title="Alert history"
        description={q.data ? `${q.data.length}${q.data.length >= LIMIT ? '+' : ''} state changes in the last ${span}` : 'State changes of every alert'}
        actions={
          <SegmentedControl label="History range" value={span} onChange={setSpan} options={(Object.keys(SPANS) as Span[]).map((s) => ({ value: s, label: s }))} />
        }
      />
      <div className="card-body" aria-busy={q.isFetching || undefined}>
        {q.isLoading ? (
          <Skeleton height={200} />
        ) : q.error ? (
          <ErrorState title="Could not load the history" message={errorMessage(q.error)} onRetry={q.refetch} />
        ) : days.length === 0 ? (
          <EmptyState title="Nothing happened" description={`No alert changed state in the last ${span}.`} icon={<IconActivity />} />
        ) : (
          <div className="monitoring-timeline" data-testid="monitoring-timeline">
            {days.map((d) => (
              <section key={d.day} aria-label={d.day}>
                <h3 className="section-title">{d.day}</h3>
                <ol>
                  {d.items.map((e, i) => (
                    <li key={`${e.alertId}-${e.at}-${i}`} className={`monitoring-event tone-${TONE[e.to] ?? 'neutral'}`}>
                      <time dateTime={e.at}>{formatTime(e.at, timeZone)}</time>
                      <AlertSeverityBadge severity={e.severity} />
                      <span>
                        <strong>{e.ruleName}</strong>
                        {e.resourceName && <> on {e.resourceName}</>}: {humanize(e.from)} → <strong>{humanize(e.to)}</strong>
                        {e.value !== null && <span className="muted"> ({Math.round(e.value * 100) / 100})</span>}
                      </span>
                    </li>
                  ))}
                </ol>
              </section>
            ))}
          </div>
        )}
      </div>
    </Card>
  );
}
