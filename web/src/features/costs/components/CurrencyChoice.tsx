import { Button } from '@/components/Button';
import { EmptyState } from '@/components/States';
import { IconCoin } from '@/components/icons';

/**
 * The range holds several billing currencies and the organization has no rate for each: pick
 * one to show, or (admins) set exchange rates so they add up in a base currency.
 */
export function CurrencyChoice({
  currencies,
  onChoose,
  onSetRates,
}: {
  currencies: string[];
  onChoose: (currency: string) => void;
  onSetRates?: () => void;
}) {
  return (
    <EmptyState
      icon={<IconCoin />}
      title="Costs in several currencies"
      description={
        onSetRates
          ? 'Amounts in different currencies are not added up without exchange rates. Choose the currency to show, or set rates.'
          : 'Amounts in different currencies are not added up without exchange rates. Choose the currency to show.'
      }
      action={
        <div className="stack-sm" style={{ alignItems: 'center' }}>
          <div className="row" style={{ justifyContent: 'center' }} role="group" aria-label="Currency">
            {currencies.map((c) => (
              <Button key={c} onClick={() => onChoose(c)}>
                {c}
              </Button>
            ))}
          </div>
          {onSetRates && (
            <Button variant="ghost" onClick={onSetRates}>
              Set exchange rates…
            </Button>
          )}
        </div>
      }
    />
  );
}
