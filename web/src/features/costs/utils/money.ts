const formats = new Map<string, Intl.NumberFormat>();

/** An amount in its billing currency (the API never converts); "—" without a currency. */
export function formatMoney(amount: number, currency: string | null | undefined): string {
  if (!currency) return '—';
  let f = formats.get(currency);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 2, minimumFractionDigits: 2 });
    formats.set(currency, f);
  }
  return f.format(amount);
}

export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(Math.abs(fraction) < 0.1 ? 1 : 0)}%`;
}
