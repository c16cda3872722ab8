import type { CostForecastQuery, CostQuery } from '@/lib/api/types';
import { isRangePreset, presetRange, type RangePreset } from '@/lib/costRanges';

/** The dimensions the page groups by, in drill-down order (a row drills into the next one). */
export const GROUPS = [
  { id: 'account', label: 'Account' },
  { id: 'service', label: 'Service' },
  { id: 'region', label: 'Region' },
  { id: 'resourceType', label: 'Resource type' },
  { id: 'chargeCategory', label: 'Charge category' },
] as const;
export type CostGroup = (typeof GROUPS)[number]['id'];

export const GRANULARITIES = ['daily', 'weekly', 'monthly'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export const METRICS = [
  { id: 'billed', label: 'Billed' },
  { id: 'effective', label: 'Effective (amortized)' },
  { id: 'list', label: 'List' },
] as const;
export type CostMetric = (typeof METRICS)[number]['id'];

/** Filters the API can apply; `account` is the cloud account id (`providerId`). */
export const FILTERS = ['provider', 'account', 'service', 'region'] as const;
export type CostFilter = (typeof FILTERS)[number];

export interface CostView {
  range: RangePreset;
  group: CostGroup;
  granularity: Granularity;
  metric: CostMetric;
  filters: Partial<Record<CostFilter, string>>;
  currency?: string;
}

export const DEFAULT_VIEW: CostView = { range: 'last30', group: 'service', granularity: 'daily', metric: 'billed', filters: {} };

function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

/** Reads the view from the URL query; anything unknown falls back to the default. */
export function viewFromSearch(params: URLSearchParams): CostView {
  const range = params.get('range');
  const filters: CostView['filters'] = {};
  for (const f of FILTERS) {
    const v = params.get(f);
    if (v) filters[f] = v;
  }
  return {
    range: isRangePreset(range) ? range : DEFAULT_VIEW.range,
    group: oneOf(params.get('group'), GROUPS.map((g) => g.id), DEFAULT_VIEW.group),
    granularity: oneOf(params.get('granularity'), GRANULARITIES, DEFAULT_VIEW.granularity),
    metric: oneOf(params.get('metric'), METRICS.map((m) => m.id), DEFAULT_VIEW.metric),
    filters,
    currency: params.get('currency') || undefined,
  };
}

/** The URL query of a view; defaults are left out so links stay short. */
export function searchFromView(view: CostView): URLSearchParams {
  const p = new URLSearchParams();
  if (view.range !== DEFAULT_VIEW.range) p.set('range', view.range);
  if (view.group !== DEFAULT_VIEW.group) p.set('group', view.group);
  if (view.granularity !== DEFAULT_VIEW.granularity) p.set('granularity', view.granularity);
  if (view.metric !== DEFAULT_VIEW.metric) p.set('metric', view.metric);
  for (const f of FILTERS) if (view.filters[f]) p.set(f, view.filters[f] as string);
  if (view.currency) p.set('currency', view.currency);
  return p;
}

/** Drill-down filters exist for these groups only: the API filters by nothing else. */
const DRILLABLE: Partial<Record<CostGroup, CostFilter>> = { account: 'account', service: 'service', region: 'region' };

/**
 * The view after clicking a row of `value`: filter on it and group by the next dimension not
 * already filtered. Null when the group cannot be filtered on.
 */
export function drillDown(view: CostView, value: string): CostView | null {
  const filter = DRILLABLE[view.group];
  if (!filter) return null;
  const filters = { ...view.filters, [filter]: value };
  const order = GROUPS.map((g) => g.id);
  const next = order.slice(order.indexOf(view.group) + 1).find((g) => !DRILLABLE[g] || !filters[DRILLABLE[g] as CostFilter]);
  return { ...view, filters, group: next ?? view.group };
}

export function canDrillDown(view: CostView): boolean {
  return Boolean(DRILLABLE[view.group]);
}

/** The API query of a view on `now`'s day. */
export function toCostQuery(view: CostView, now: Date): CostQuery {
  const { from, to } = presetRange(view.range, now);
  return {
    from,
    to,
    granularity: view.granularity,
    metric: view.metric,
    groupBy: view.group,
    provider: view.filters.provider,
    providerId: view.filters.account,
    service: view.filters.service,
    region: view.filters.region,
    currency: view.currency,
  };
}

/** The forecast of the view's scope: its filters and metric (a forecast has no range or groups). */
export function toForecastQuery(view: CostView): CostForecastQuery {
  return {
    months: 3,
    metric: view.metric,
    provider: view.filters.provider,
    providerId: view.filters.account,
    service: view.filters.service,
    region: view.filters.region,
    currency: view.currency,
  };
}
