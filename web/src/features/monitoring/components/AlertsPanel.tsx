import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Button } from '@/components/Button';
import { Card } from '@/components/Card';
import { DataTable, type Column } from '@/components/DataTable';
import { SelectField } from '@/components/Field';
import { errorMessage } from '@/lib/api/errors';
import type { Alert, AlertSeverity, AlertState, SilenceMatcher } from '@/lib/api/types';
import { formatDateTime, formatRelative } from '@/lib/format';
import { useToast } from '@/lib/toast/useToast';
import { useListAlertRulesQuery, useListAlertsQuery } from '../api/monitoringApi';
import { AckDialog } from './AckDialog';
import { AlertDrawer } from './AlertDrawer';
import { ALERT_SEVERITIES, AlertSeverityBadge, AlertStateBadge, alertSeverityLabel } from './badges';
import { formatMetricValue } from './metrics';
import { SilenceDialog } from './SilenceDialog';

const PAGE = 50;
/** Active alerts are the pending and the firing ones: two lists, shown together. */
const ACTIVE_LIMIT = 200;
const RANK: Record<string, number> = { critical: 0, warning: 1, info: 2 };

/** When the alert entered its current state. */
const since = (a: Alert) => (a.state === 'resolved' ? a.endsAt : a.state === 'firing' ? a.startsAt : a.activeAt) ?? a.activeAt;

/** The matchers "Silence…" starts from: this rule on this resource. */
export function silenceMatchersFor(a: Alert): SilenceMatcher[] {
  const m: SilenceMatcher[] = [{ name: 'alertname', value: a.ruleName, isRegex: false }];
  if (a.resourceId) m.push({ name: 'resourceId', value: a.resourceId, isRegex: false });
  return m;
}

/** Active (pending and firing) or resolved alerts; operators acknowledge and silence; an alert opens with its history. */
export function AlertsPanel({ canOperate }: { canOperate: boolean }) {
  const [params, setParams] = useSearchParams();
  const stateParam = params.get('state');
  const state: 'active' | AlertState = stateParam === 'firing' || stateParam === 'pending' || stateParam === 'resolved' ? stateParam : 'active';
  const sevParam = params.get('severity');
  const severity = ALERT_SEVERITIES.includes(sevParam as AlertSeverity) ? (sevParam as AlertSeverity) : undefined;
  const set = (changes: Record<string, string | undefined>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    setParams(p, { replace: true });
  };
  const [cursors, setCursors] = useState<string[]>([]);
  const signature = `${state}|${severity}`;
  const [seen, setSeen] = useState(signature);
  if (seen !== signature) {
    setSeen(signature);
    setCursors([]);
  }
  const active = state === 'active';
  const firing = useListAlertsQuery({ state: 'firing', severity, limit: ACTIVE_LIMIT }, { skip: !active });
  const pending = useListAlertsQuery({ state: 'pending', severity, limit: ACTIVE_LIMIT }, { skip: !active });
  const single = useListAlertsQuery({ state: active ? undefined : state, severity, limit: PAGE, cursor: cursors.at(-1) }, { skip: active });
  const rules = useListAlertRulesQuery();
  const metricOf = (ruleId: string) => {
    const r = rules.data?.find((x) => x.id === ruleId);
    return r?.kind === 'metric' ? r.metric : undefined;
  };

  const rows = useMemo(() => {
    if (!active) return single.data?.items;
    if (!firing.data || !pending.data) return undefined;
    return [...firing.data.items, ...pending.data.items].sort(
      (a, b) => (a.state === b.state ? 0 : a.state === 'firing' ? -1 : 1) || RANK[a.severity] - RANK[b.severity] || (since(a) < since(b) ? 1 : -1),
    );
  }, [active, single.data, firing.data, pending.data]);
  const loading = active ? firing.isLoading || pending.isLoading : single.isLoading;
  const fetching = active ? firing.isFetching || pending.isFetching : single.isFetching;
  const error = active ? firing.error ?? pending.error : single.error;
  const refetch = () => {
    if (active) {
      void firing.refetch();
      void pending.refetch();
    } else void single.refetch();
  };
  const moreActive = active && (!!firing.data?.page.nextCursor || !!pending.data?.page.nextCursor);
  const next = single.data?.page.nextCursor ?? null;

  const [openId, setOpenId] = useState<string | null>(null);
  const [acking, setAcking] = useState<Alert | null>(null);
  const [silencing, setSilencing] = useState<SilenceMatcher[] | null>(null);
  const toast = useToast();
  const open = rows?.find((a) => a.id === openId) ?? null;

  const columns: Column<Alert>[] = [
    { key: 'severity', header: 'Severity', render: (a) => <AlertSeverityBadge severity={a.severity} />, width: 110 },
    {
      key: 'alert',
      header: 'Alert',
      render: (a) => (
        <div>
          <button
            type="button"
            className="link-btn cell-title"
            onClick={(e) => {
              e.stopPropagation();
              setOpenId(a.id);
            }}
          >
            {a.ruleName}
          </button>
          {a.summary && <div className="cell-sub">{a.summary}</div>}
        </div>
      ),
    },
    { key: 'resource', header: 'Resource', render: (a) => a.resourceName ?? <span className="muted">—</span> },
    { key: 'state', header: 'State', render: (a) => <AlertStateBadge alert={a} /> },
    {
      key: 'since',
      header: 'Since',
      render: (a) => (
        <time dateTime={since(a)} title={formatDateTime(since(a))}>
          {formatRelative(since(a))}
        </time>
      ),
    },
    { key: 'value', header: 'Value', align: 'right', render: (a) => { const m = metricOf(a.ruleId); return m ? formatMetricValue(a.value, m) : (a.value ?? '—'); } },
    {
      key: 'ack',
      header: 'Acknowledged',
      render: (a) =>
        a.acknowledgedBy ? (
          <div title={a.ackComment ?? undefined}>
            <div>{a.acknowledgedBy.name}</div>
            {a.ackComment && <div className="cell-sub">{a.ackComment}</div>}
          </div>
        ) : (
          <span className="muted">No</span>
        ),
    },
    ...(canOperate
      ? [
          {
            key: 'actions',
            header: <span className="sr-only">Actions</span>,
            align: 'right' as const,
            className: 'col-actions',
            render: (a: Alert) =>
              a.state === 'resolved' ? null : (
                <div className="row" style={{ justifyContent: 'flex-end', gap: 4 }} onClick={(e) => e.stopPropagation()}>
                  {!a.acknowledgedBy && (
                    <Button size="sm" variant="ghost" onClick={() => setAcking(a)} aria-label={`Acknowledge ${a.ruleName}${a.resourceName ? ` on ${a.resourceName}` : ''}`}>
                      Acknowledge…
                    </Button>
                  )}
                  <Button size="sm" variant="ghost" onClick={() => setSilencing(silenceMatchersFor(a))} aria-label={`Silence ${a.ruleName}${a.resourceName ? ` on ${a.resourceName}` : ''}`}>
                    Silence…
                  </Button>
                </div>
              ),
          },
        ]
      : []),
  ];

  return (
    <Card>
      <div className="monitoring-controls">
        <SelectField label="State" value={state} onChange={(e) => set({ state: e.target.value === 'active' ? undefined : e.target.value })} data-testid="alerts-state">
          <option value="active">Active (pending and firing)</option>
          <option value="firing">Firing</option>
          <option value="pending">Pending</option>
          <option value="resolved">Resolved</option>
        </SelectField>
        <SelectField label="Severity" value={severity ?? ''} onChange={(e) => set({ severity: e.target.value })}>
          <option value="">All severities</option>
          {ALERT_SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {alertSeverityLabel(s)}
            </option>
          ))}
        </SelectField>
      </div>
      <DataTable
        caption="Alerts"
        columns={columns}
        rows={rows}
        getRowId={(a) => a.id}
        loading={loading}
        fetching={fetching}
        error={error ? errorMessage(error) : null}
        onRetry={refetch}
        onRowClick={(a) => setOpenId(a.id)}
        selectedId={openId}
        testId="monitoring-alerts"
        empty={
          <p className="muted" style={{ padding: 16 }}>
            {active ? 'Nothing is pending or firing — all quiet.' : `No ${state} alerts${severity ? ` of ${severity} severity` : ''}.`}
          </p>
        }
      />
      {moreActive && <p className="muted" style={{ padding: '8px 16px' }}>Showing the first {ACTIVE_LIMIT} pending and {ACTIVE_LIMIT} firing alerts; filter by severity to narrow.</p>}
      {!active && (
        <div className="row monitoring-pager">
          <Button size="sm" variant="ghost" disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
            Previous
          </Button>
          <span className="muted">Page {cursors.length + 1}</span>
          <Button size="sm" variant="ghost" disabled={!next} onClick={() => next && setCursors((c) => [...c, next])}>
            Next
          </Button>
        </div>
      )}
      <AlertDrawer
        alert={open}
        metric={open ? metricOf(open.ruleId) : undefined}
        canOperate={canOperate}
        onClose={() => setOpenId(null)}
        onAck={setAcking}
        onSilence={(a) => setSilencing(silenceMatchersFor(a))}
      />
      <AckDialog alert={acking} onClose={() => setAcking(null)} onDone={(a) => toast.success(`Acknowledged ${a.ruleName}`)} />
      <SilenceDialog initial={silencing} onClose={() => setSilencing(null)} onCreated={() => toast.success('Silence created')} />
    </Card>
  );
}
