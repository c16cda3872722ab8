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

/** One row per series of the breakdown, with its share and the previous period's total (the API's). */
export function breakdownRows(current: CostBreakdown, group: CostGroup): BreakdownRow[] {
  return current.series.map((s) => ({
    value: seriesValue(s, group),
    total: s.total,
    share: current.total !== 0 ? s.total / current.total : 0,
    previous: s.previousTotal !== 0 ? s.previousTotal : null,
  }));
}

/** Change from `previous` to `current` as a fraction; null when there is nothing to compare. */
export function change(current: number, previous: number | null): number | null {
  if (previous === null || previous === 0) return null;
  return (current - previous) / Math.abs(previous);
}

export type ChartPoint = { date: string } & Record<string, number | string>;

export interface ChartSeries {
  /** Field of the points holding this series (values may hold dots, which Recharts reads as paths). */
  dataKey: string;
  value: string;
  /** True for the series folding every one past the largest. */
  other?: boolean;
}

export interface ChartData {
  series: ChartSeries[];
  points: ChartPoint[];
}

/**
 * Recharts data: one point per bucket, one field per series. The `max - 1` largest series keep
 * their own colour, the rest add up into "Other" (the API sorts series by total, largest first).
 */
export function chartData(breakdown: CostBreakdown, group: CostGroup, max = 8): ChartData {
  const own = breakdown.series.length > max ? breakdown.series.slice(0, max - 1) : breakdown.series;
  const series: ChartSeries[] = own.map((s, i) => ({ dataKey: `s${i}`, value: seriesValue(s, group) }));
  if (own.length < breakdown.series.length) series.push({ dataKey: 'other', value: 'Other', other: true });
  const byDate = new Map<string, ChartPoint>();
  breakdown.series.forEach((s, i) => {
    const dataKey = i < own.length ? `s${i}` : 'other';
    for (const p of s.points) {
      const point = byDate.get(p.date) ?? { date: p.date };
      point[dataKey] = ((point[dataKey] as number | undefined) ?? 0) + p.amount;
      byDate.set(p.date, point);
    }
  });
  return { series, points: [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date)) };
}
