import { useState } from 'react';
import { Badge } from '@/components/Badge';
import { Button } from '@/components/Button';
import { Card, CardHeader } from '@/components/Card';
import { DataTable, type Column } from '@/components/DataTable';
import { ConfirmDialog } from '@/components/Dialog';
import { Switch } from '@/components/Field';
import { EmptyState } from '@/components/States';
import { IconActivity } from '@/components/icons';
import { useListProvidersQuery } from '@/lib/api/endpoints';
import { errorMessage } from '@/lib/api/errors';
import type { AlertRule } from '@/lib/api/types';
import { useToast } from '@/lib/toast/useToast';
import { useDeleteAlertRuleMutation, useListAlertRulesQuery, useUpdateAlertRuleMutation } from '../api/monitoringApi';
import { AlertSeverityBadge } from './badges';
import { conditionText, scopeText } from './metrics';
import { RuleEditor } from './RuleEditor';

function EnabledSwitch({ rule }: { rule: AlertRule }) {
  const [update, { isLoading }] = useUpdateAlertRuleMutation();
  const toast = useToast();
  return (
    <Switch
      checked={rule.enabled}
      busy={isLoading}
      label={`${rule.name} enabled`}
      onChange={async (enabled) => {
        try {
          await update({ id: rule.id, patch: { enabled } }).unwrap();
        } catch (e) {
          toast.error(`Could not ${enabled ? 'enable' : 'disable'} the rule`, errorMessage(e));
        }
      }}
    />
  );
}

/** The alert rules with their condition, scope and active alerts; operators add, edit, enable and delete them. */
export function RulesPanel({ canOperate }: { canOperate: boolean }) {
  const q = useListAlertRulesQuery();
  const providers = useListProvidersQuery();
  const accountName = (id: string) => providers.data?.find((p) => p.id === id)?.name ?? id;
  const [editing, setEditing] = useState<{ rule: AlertRule | null } | null>(null);
  const [deleting, setDeleting] = useState<AlertRule | null>(null);
  const [remove, removing] = useDeleteAlertRuleMutation();
  const toast = useToast();

  const columns: Column<AlertRule>[] = [
    {
      key: 'name',
      header: 'Rule',
      render: (r) => (
        <div>
          {canOperate ? (
            <button type="button" className="link-btn cell-title" onClick={() => setEditing({ rule: r })}>
              {r.name}
            </button>
          ) : (
            <div className="cell-title">{r.name}</div>
          )}
          <div className="cell-sub mono">{conditionText(r)}</div>
        </div>
      ),
    },
    { key: 'severity', header: 'Severity', render: (r) => <AlertSeverityBadge severity={r.severity} />, width: 110 },
    { key: 'scope', header: 'Scope', render: (r) => scopeText(r.scope, accountName, r.kind) },
    {
      key: 'active',
      header: 'Active',
      render: (r) =>
        r.active.firing + r.active.pending === 0 ? (
          <span className="muted">None</span>
        ) : (
          <span className="row wrap" style={{ gap: 4 }}>
            {r.active.firing > 0 && <Badge tone="danger">{r.active.firing} firing</Badge>}
            {r.active.pending > 0 && <Badge tone="info">{r.active.pending} pending</Badge>}
          </span>
        ),
    },
    {
      key: 'enabled',
      header: 'Enabled',
      render: (r) => (canOperate ? <EnabledSwitch rule={r} /> : r.enabled ? <Badge tone="success">Enabled</Badge> : <Badge>Disabled</Badge>),
    },
    ...(canOperate
      ? [
          {
            key: 'actions',
            header: <span className="sr-only">Actions</span>,
            align: 'right' as const,
            className: 'col-actions',
            render: (r: AlertRule) => (
              <div className="row" style={{ justifyContent: 'flex-end', gap: 4 }}>
                <Button size="sm" variant="ghost" onClick={() => setEditing({ rule: r })} aria-label={`Edit ${r.name}`}>
                  Edit
                </Button>
                <Button size="sm" variant="ghost" onClick={() => setDeleting(r)} aria-label={`Delete ${r.name}`}>
                  Delete
                </Button>
              </div>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card>
      <CardHeader
        title="Alert rules"
        description={q.data ? `${q.data.length} rule${q.data.length === 1 ? '' : 's'} · evaluated every interval, once per resource in scope` : undefined}
        actions={
          canOperate && (
            <Button variant="primary" onClick={() => setEditing({ rule: null })} data-testid="monitoring-add-rule">
              New rule
            </Button>
          )
        }
      />
      <DataTable
        caption="Alert rules"
        columns={columns}
        rows={q.data}
        getRowId={(r) => r.id}
        loading={q.isLoading}
        fetching={q.isFetching}
        error={q.error ? errorMessage(q.error) : null}
        onRetry={q.refetch}
        testId="monitoring-rules"
        empty={
          <EmptyState
            title="No alert rules yet"
            description="A rule watches a metric (or a server's state, or an account's sync) and fires when its condition holds."
            icon={<IconActivity />}
            action={
              canOperate ? (
                <Button variant="primary" onClick={() => setEditing({ rule: null })}>
                  New rule
                </Button>
              ) : undefined
            }
          />
        }
      />
      <RuleEditor
        open={editing !== null}
        rule={editing?.rule ?? null}
        onClose={() => setEditing(null)}
        onSaved={(r) => toast.success(editing?.rule ? `Saved ${r.name}` : `Created ${r.name}`)}
      />
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.name ?? 'the rule'}?`}
        message="Its alerts resolve and its history stays in the timeline."
        confirmLabel="Delete rule"
        danger
        loading={removing.isLoading}
        onCancel={() => setDeleting(null)}
        onConfirm={async () => {
          if (!deleting) return;
          try {
            await remove(deleting.id).unwrap();
            setDeleting(null);
          } catch (e) {
            toast.error('Could not delete the rule', errorMessage(e));
          }
        }}
      />
    </Card>
  );
}
