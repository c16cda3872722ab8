import { useState, type FormEvent } from 'react';
import { Badge } from '@/components/Badge';
import { Button } from '@/components/Button';
import { Card, CardHeader } from '@/components/Card';
import { Dialog } from '@/components/Dialog';
import { SelectField, TextAreaField, TextField } from '@/components/Field';
import { ErrorState, Skeleton } from '@/components/States';
import { asApiError, errorMessage } from '@/lib/api/errors';
import type { SecurityRule, SecurityRuleInput } from '@/lib/api/types';
import { useToast } from '@/lib/toast/useToast';
import { useCreateRuleMutation, useDeleteRuleMutation, useListRulesQuery, type RulesQuery } from '../api/securityApi';
import { FRAMEWORK_NAMES } from './frameworks';
import { SEVERITIES, SeverityBadge, severityLabel } from '@/components/SeverityBadge';

const TYPES = ['server', 'database', 'storage', 'network', 'container', 'function', 'load_balancer', 'cache', 'queue', 'dns', 'account', 'identity', 'key'] as const;

function RuleDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [create, { isLoading }] = useCreateRuleMutation();
  const empty = { id: '', title: '', severity: 'medium', type: 'server', condition: '', risk: '', remediation: '' };
  const [form, setForm] = useState(empty);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const field = (k: keyof typeof empty) => ({ value: form[k], onChange: (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value }) });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body: SecurityRuleInput = {
      id: form.id,
      title: form.title,
      severity: form.severity as SecurityRuleInput['severity'],
      providers: ['*'],
      resourceTypes: [form.type as SecurityRuleInput['resourceTypes'][number]],
      condition: form.condition,
      risk: form.risk,
      remediation: { text: form.remediation },
    };
    try {
      await create(body).unwrap();
      setForm(empty);
      setErrors({});
      onClose();
    } catch (err) {
      const fields = (asApiError(err)?.details as { fields?: Record<string, string> } | undefined)?.fields;
      setErrors(fields ?? { _: errorMessage(err, 'Could not add the rule') });
    }
  };
  return (
    <Dialog open={open} onClose={onClose} title="Add a custom rule" description="Checked like the shipped catalog; the next scan evaluates it on every resource." size="lg">
      <form onSubmit={submit}>
        <div className="dialog-body stack">
          <div className="grid-2">
            <TextField label="Id" {...field('id')} required placeholder="acme-prod-owner" error={errors.id} />
            <TextField label="Title" {...field('title')} required error={errors.title} />
            <SelectField label="Severity" {...field('severity')} error={errors.severity}>
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {severityLabel(s)}
                </option>
              ))}
            </SelectField>
            <SelectField label="Resource type" {...field('type')} error={errors.resourceTypes}>
              {TYPES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </SelectField>
          </div>
          <TextField
            label="Condition"
            {...field('condition')}
            required
            className="mono"
            placeholder={'tags.env == "prod" && !exists(tags.owner)'}
            hint="Over type, provider, region, name, status, spec, tags and posture (docs/security-rules.md)."
            error={errors.condition}
          />
          <TextAreaField label="Risk" {...field('risk')} required rows={2} error={errors.risk} />
          <TextAreaField label="How to fix it" {...field('remediation')} required rows={2} error={errors['remediation.text']} />
          {errors._ && (
            <p className="field-error" role="alert">
              {errors._}
            </p>
          )}
        </div>
        <div className="dialog-footer">
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" loading={isLoading}>
            Add rule
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function RuleRow({ rule, canManage }: { rule: SecurityRule; canManage: boolean }) {
  const [open, setOpen] = useState(false);
  const [remove, removing] = useDeleteRuleMutation();
  const toast = useToast();
  return (
    <li className="security-requirement" data-testid="security-rule">
      <button type="button" className="security-requirement-head" aria-expanded={open} onClick={() => setOpen(!open)}>
        <SeverityBadge severity={rule.severity} />
        <span className="security-requirement-title">{rule.title}</span>
        {rule.custom && <Badge tone="accent">Custom</Badge>}
        <span className="muted">{rule.id}</span>
      </button>
      {open && (
        <div className="security-requirement-body stack">
          <p>{rule.risk}</p>
          <pre className="security-condition">
            <code>{rule.condition}</code>
          </pre>
          <p>
            <strong>Fix:</strong> {rule.remediation.text}
          </p>
          <p className="muted">
            {rule.providers.join(', ')} · {rule.resourceTypes.join(', ')}
            {rule.frameworks.length > 0 && ` · ${rule.frameworks.map((m) => `${FRAMEWORK_NAMES[m.framework] ?? m.framework} ${m.requirement}`).join(', ')}`}
          </p>
          {rule.custom && canManage && (
            <div>
              <Button
                size="sm"
                variant="danger"
                loading={removing.isLoading}
                onClick={async () => {
                  try {
                    await remove(rule.id).unwrap();
                  } catch (e) {
                    toast.error('Could not delete the rule', errorMessage(e));
                  }
                }}
              >
                Delete rule
              </Button>
            </div>
          )}
        </div>
      )}
    </li>
  );
}

/** The rule catalog and the organization's custom rules, with filters; admins add and delete custom rules. */
export function RulesPanel({ canManage }: { canManage: boolean }) {
  const [query, setQuery] = useState<RulesQuery>({});
  const [adding, setAdding] = useState(false);
  const q = useListRulesQuery(query);
  return (
    <Card>
      <CardHeader
        title="Rules"
        description={q.data ? `${q.data.length} rules` : undefined}
        actions={
          canManage && (
            <Button variant="primary" onClick={() => setAdding(true)} data-testid="security-add-rule">
              Add custom rule
            </Button>
          )
        }
      />
      <div className="security-filters">
        <TextField label="Search" value={query.q ?? ''} onChange={(e) => setQuery({ ...query, q: e.target.value || undefined })} placeholder="id or title" />
        <SelectField label="Severity" value={query.severity ?? ''} onChange={(e) => setQuery({ ...query, severity: e.target.value || undefined })}>
          <option value="">All severities</option>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {severityLabel(s)}
            </option>
          ))}
        </SelectField>
        <SelectField label="Cloud" value={query.provider ?? ''} onChange={(e) => setQuery({ ...query, provider: e.target.value || undefined })}>
          <option value="">Any cloud</option>
          <option value="aws">AWS</option>
          <option value="azure">Azure</option>
          <option value="gcp">Google Cloud</option>
        </SelectField>
        <SelectField label="Framework" value={query.framework ?? ''} onChange={(e) => setQuery({ ...query, framework: e.target.value || undefined })}>
          <option value="">Any framework</option>
          {Object.entries(FRAMEWORK_NAMES).map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </SelectField>
      </div>
      {q.error ? (
        <ErrorState title="Could not load the rules" message={errorMessage(q.error)} onRetry={q.refetch} />
      ) : q.isLoading ? (
        <div className="card-body">
          <Skeleton height={200} />
        </div>
      ) : q.data?.length === 0 ? (
        <p className="muted" style={{ padding: 16 }}>No rule matches.</p>
      ) : (
        <ul className="security-requirements card-body">
          {q.data?.map((r) => (
            <RuleRow key={r.id} rule={r} canManage={canManage} />
          ))}
        </ul>
      )}
      <RuleDialog open={adding} onClose={() => setAdding(false)} />
    </Card>
  );
}
