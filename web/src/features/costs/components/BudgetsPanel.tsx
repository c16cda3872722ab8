import { useState } from 'react';
import { Badge, type Tone } from '@/components/Badge';
import { Button } from '@/components/Button';
import { Card, CardHeader } from '@/components/Card';
import { ConfirmDialog } from '@/components/Dialog';
import { EmptyState, ErrorState, Skeleton } from '@/components/States';
import { IconCoin } from '@/components/icons';
import { errorMessage } from '@/lib/api/errors';
import type { Budget } from '@/lib/api/types';
import { useToast } from '@/lib/toast/useToast';
import { useDeleteBudgetMutation, useListBudgetsQuery } from '../api/costsApi';
import { formatMoney } from '../utils/money';
import { BudgetDialog } from './BudgetDialog';

const STATES: Record<string, { label: string; tone: Tone }> = {
  ok: { label: 'On track', tone: 'success' },
  warning: { label: 'Warning', tone: 'warning' },
  exceeded: { label: 'Exceeded', tone: 'danger' },
};
const PERIODS: Record<string, string> = { monthly: 'Monthly', quarterly: 'Quarterly', yearly: 'Yearly' };

function scopeText(b: Budget): string {
  const parts = Object.entries(b.filters ?? {}).map(([k, v]) => `${k} ${v}`);
  return parts.length ? parts.join(' · ') : 'All costs';
}

/** Spend as a bar against the amount, the forecast as a marker on it (both capped at 150 %). */
function BudgetBar({ budget }: { budget: Budget }) {
  const s = budget.status;
  const forecastPct = s.forecast !== null ? (s.forecast / budget.amount) * 100 : null;
  // The bar spans the amount, or more (up to 150 %) when the spend or forecast goes past it.
  const scale = Math.max(100, Math.min(150, Math.max(s.percentUsed, forecastPct ?? 0)));
  const pct = (v: number) => `${Math.min(100, (v / scale) * 100)}%`;
  return (
    <div className="budget-bar" aria-hidden="true">
      <span className={`budget-bar-fill budget-${s.state}`} style={{ width: pct(s.percentUsed) }} />
      <span className="budget-bar-limit" style={{ left: pct(100) }} />
      {forecastPct !== null && <span className="budget-bar-forecast" style={{ left: pct(forecastPct) }} title="Forecast" />}
    </div>
  );
}

function BudgetRow({ budget, canManage, onEdit, onDelete }: { budget: Budget; canManage: boolean; onEdit: () => void; onDelete: () => void }) {
  const s = budget.status;
  const state = STATES[s.state] ?? STATES.ok;
  const money = (v: number) => formatMoney(v, budget.currency);
  return (
    <li className="budget" data-testid="budget">
      <div className="row-between">
        <div>
          <strong>{budget.name}</strong>
          <div className="cell-sub">
            {PERIODS[budget.period]} · {scopeText(budget)} · {s.periodStart} – {s.periodEnd}
          </div>
        </div>
        <div className="row">
          <Badge tone={state.tone} dot>
            {state.label}
          </Badge>
          {canManage && (
            <>
              <Button size="sm" variant="ghost" onClick={onEdit} aria-label={`Edit ${budget.name}`}>
                Edit
              </Button>
              <Button size="sm" variant="ghost" onClick={onDelete} aria-label={`Delete ${budget.name}`}>
                Delete
              </Button>
            </>
          )}
        </div>
      </div>
      {s.error ? (
        <p className="field-error">{s.error}</p>
      ) : (
        <>
          <BudgetBar budget={budget} />
          <p className="budget-figures">
            <span>
              <strong>{money(s.spent)}</strong> of {money(budget.amount)} spent ({s.percentUsed.toFixed(0)}%)
            </span>
            <span className="muted">{s.forecast !== null ? `Forecast ${money(s.forecast)} by the period's end` : 'No forecast yet'}</span>
          </p>
          {s.crossed.length > 0 && (
            <p className="cell-sub">
              Alerted: {s.crossed.map((c) => `${c.basis === 'forecast' ? 'forecast' : 'spend'} ${c.percent}%`).join(', ')}
            </p>
          )}
        </>
      )}
    </li>
  );
}

/** Budgets with progress bars and forecast markers; admins create, edit and delete them. */
export function BudgetsPanel({ canManage }: { canManage: boolean }) {
  const q = useListBudgetsQuery();
  const [editing, setEditing] = useState<Budget | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Budget | null>(null);
  const [remove, removing] = useDeleteBudgetMutation();
  const toast = useToast();

  let body;
  if (q.isLoading) body = <Skeleton height={120} />;
  else if (q.error) body = <ErrorState title="Could not load budgets" message={errorMessage(q.error)} onRetry={q.refetch} />;
  else if (!q.data?.length)
    body = (
      <EmptyState
        icon={<IconCoin />}
        title="No budgets yet"
        description="A budget alerts when spend or its forecast reaches a share of an amount per month, quarter or year."
        action={canManage ? <Button variant="primary" onClick={() => setEditing('new')}>New budget</Button> : undefined}
      />
    );
  else
    body = (
      <ul className="budgets" aria-label="Budgets">
        {q.data.map((b) => (
          <BudgetRow key={b.id} budget={b} canManage={canManage} onEdit={() => setEditing(b)} onDelete={() => setDeleting(b)} />
        ))}
      </ul>
    );

  return (
    <Card>
      <CardHeader
        title="Budgets"
        description="Spend this period against each budget; the marker is where the period should end."
        actions={canManage && q.data?.length ? <Button onClick={() => setEditing('new')}>New budget</Button> : undefined}
      />
      <div className="card-body">{body}</div>
      <BudgetDialog open={editing !== null} budget={editing === 'new' || editing === null ? undefined : editing} onClose={() => setEditing(null)} />
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.name ?? 'budget'}?`}
        message="Its alert history goes with it."
        confirmLabel="Delete"
        danger
        loading={removing.isLoading}
        onCancel={() => setDeleting(null)}
        onConfirm={async () => {
          if (!deleting) return;
          try {
            await remove(deleting.id).unwrap();
            setDeleting(null);
          } catch (e) {
            toast.error('Could not delete the budget', errorMessage(e));
          }
        }}
      />
    </Card>
  );
}
