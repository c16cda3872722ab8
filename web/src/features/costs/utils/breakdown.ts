import type { CostBreakdown, CostSeries } from '@/lib/api/types';
import type { CostGroup } from './view';

export interface BreakdownRow {
  /** The group's value as the API names it ("" = rows without one). */
  value: string;
  total: number;
  /** Fraction of the range's total, 0–1. */
  share: number;
  /** The same group's total over the previous period; null when it had none. */
  previous: number | null;
}

export function seriesValue(series: CostSeries, group: CostGroup): string {
  return series.key[group] ?? '';
}

/** One row per series of the breakdown, with its share and the previous period's total. */
export function breakdownRows(current: CostBreakdown, group: CostGroup, previous?: CostBreakdown): BreakdownRow[] {
  const before = new Map(previous?.series.map((s) => [seriesValue(s, group), s.total]));
  return current.series.map((s) => {
    const value = seriesValue(s, group);
    return {
      value,
      total: s.total,
      share: current.total !== 0 ? s.total / current.total : 0,
      previous: before.get(value) ?? null,
    };
  });
}

/** Change from `previous` to `current` as a fraction; null when there is nothing to compare. */
export function change(current: number, previous: number | null): number | null {
  if (previous === null || previous === 0) return null;
  return (current - previous) / Math.abs(previous);
}

export type ChartPoint = { date: string } & Record<string, number | string>;

/** Recharts rows: one per bucket, one numeric field per series (named by its value). */
export function chartPoints(breakdown: CostBreakdown, group: CostGroup): ChartPoint[] {
  const byDate = new Map<string, ChartPoint>();
  for (const s of breakdown.series) {
    const value = seriesValue(s, group);
    for (const p of s.points) {
      const row = byDate.get(p.date) ?? { date: p.date };
      row[value] = p.amount;
      byDate.set(p.date, row);
    }
  }
  return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
}
