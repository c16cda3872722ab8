import { Button } from '@/components/Button';
import { EmptyState } from '@/components/States';
import { IconCoin } from '@/components/icons';

/** The range holds several billing currencies; the API will not add them up, so pick one. */
export function CurrencyChoice({ currencies, onChoose }: { currencies: string[]; onChoose: (currency: string) => void }) {
  return (
    <EmptyState
      icon={<IconCoin />}
      title="Costs in several currencies"
      description="Amounts in different currencies cannot be added up. Choose the currency to show."
      action={
        <div className="row" style={{ justifyContent: 'center' }} role="group" aria-label="Currency">
          {currencies.map((c) => (
            <Button key={c} onClick={() => onChoose(c)}>
              {c}
            </Button>
          ))}
        </div>
      }
    />
  );
}
