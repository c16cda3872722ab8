import { useEffect, useState, type FormEvent } from 'react';
import { Button } from '@/components/Button';
import { Dialog } from '@/components/Dialog';
import { SelectField, TextField } from '@/components/Field';
import { useListProvidersQuery } from '@/lib/api/endpoints';
import { serverFormErrors } from '@/lib/api/formErrors';
import type { Budget, BudgetInput, BudgetThreshold } from '@/lib/api/types';
import { useCreateBudgetMutation, useUpdateBudgetMutation } from '../api/costsApi';

const DEFAULT_THRESHOLDS: BudgetThreshold[] = [
  { percent: 50, basis: 'actual' },
  { percent: 80, basis: 'actual' },
  { percent: 100, basis: 'actual' },
  { percent: 100, basis: 'forecast' },
];
const FIELDS = ['name', 'amount', 'currency', 'period', 'filters', 'thresholds'] as const;

/** Create or edit a budget: amount per period, the costs it covers, and when it alerts. */
export function BudgetDialog({ open, budget, onClose }: { open: boolean; budget?: Budget; onClose: () => void }) {
  const { data: accounts } = useListProvidersQuery(undefined, { skip: !open });
  const [create, creating] = useCreateBudgetMutation();
  const [update, updating] = useUpdateBudgetMutation();
  const [name, setName] = useState('');
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState('USD');
  const [period, setPeriod] = useState<BudgetInput['period']>('monthly');
  const [service, setService] = useState('');
  const [providerId, setProviderId] = useState('');
  const [region, setRegion] = useState('');
  const [tag, setTag] = useState('');
  const [thresholds, setThresholds] = useState<BudgetThreshold[]>(DEFAULT_THRESHOLDS);
  const [errors, setErrors] = useState<{ fields: Record<string, string>; formError: string | null }>({ fields: {}, formError: null });

  useEffect(() => {
    if (!open) return;
    setName(budget?.name ?? '');
    setAmount(budget ? String(budget.amount) : '');
    setCurrency(budget?.currency ?? 'USD');
    setPeriod(budget?.period ?? 'monthly');
    setService(budget?.filters.service ?? '');
    setProviderId(budget?.filters.providerId ?? '');
    setRegion(budget?.filters.region ?? '');
    setTag(budget?.filters.tag ?? '');
    setThresholds(budget?.thresholds ?? DEFAULT_THRESHOLDS);
    setErrors({ fields: {}, formError: null });
  }, [open, budget]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const filters = Object.fromEntries(
      Object.entries({ service, providerId, region, tag }).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.trim()]),
    );
    const body: BudgetInput = { name, amount: Number(amount), currency, period, filters, thresholds };
    try {
      if (budget) await update({ id: budget.id, body }).unwrap();
      else await create(body).unwrap();
      onClose();
    } catch (err) {
      setErrors(serverFormErrors(err, FIELDS, 'Could not save the budget'));
    }
  };

  const setThreshold = (i: number, next: Partial<BudgetThreshold>) =>
    setThresholds(thresholds.map((t, j) => (j === i ? { ...t, ...next } : t)));

  return (
    <Dialog open={open} onClose={onClose} title={budget ? `Edit ${budget.name}` : 'New budget'} description="Alerts go to the channels and people that receive cost alerts, once per threshold and period." size="lg">
      <form onSubmit={submit}>
        <div className="dialog-body stack">
          <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} error={errors.fields.name} required maxLength={100} />
          <div className="grid-3">
            <TextField label="Amount" type="number" inputMode="decimal" min="0" step="any" value={amount} onChange={(e) => setAmount(e.target.value)} error={errors.fields.amount} required />
            <TextField label="Currency" value={currency} onChange={(e) => setCurrency(e.target.value.toUpperCase())} error={errors.fields.currency} maxLength={3} />
            <SelectField label="Period" value={period} onChange={(e) => setPeriod(e.target.value as BudgetInput['period'])} error={errors.fields.period}>
              <option value="monthly">Monthly</option>
              <option value="quarterly">Quarterly</option>
              <option value="yearly">Yearly</option>
            </SelectField>
          </div>
          <fieldset className="budget-fieldset">
            <legend>Costs it covers (all when empty)</legend>
            <div className="grid-2">
              <SelectField label="Cloud account" value={providerId} onChange={(e) => setProviderId(e.target.value)}>
                <option value="">All accounts</option>
                {accounts?.map((a) => (
                  <option key={a.id} value={a.id}>{a.name}</option>
                ))}
              </SelectField>
              <TextField label="Service" value={service} onChange={(e) => setService(e.target.value)} placeholder="e.g. Compute" />
              <TextField label="Region" value={region} onChange={(e) => setRegion(e.target.value)} placeholder="e.g. us-east-1" />
              <TextField label="Tag" value={tag} onChange={(e) => setTag(e.target.value)} placeholder="KEY:VALUE, e.g. team:web" />
            </div>
            {errors.fields.filters && <p className="field-error" role="alert">{errors.fields.filters}</p>}
          </fieldset>
          <fieldset className="budget-fieldset">
            <legend>Alert when</legend>
            <ul className="budget-thresholds">
              {thresholds.map((t, i) => (
                <li key={i} className="row">
                  <SelectField label={`Threshold ${i + 1}: basis`} hideLabel value={t.basis} onChange={(e) => setThreshold(i, { basis: e.target.value as BudgetThreshold['basis'] })}>
                    <option value="actual">Spend reaches</option>
                    <option value="forecast">Forecast reaches</option>
                  </SelectField>
                  <TextField label={`Threshold ${i + 1}: percent`} hideLabel type="number" min="1" max="1000" value={String(t.percent)} onChange={(e) => setThreshold(i, { percent: Number(e.target.value) })} />
                  <span className="muted">% of the amount</span>
                  <Button variant="ghost" size="sm" onClick={() => setThresholds(thresholds.filter((_, j) => j !== i))} disabled={thresholds.length === 1} aria-label={`Remove threshold ${i + 1}`}>
                    Remove
                  </Button>
                </li>
              ))}
            </ul>
            {thresholds.length < 10 && (
              <Button variant="ghost" size="sm" onClick={() => setThresholds([...thresholds, { percent: 90, basis: 'actual' }])}>
                Add threshold
              </Button>
            )}
            {errors.fields.thresholds && <p className="field-error" role="alert">{errors.fields.thresholds}</p>}
          </fieldset>
          {errors.formError && <p className="field-error" role="alert">{errors.formError}</p>}
        </div>
        <div className="dialog-footer">
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" loading={creating.isLoading || updating.isLoading}>
            {budget ? 'Save budget' : 'Create budget'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
