import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Button } from '@/components/Button';
import { Dialog } from '@/components/Dialog';
import { Checkbox, SegmentedControl, SelectField, Switch, TextAreaField, TextField } from '@/components/Field';
import { EmptyState, ErrorState, Skeleton } from '@/components/States';
import { IconActivity } from '@/components/icons';
import { useListProvidersQuery } from '@/lib/api/endpoints';
import { errorMessage } from '@/lib/api/errors';
import { serverFormErrors } from '@/lib/api/formErrors';
import type { AlertRule, AlertRuleInput, AlertRulePreview, MetricQuery } from '@/lib/api/types';
import { formatDateTime, humanize } from '@/lib/format';
import { useCreateAlertRuleMutation, usePreviewAlertRuleMutation, useQueryMetricsQuery, useUpdateAlertRuleMutation } from '../api/monitoringApi';
import { ALERT_SEVERITIES, alertSeverityLabel } from './badges';
import { MetricChart } from './MetricChart';
import { AGGREGATIONS, METRICS, OPERATORS, RESOURCE_TYPES, conditionText, metricLabel, rangeBounds, scopeQuery, seriesName } from './metrics';
import { EMPTY_RULE, RULE_STATES, formFromRule, ruleBody, validateRule, type RuleForm } from './ruleForm';
import { useDebounced } from './useDebounced';

const WEEK = 7 * 86400;
const PREVIEW_DELAY = 500;

/** "Would have fired N times in the last 7 days", asked of the server as the rule changes (debounced). */
function usePreview(body: AlertRuleInput | null) {
  const [preview] = usePreviewAlertRuleMutation();
  const [state, setState] = useState<{ data?: AlertRulePreview; error?: string; loading: boolean }>({ loading: false });
  const key = body ? JSON.stringify(body) : null;
  const latest = useRef(0);
  useEffect(() => {
    if (!key) return;
    const n = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    const req = preview(JSON.parse(key) as AlertRuleInput);
    req
      .unwrap()
      .then((data) => {
        if (n === latest.current) setState({ data, loading: false });
      })
      .catch((e: unknown) => {
        if (n === latest.current && (e as { code?: string })?.code !== 'ABORTED') setState({ error: errorMessage(e, 'Could not preview the rule'), loading: false });
      });
    return () => req.abort();
  }, [key, preview]);
  return key ? state : { loading: false };
}

/** The metric over the last 7 days for the rule's scope, with the threshold line. */
function LiveChart({ body }: { body: AlertRuleInput }) {
  const providers = useListProvidersQuery();
  const accountName = (id: string) => providers.data?.find((p) => p.id === id)?.name ?? id;
  const { from, to } = useMemo(() => rangeBounds(WEEK), []);
  const q = useQueryMetricsQuery({ ...(scopeQuery(body) as MetricQuery), from, to });
  const metric = body.metric ?? 'cpu_utilization';
  if (q.isLoading) return <Skeleton height={200} />;
  if (q.error) return <ErrorState title="Could not load the metric" message={errorMessage(q.error)} onRetry={q.refetch} />;
  const series = q.data?.series ?? [];
  if (series.length === 0) {
    return <EmptyState title="No data in scope" description="No resource in this scope has samples of this metric in the last 7 days." icon={<IconActivity />} />;
  }
  return (
    <MetricChart
      series={series}
      metric={metric}
      names={series.map((s) => seriesName(s, accountName))}
      rangeSeconds={WEEK}
      threshold={body.threshold}
      height={200}
      label={`${body.aggregation ?? 'avg'} of ${metricLabel(metric).toLowerCase()} over the last 7 days for the rule's scope, with the threshold`}
      testId="rule-live-chart"
    />
  );
}

/** Add or edit an alert rule: every field, a preview of how often it would have fired, and a live chart. */
/** How a rule's alerts are grouped into notifications (the rule's `groupBy` labels). */
const GROUPINGS: [string, string][] = [
  ['', 'One for the rule'],
  ['resourceId', 'One per resource'],
  ['region', 'One per region'],
  ['providerId', 'One per account'],
  ['type', 'One per resource type'],
];

export function RuleEditor({ open, rule, onClose, onSaved }: { open: boolean; rule: AlertRule | null; onClose: () => void; onSaved?: (r: AlertRule) => void }) {
  const [form, setForm] = useState<RuleForm>(EMPTY_RULE);
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [seen, setSeen] = useState<{ open: boolean; rule: AlertRule | null }>({ open: false, rule: null });
  if (seen.open !== open || seen.rule !== rule) {
    setSeen({ open, rule });
    if (open) {
      setForm(rule ? formFromRule(rule) : EMPTY_RULE);
      setSubmitted(false);
      setServerErrors({});
      setFormError(null);
    }
  }
  const providers = useListProvidersQuery(undefined, { skip: !open });
  const [create, creating] = useCreateAlertRuleMutation();
  const [update, updating] = useUpdateAlertRuleMutation();
  const set = <K extends keyof RuleForm>(k: K, v: RuleForm[K]) => setForm((f) => ({ ...f, [k]: v }));

  const problems = validateRule(form);
  const valid = Object.keys(problems).length === 0;
  const body = useMemo(() => (valid ? ruleBody(form) : null), [valid, form]);
  const settled = useDebounced(open && body ? JSON.stringify(body) : null, PREVIEW_DELAY);
  const settledBody = useMemo(() => (settled ? (JSON.parse(settled) as AlertRuleInput) : null), [settled]);
  const preview = usePreview(settledBody && settledBody.kind === 'metric' ? settledBody : null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    setServerErrors({});
    setFormError(null);
    if (!valid) return;
    const b = ruleBody(form);
    try {
      const saved = rule ? await update({ id: rule.id, patch: b }).unwrap() : await create(b).unwrap();
      onSaved?.(saved);
      onClose();
    } catch (err) {
      const visible = ['name', 'kind', 'metric', 'aggregation', 'window', 'operator', 'threshold', 'states', 'for', 'keepFiringFor', 'groupWait', 'groupInterval', 'repeatInterval', 'groupBy', 'scope.resourceId', 'scope.type', 'scope.tag', 'scope.providerId', 'scope', 'severity', 'noData', 'onError', 'labels', 'annotations', 'enabled'];
      const r = serverFormErrors(err, visible, 'Could not save the rule');
      setServerErrors(r.fields);
      setFormError(r.formError);
    }
  };
  // The form's own errors show once it was submitted and go away as fields are fixed; the server's stay until the next try.
  const err = (k: string) => (submitted ? problems[k] : undefined) ?? serverErrors[k];

  const isMetric = form.kind === 'metric';
  return (
    <Dialog open={open} onClose={onClose} size="lg" title={rule ? `Edit ${rule.name}` : 'New alert rule'} description="Evaluated every interval per resource in scope: pending once the condition holds, firing once it has held for the pending time.">
      <form onSubmit={submit} noValidate data-testid="rule-editor">
        <div className="dialog-body stack">
          <div className="grid-2">
            <TextField label="Name" value={form.name} onChange={(e) => set('name', e.target.value)} required maxLength={120} error={err('name')} placeholder="High CPU" />
            <SelectField label="Kind" value={form.kind} onChange={(e) => set('kind', e.target.value as RuleForm['kind'])}>
              <option value="metric">Metric threshold</option>
              <option value="resource_state">Server state</option>
              <option value="sync_failure">Account sync failing</option>
            </SelectField>
          </div>
          {isMetric && (
            <fieldset className="monitoring-fieldset">
              <legend className="field-label">Condition</legend>
              <div className="monitoring-condition">
                <SelectField label="Aggregation" value={form.aggregation} onChange={(e) => set('aggregation', e.target.value as RuleForm['aggregation'])}>
                  {AGGREGATIONS.map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.label}
                    </option>
                  ))}
                </SelectField>
                <SelectField label="Metric" value={form.metric} onChange={(e) => set('metric', e.target.value as RuleForm['metric'])}>
                  {METRICS.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.label}
                    </option>
                  ))}
                </SelectField>
                <SelectField label="Operator" value={form.operator} onChange={(e) => set('operator', e.target.value as RuleForm['operator'])}>
                  {OPERATORS.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.label}
                    </option>
                  ))}
                </SelectField>
                <TextField label="Threshold" inputMode="decimal" value={form.threshold} onChange={(e) => set('threshold', e.target.value)} error={err('threshold')} />
                <TextField label="Window" value={form.window} onChange={(e) => set('window', e.target.value)} error={err('window')} hint="e.g. 5m" />
              </div>
            </fieldset>
          )}
          {form.kind === 'resource_state' && (
            <fieldset className="monitoring-fieldset">
              <legend className="field-label">Fires while a server is</legend>
              <div className="row wrap">
                {RULE_STATES.map((s) => (
                  <Checkbox
                    key={s}
                    label={humanize(s)}
                    checked={form.states.includes(s)}
                    onChange={(e) => set('states', e.target.checked ? [...form.states, s] : form.states.filter((x) => x !== s))}
                  />
                ))}
              </div>
              {err('states') && (
                <p className="field-error" role="alert">
                  {err('states')}
                </p>
              )}
            </fieldset>
          )}
          <div className="grid-3">
            <TextField label="Pending for" value={form.for} onChange={(e) => set('for', e.target.value)} error={err('for')} hint="How long before it fires" />
            <TextField label="Keep firing for" value={form.keepFiringFor} onChange={(e) => set('keepFiringFor', e.target.value)} error={err('keepFiringFor')} hint="Holds it against flapping" />
            <SelectField label="When there is no data" value={form.noData} onChange={(e) => set('noData', e.target.value as RuleForm['noData'])}>
              <option value="ok">Resolve (OK)</option>
              <option value="alerting">Fire (alerting)</option>
              <option value="keep">Keep the last state</option>
            </SelectField>
          </div>
          <SelectField label="When the data cannot be read" value={form.onError} onChange={(e) => set('onError', e.target.value as RuleForm['onError'])} error={err('onError')} hint="The account's metric collection is failing, or the metrics store is unreachable">
            <option value="keep">Keep the last state</option>
            <option value="alerting">Fire (alerting)</option>
            <option value="ok">Resolve (OK)</option>
          </SelectField>
          <div className="grid-3">
            <TextField label="Notify after" value={form.groupWait} onChange={(e) => set('groupWait', e.target.value)} error={err('groupWait')} hint="Wait for more alerts of this rule to group them" />
            <TextField label="Between updates" value={form.groupInterval} onChange={(e) => set('groupInterval', e.target.value)} error={err('groupInterval')} hint="At most one notification per change in this time" />
            <TextField label="Remind every" value={form.repeatInterval} onChange={(e) => set('repeatInterval', e.target.value)} error={err('repeatInterval')} hint="While it keeps firing unchanged" />
          </div>
          <SelectField label="Notifications" value={form.groupBy} onChange={(e) => set('groupBy', e.target.value)} error={err('groupBy')} hint="One notification for all of the rule's alerts, or one per resource, region, account or type">
            {GROUPINGS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
            {!GROUPINGS.some(([value]) => value === form.groupBy) && <option value={form.groupBy}>Grouped by {form.groupBy}</option>}
          </SelectField>
          <fieldset className="monitoring-fieldset">
            <legend className="field-label">Scope</legend>
            <SegmentedControl
              label="Scope"
              value={form.scopeMode}
              onChange={(v) => set('scopeMode', v)}
              options={[
                { value: 'selector', label: 'Every matching resource' },
                { value: 'resource', label: 'One resource' },
              ]}
            />
            {form.scopeMode === 'resource' ? (
              <TextField label="Resource id" value={form.resourceId} onChange={(e) => set('resourceId', e.target.value)} error={err('scope.resourceId')} placeholder="res_…" className="mono" />
            ) : (
              <div className="grid-3">
                <SelectField label="Resource type" value={form.type} onChange={(e) => set('type', e.target.value)} error={err('scope.type')}>
                  <option value="">Any type</option>
                  {RESOURCE_TYPES.map((t) => (
                    <option key={t} value={t}>
                      {humanize(t)}
                    </option>
                  ))}
                </SelectField>
                <TextField label="Tag" value={form.tag} onChange={(e) => set('tag', e.target.value)} error={err('scope.tag')} placeholder="env=prod" />
                <SelectField label="Cloud account" value={form.providerId} onChange={(e) => set('providerId', e.target.value)} error={err('scope.providerId')}>
                  <option value="">Any account</option>
                  {(providers.data ?? []).map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                    </option>
                  ))}
                </SelectField>
              </div>
            )}
          </fieldset>
          <div className="grid-2">
            <SelectField label="Severity" value={form.severity} onChange={(e) => set('severity', e.target.value as RuleForm['severity'])}>
              {ALERT_SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {alertSeverityLabel(s)}
                </option>
              ))}
            </SelectField>
            <div className="field">
              <span className="field-label" aria-hidden="true">
                Enabled
              </span>
              <Switch checked={form.enabled} onChange={(v) => set('enabled', v)} label="Enabled" />
            </div>
          </div>
          <fieldset className="monitoring-fieldset">
            <legend className="field-label">Labels</legend>
            {form.labels.map((l, i) => (
              <div className="monitoring-matcher" key={i}>
                <TextField label={`Label ${i + 1} name`} value={l.key} onChange={(e) => set('labels', form.labels.map((x, j) => (j === i ? { ...x, key: e.target.value } : x)))} placeholder="team" />
                <TextField label={`Label ${i + 1} value`} value={l.value} onChange={(e) => set('labels', form.labels.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)))} placeholder="payments" />
                <Button size="sm" variant="ghost" onClick={() => set('labels', form.labels.filter((_, j) => j !== i))} aria-label={`Remove label ${i + 1}`}>
                  Remove
                </Button>
              </div>
            ))}
            {err('labels') && (
              <p className="field-error" role="alert">
                {err('labels')}
              </p>
            )}
            <div>
              <Button size="sm" onClick={() => set('labels', [...form.labels, { key: '', value: '' }])} disabled={form.labels.length >= 20}>
                Add label
              </Button>
            </div>
          </fieldset>
          <TextField
            label="Summary"
            value={form.summary}
            onChange={(e) => set('summary', e.target.value)}
            error={err('annotations')}
            placeholder="{{ .resourceName }} CPU at {{ .value }} %"
            hint="Templates: {{ .resourceName }}, {{ .value }}, {{ .threshold }}, {{ .metric }}"
          />
          <TextAreaField label="Description" value={form.description} onChange={(e) => set('description', e.target.value)} rows={2} />

          <section className="monitoring-preview" aria-labelledby="rule-preview-title" data-testid="rule-preview">
            <h3 id="rule-preview-title" className="section-title">
              Preview
            </h3>
            {body && <p className="mono monitoring-condition-text">{conditionText({ ...body, states: body.states ?? [] } as Parameters<typeof conditionText>[0])}</p>}
            {!isMetric ? (
              <p className="muted">Previews are computed from stored metrics, so only metric rules have one.</p>
            ) : !body ? (
              <p className="muted">Complete the rule to see how often it would have fired.</p>
            ) : (
              <>
                <p aria-live="polite" aria-busy={preview.loading || undefined} data-testid="rule-preview-count">
                  {preview.error ? (
                    <span className="field-error">{preview.error}</span>
                  ) : preview.data ? (
                    <>
                      Would have fired <strong>{preview.data.wouldHaveFired}</strong> time{preview.data.wouldHaveFired === 1 ? '' : 's'} in the last 7 days
                      <span className="muted"> · {preview.data.evaluatedSeries} series evaluated</span>
                      {preview.loading && <span className="muted"> · updating…</span>}
                    </>
                  ) : (
                    <span className="muted">Computing the preview…</span>
                  )}
                </p>
                {preview.data && preview.data.windows.length > 0 && (
                  <details>
                    <summary>When</summary>
                    <ul className="monitoring-windows">
                      {preview.data.windows.slice(0, 20).map((w, i) => (
                        <li key={`${w.resourceId}-${w.from}-${i}`}>
                          {w.resourceName}: {formatDateTime(w.from)} – {w.to ? formatDateTime(w.to) : 'still firing'}
                        </li>
                      ))}
                    </ul>
                  </details>
                )}
                {settledBody && <LiveChart body={settledBody} />}
              </>
            )}
          </section>
          {formError && (
            <p className="field-error" role="alert">
              {formError}
            </p>
          )}
        </div>
        <div className="dialog-footer">
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" loading={creating.isLoading || updating.isLoading} data-testid="rule-save">
            {rule ? 'Save rule' : 'Create rule'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
