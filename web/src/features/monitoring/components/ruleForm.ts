import type { AlertNoData, AlertRule, AlertRuleInput, AlertRuleKind, AlertRuleOperator, AlertSeverity, MetricAggregation, MetricName } from '@/lib/api/types';
import { DURATION_RE } from './metrics';

export const RULE_STATES = ['stopped', 'stopping', 'terminated', 'error', 'running'] as const;

/** The rule editor's fields, as the form holds them (strings where people type). */
export interface RuleForm {
  name: string;
  kind: AlertRuleKind;
  metric: MetricName;
  aggregation: MetricAggregation;
  window: string;
  operator: AlertRuleOperator;
  threshold: string;
  states: string[];
  for: string;
  keepFiringFor: string;
  groupWait: string;
  groupInterval: string;
  repeatInterval: string;
  /** The labels that split notifications into groups, comma-separated ("" = one group for the rule). */
  groupBy: string;
  scopeMode: 'selector' | 'resource';
  resourceId: string;
  type: string;
  tag: string;
  providerId: string;
  severity: AlertSeverity;
  noData: AlertNoData;
  onError: AlertNoData;
  labels: { key: string; value: string }[];
  summary: string;
  description: string;
  enabled: boolean;
}

export const EMPTY_RULE: RuleForm = {
  name: '',
  kind: 'metric',
  metric: 'cpu_utilization',
  aggregation: 'avg',
  window: '5m',
  operator: 'gt',
  threshold: '80',
  states: ['stopped', 'terminated'],
  for: '5m',
  keepFiringFor: '0s',
  groupWait: '30s',
  groupInterval: '5m',
  repeatInterval: '4h',
  groupBy: '',
  scopeMode: 'selector',
  resourceId: '',
  type: 'server',
  tag: '',
  providerId: '',
  severity: 'warning',
  noData: 'ok',
  onError: 'keep',
  labels: [],
  summary: '',
  description: '',
  enabled: true,
};

export function formFromRule(r: AlertRule): RuleForm {
  return {
    name: r.name,
    kind: r.kind,
    metric: r.metric,
    aggregation: r.aggregation,
    window: r.window,
    operator: r.operator,
    threshold: String(r.threshold),
    states: r.states.length ? [...r.states] : ['stopped', 'terminated'],
    for: r.for,
    keepFiringFor: r.keepFiringFor,
    groupWait: r.groupWait,
    groupInterval: r.groupInterval,
    repeatInterval: r.repeatInterval,
    groupBy: (r.groupBy ?? []).join(','),
    scopeMode: r.scope.resourceId ? 'resource' : 'selector',
    resourceId: r.scope.resourceId ?? '',
    type: r.scope.type ?? '',
    tag: r.scope.tag ?? '',
    providerId: r.scope.providerId ?? '',
    severity: r.severity,
    noData: r.noData,
    onError: r.onError ?? 'keep',
    labels: Object.entries(r.labels).map(([key, value]) => ({ key, value })),
    summary: r.annotations.summary ?? '',
    description: r.annotations.description ?? '',
    enabled: r.enabled,
  };
}

/** The field errors the form can tell before asking the server (keys are the body's field paths). */
export function validateRule(f: RuleForm): Record<string, string> {
  const e: Record<string, string> = {};
  if (!f.name.trim()) e.name = 'Name the rule';
  else if (f.name.trim().length > 120) e.name = 'At most 120 characters';
  const dur = (k: 'window' | 'for' | 'keepFiringFor' | 'groupWait' | 'groupInterval' | 'repeatInterval', v: string) => {
    if (!DURATION_RE.test(v.trim())) e[k] = 'A duration like 30s, 5m, 1h or 2d';
  };
  if (f.kind === 'metric') {
    dur('window', f.window);
    if (f.threshold.trim() === '' || !Number.isFinite(Number(f.threshold))) e.threshold = 'A number';
  }
  if (f.kind === 'resource_state' && f.states.length === 0) e.states = 'Choose at least one state';
  dur('for', f.for);
  dur('keepFiringFor', f.keepFiringFor);
  dur('groupWait', f.groupWait);
  dur('groupInterval', f.groupInterval);
  dur('repeatInterval', f.repeatInterval);
  if (f.scopeMode === 'resource' && !f.resourceId.trim()) e['scope.resourceId'] = 'The resource id (res_…)';
  if (f.scopeMode === 'selector' && f.tag.trim() && !/^[^=]+=.*$/.test(f.tag.trim())) e['scope.tag'] = 'key=value';
  const keys = f.labels.map((l) => l.key.trim());
  if (keys.some((k) => !k)) e.labels = 'Every label needs a name';
  else if (new Set(keys).size !== keys.length) e.labels = 'Label names must differ';
  else if (keys.length > 20) e.labels = 'At most 20 labels';
  return e;
}

/** The request body for POST/PATCH /alert-rules and the preview. */
export function ruleBody(f: RuleForm): AlertRuleInput {
  const scope: AlertRuleInput['scope'] = {};
  if (f.scopeMode === 'resource') scope.resourceId = f.resourceId.trim();
  else {
    if (f.type) scope.type = f.type as NonNullable<AlertRuleInput['scope']>['type'];
    if (f.tag.trim()) scope.tag = f.tag.trim();
    if (f.providerId) scope.providerId = f.providerId;
  }
  const annotations: Record<string, string> = {};
  if (f.summary.trim()) annotations.summary = f.summary.trim();
  if (f.description.trim()) annotations.description = f.description.trim();
  const body: AlertRuleInput = {
    name: f.name.trim(),
    kind: f.kind,
    for: f.for.trim(),
    keepFiringFor: f.keepFiringFor.trim(),
    groupWait: f.groupWait.trim(),
    groupInterval: f.groupInterval.trim(),
    repeatInterval: f.repeatInterval.trim(),
    groupBy: f.groupBy.split(',').map((l) => l.trim()).filter(Boolean),
    scope,
    severity: f.severity,
    noData: f.noData,
    onError: f.onError,
    labels: Object.fromEntries(f.labels.map((l) => [l.key.trim(), l.value])),
    annotations,
    enabled: f.enabled,
  };
  if (f.kind === 'metric') {
    Object.assign(body, { metric: f.metric, aggregation: f.aggregation, window: f.window.trim(), operator: f.operator, threshold: Number(f.threshold) });
  }
  if (f.kind === 'resource_state') body.states = f.states as AlertRuleInput['states'];
  return body;
}
