import { formatMeasure, formatTick as formatAxisTick } from '@/lib/chartFormat';
import type { AlertRule, AlertRuleInput, AlertRuleOperator, AlertRuleScope, MetricAggregation, MetricName, MetricQuerySeries } from '@/lib/api/types';

export const METRICS: { id: MetricName; label: string; unit: 'percent' | 'bytes' | 'milliseconds' | 'count' }[] = [
  { id: 'cpu_utilization', label: 'CPU utilization', unit: 'percent' },
  { id: 'memory_utilization', label: 'Memory utilization', unit: 'percent' },
  { id: 'network_in_bytes', label: 'Network in', unit: 'bytes' },
  { id: 'network_out_bytes', label: 'Network out', unit: 'bytes' },
  { id: 'disk_read_bytes', label: 'Disk read', unit: 'bytes' },
  { id: 'disk_write_bytes', label: 'Disk write', unit: 'bytes' },
  { id: 'request_count', label: 'Requests', unit: 'count' },
  { id: 'latency_ms', label: 'Latency', unit: 'milliseconds' },
  { id: 'error_rate', label: 'Error rate', unit: 'percent' },
];

export const AGGREGATIONS: { id: MetricAggregation; label: string }[] = [
  { id: 'avg', label: 'Average' },
  { id: 'min', label: 'Minimum' },
  { id: 'max', label: 'Maximum' },
  { id: 'sum', label: 'Sum' },
  { id: 'p95', label: '95th percentile' },
  { id: 'count', label: 'Count' },
];

export const OPERATORS: { id: AlertRuleOperator; symbol: string; label: string }[] = [
  { id: 'gt', symbol: '>', label: 'above (>)' },
  { id: 'gte', symbol: '>=', label: 'at or above (>=)' },
  { id: 'lt', symbol: '<', label: 'below (<)' },
  { id: 'lte', symbol: '<=', label: 'at or below (<=)' },
];

export const RESOURCE_TYPES = ['server', 'database', 'storage', 'network', 'container', 'function', 'load_balancer', 'cache', 'queue', 'dns'] as const;

/** The range picker's choices, in seconds. */
export const RANGES = { '1h': 3600, '6h': 6 * 3600, '24h': 86400, '7d': 7 * 86400, '30d': 30 * 86400 } as const;
export type RangeKey = keyof typeof RANGES;
export const isRange = (v: string | null): v is RangeKey => v !== null && Object.prototype.hasOwnProperty.call(RANGES, v);

/** `from`/`to` of a range ending now, rounded to the minute so a query key stays stable across renders. */
export function rangeBounds(seconds: number, now = Date.now()) {
  const to = Math.floor(now / 60000) * 60000;
  return { from: new Date(to - seconds * 1000).toISOString(), to: new Date(to).toISOString() };
}

export const metricLabel = (m: string) => METRICS.find((x) => x.id === m)?.label ?? m;
export const metricUnit = (m: string) => METRICS.find((x) => x.id === m)?.unit ?? 'count';

/** A metric value with its unit: "82.5 %", "1.2 MB", "340 ms", "1,204". */
export function formatMetricValue(v: number | null | undefined, metric: string): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  return formatMeasure(v, metricUnit(metric));
}

/** A compact axis tick. */
export const formatTick = (v: number, metric: string): string => formatAxisTick(v, metricUnit(metric));

const opSymbol = (op: string) => OPERATORS.find((o) => o.id === op)?.symbol ?? op;

type RuleLike = Pick<AlertRule, 'kind' | 'metric' | 'aggregation' | 'operator' | 'threshold' | 'window' | 'for' | 'states'>;

/** The condition as people read it: `avg(cpu_utilization) > 80 over 5m for 5m`. */
export function conditionText(r: RuleLike): string {
  const pending = r.for && r.for !== '0s' ? ` for ${r.for}` : '';
  if (r.kind === 'resource_state') return `state in (${(r.states ?? []).join(', ')})${pending}`;
  if (r.kind === 'sync_failure') return `sync failing${pending}`;
  return `${r.aggregation}(${r.metric}) ${opSymbol(r.operator)} ${r.threshold} over ${r.window}${pending}`;
}

/**
 * The scope as people read it: "every server · env=prod", "resource res_1", "all resources" —
 * or, for a rule about syncs (`kind: sync_failure`), "all accounts".
 */
export function scopeText(
  s: AlertRuleScope | undefined,
  accountName?: (id: string) => string,
  kind?: string,
): string {
  const everything = kind === 'sync_failure' ? 'all accounts' : 'all resources';
  if (!s) return everything;
  const parts: string[] = [];
  if (s.resourceId) parts.push(`resource ${s.resourceId}`);
  if (s.type) parts.push(`every ${s.type.replace(/_/g, ' ')}`);
  if (s.tag) parts.push(`tag ${s.tag}`);
  if (s.providerId) parts.push(`account ${accountName ? accountName(s.providerId) : s.providerId}`);
  return parts.length ? parts.join(' · ') : everything;
}

export const DURATION_RE = /^[0-9]+(s|m|h|d)$/;

/** A series' name in a legend: the resource, or the group's value. */
export function seriesName(s: MetricQuerySeries, accountName?: (id: string) => string): string {
  const l = s.labels;
  if (l.resourceName) return l.resourceName;
  if (l.resourceId) return l.resourceId;
  if (l.tag !== undefined) return l.tag || '(no tag)';
  if (l.region) return l.region;
  if (l.providerId) return accountName ? accountName(l.providerId) : l.providerId;
  if (l.type) return l.type.replace(/_/g, ' ');
  return 'All';
}

/** The metric query a rule's scope selects (for its live chart): the metric of every resource in scope. */
export function scopeQuery(rule: Pick<AlertRuleInput, 'metric' | 'aggregation' | 'scope'>) {
  const s = rule.scope ?? {};
  return {
    metric: rule.metric ?? 'cpu_utilization',
    aggregation: rule.aggregation ?? 'avg',
    resourceId: s.resourceId,
    type: s.resourceId ? undefined : s.type,
    tag: s.tag,
    providerId: s.providerId,
    groupBy: 'resource',
  };
}
