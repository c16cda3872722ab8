import { useEffect, useState, type FormEvent } from 'react';
import { Button } from '@/components/Button';
import { Dialog } from '@/components/Dialog';
import { SelectField, TextField } from '@/components/Field';
import { serverFormErrors } from '@/lib/api/formErrors';
import { useGetExchangeRatesQuery, useSetExchangeRatesMutation } from '../api/costsApi';

/**
 * The organization's exchange rates: one base currency and, for each other currency its costs
 * are billed in, what one unit is worth in the base. With a rate for every currency, breakdowns
 * across currencies are added up in the base instead of being refused. Admins only.
 */
export function ExchangeRatesDialog({ open, currencies, onClose }: { open: boolean; currencies: string[]; onClose: () => void }) {
  const { data: saved } = useGetExchangeRatesQuery(undefined, { skip: !open });
  const [save, { isLoading }] = useSetExchangeRatesMutation();
  const [base, setBase] = useState('');
  const [rates, setRates] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<{ fields: Record<string, string>; formError: string | null }>({ fields: {}, formError: null });

  // Start from the saved rates each time it opens (keyed by content: callers pass fresh arrays).
  const firstCurrency = currencies[0];
  useEffect(() => {
    if (!open) return;
    setBase(saved?.base ?? firstCurrency ?? 'USD');
    setRates(Object.fromEntries(Object.entries(saved?.rates ?? {}).map(([c, r]) => [c, String(r)])));
    setErrors({ fields: {}, formError: null });
  }, [open, saved, firstCurrency]);

  const all = [...new Set([...currencies, ...Object.keys(saved?.rates ?? {}), ...(saved?.base ? [saved.base] : [])])].sort();
  const others = all.filter((c) => c !== base);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = {
      base,
      rates: Object.fromEntries(others.filter((c) => rates[c]?.trim()).map((c) => [c, Number(rates[c])])),
    };
    try {
      await save(body).unwrap();
      onClose();
    } catch (err) {
      setErrors(serverFormErrors(err, ['base', 'rates'], 'Could not save the rates'));
    }
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Exchange rates"
      description="Costs keep their billing currency. With a rate for every currency, totals across currencies are shown in the base currency."
    >
      <form onSubmit={submit}>
        <div className="dialog-body stack">
          <SelectField label="Base currency" value={base} onChange={(e) => setBase(e.target.value)} error={errors.fields.base}>
            {all.map((c) => (
              <option key={c} value={c}>{c}</option>
            ))}
          </SelectField>
          {others.map((c) => (
            <TextField
              key={c}
              label={`1 ${c} in ${base}`}
              type="number"
              inputMode="decimal"
              min="0"
              step="any"
              placeholder="no rate"
              value={rates[c] ?? ''}
              onChange={(e) => setRates({ ...rates, [c]: e.target.value })}
            />
          ))}
          {(errors.fields.rates || errors.formError) && (
            <p className="field-error" role="alert">
              {errors.fields.rates ?? errors.formError}
            </p>
          )}
        </div>
        <div className="dialog-footer">
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" loading={isLoading} disabled={!base}>
            Save rates
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
