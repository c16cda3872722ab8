// Money is formatted in lib/format (the resource drawer shows costs too); re-exported for the feature.
export { formatMoney } from '@/lib/format';

export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(Math.abs(fraction) < 0.1 ? 1 : 0)}%`;
}
