import { useState, type FormEvent } from 'react';
import { Button } from './Button';
import { SelectField, TextAreaField, TextField } from './Field';
import { ProviderBadge } from './Badge';
import { IconAlert } from './icons';
import { useCreateProviderMutation, useTestProviderMutation, type CreateProviderRequest } from '@/lib/api/endpoints';
import { asApiError } from '@/lib/api/errors';
import { serverFormErrors } from '@/lib/api/formErrors';
import type { CloudProvider, ProviderKind, ProviderValidation } from '@/lib/api/types';
import { providerLabel } from '@/lib/format';

interface CredentialField {
  key: string;
  label: string;
  secret?: boolean;
  optional?: boolean;
  multiline?: boolean;
  hint?: string;
  kind?: 'select' | 'number';
  options?: string[];
}

export const CREDENTIAL_FIELDS: Record<ProviderKind, CredentialField[]> = {
  aws: [
    { key: 'accessKeyId', label: 'Access key ID' },
    { key: 'secretAccessKey', label: 'Secret access key', secret: true },
    { key: 'sessionToken', label: 'Session token', secret: true, optional: true },
    { key: 'roleArn', label: 'Role ARN to assume', optional: true, hint: 'arn:aws:iam::123456789012:role/CloudWeaveReadOnly' },
    { key: 'externalId', label: 'External ID', optional: true, hint: 'Only with a role whose trust policy asks for one.' },
  ],
  azure: [
    { key: 'tenantId', label: 'Tenant ID' },
    { key: 'clientId', label: 'Client ID' },
    { key: 'clientSecret', label: 'Client secret', secret: true },
    { key: 'subscriptionId', label: 'Subscription ID' },
  ],
  gcp: [
    {
      key: 'serviceAccountJson',
      label: 'Service account key (JSON)',
      secret: true,
      multiline: true,
      hint: 'Paste the JSON key file of a service account with Viewer access.',
    },
  ],
  simulated: [
    { key: 'scenario', label: 'Scenario', kind: 'select', options: ['startup', 'enterprise', 'devops', 'multicloud'] },
    { key: 'seed', label: 'Seed', kind: 'number', optional: true, hint: 'The same seed always produces the same infrastructure.' },
  ],
};

const DEFAULT_NAMES: Record<ProviderKind, string> = {
  aws: 'AWS production',
  azure: 'Azure subscription',
  gcp: 'GCP project',
  simulated: 'Simulated cloud',
};

export interface ConnectProviderFormProps {
  /**
   * The account was saved. `validation` is its connection test: passed, or failed when the user
   * chose "Save anyway" (the account is then in status `error`); null when no test result came.
   */
  onConnected: (provider: CloudProvider, validation: ProviderValidation | null) => void;
  onCancel?: () => void;
  submitLabel?: string;
  kinds?: ProviderKind[];
}

/** A connection test that failed on create: nothing was saved yet. */
interface VerifyFailure {
  message: string;
  test: ProviderValidation | null;
}

function verifyFailure(err: unknown): VerifyFailure | null {
  const api = asApiError(err);
  if (!api || api.code !== 'VALIDATION_ERROR' || !api.details || typeof api.details !== 'object') return null;
  const details = api.details as { test?: unknown; fields?: Record<string, unknown> };
  if (!details.test || typeof details.test !== 'object') return null;
  const test = details.test as ProviderValidation;
  const fromFields = typeof details.fields?.credentials === 'string' ? details.fields.credentials : null;
  return {
    message: fromFields ?? test.errors?.[0] ?? api.message,
    test: { ...test, valid: false, errors: Array.isArray(test.errors) ? test.errors : [] },
  };
}

function failedTest(message: string): ProviderValidation {
  return { valid: false, identity: {}, permissions: [], limitations: [], regions: [], services: [], errors: [message] };
}

/**
 * Adds a cloud account: pick a provider, enter its credentials. The server tests the connection
 * before saving (`verify`); when the test fails the form stays open with the cause at the
 * credentials, and the user may fix them or save the account anyway.
 */
export function ConnectProviderForm({
  onConnected,
  onCancel,
  submitLabel = 'Connect account',
  kinds = ['aws', 'azure', 'gcp', 'simulated'],
}: ConnectProviderFormProps) {
  const [kind, setKind] = useState<ProviderKind>(kinds[0]);
  const [name, setName] = useState(DEFAULT_NAMES[kinds[0]]);
  const [creds, setCreds] = useState<Record<string, string>>({ scenario: 'startup' });
  const [regions, setRegions] = useState('');
  const [billingExportTable, setBillingExportTable] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [failure, setFailure] = useState<VerifyFailure | null>(null);
  const [savingAnyway, setSavingAnyway] = useState(false);
  const [createProvider, createState] = useCreateProviderMutation();
  const [testProvider, testState] = useTestProviderMutation();

  const fields = CREDENTIAL_FIELDS[kind];
  // Where a server error can be shown: the two account fields, each credential, and the
  // credentials section as a whole (for errors about the credentials but no single field).
  const visible = ['name', 'regions', 'billingExportTable', 'credentials', ...fields.map((f) => `credentials.${f.key}`)];

  function choose(k: ProviderKind) {
    setKind(k);
    setErrors({});
    setFormError(null);
    setFailure(null);
    setName((n) => (Object.values(DEFAULT_NAMES).includes(n) || !n ? DEFAULT_NAMES[k] : n));
  }

  function setCredential(key: string, value: string) {
    setCreds((c) => ({ ...c, [key]: value }));
    // The test result was for the old value: saving anyway must not apply to new input.
    setFailure(null);
    setErrors((e) => (e[key] || e.credentials ? { ...e, [key]: '', credentials: '' } : e));
  }

  /** Checks the fields locally; the request body when they are fine. */
  function request(): CreateProviderRequest | null {
    const errs: Record<string, string> = {};
    if (!name.trim()) errs.name = 'Give this account a name';
    const credentials: Record<string, unknown> = {};
    for (const f of fields) {
      const v = (creds[f.key] ?? '').trim();
      if (!v && !f.optional) errs[f.key] = `Enter the ${f.label.toLowerCase()}`;
      if (!v) continue;
      if (f.kind === 'number') credentials[f.key] = Number(v);
      else credentials[f.key] = v;
    }
    if (kind === 'gcp' && credentials.serviceAccountJson) {
      try {
        JSON.parse(String(credentials.serviceAccountJson));
      } catch {
        errs.serviceAccountJson = 'This is not valid JSON';
      }
    }
    if (Object.keys(errs).length) {
      setErrors(errs);
      return null;
    }
    const regionList = regions
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean);
    const table = kind === 'gcp' ? billingExportTable.trim() : '';
    return {
      provider: kind,
      name: name.trim(),
      credentials,
      regions: regionList.length ? regionList : undefined,
      billingExportTable: table || undefined,
    };
  }

  function showError(err: unknown) {
    const { fields: mapped, formError: unmapped } = serverFormErrors(err, visible, 'Could not add the account');
    const byKey: Record<string, string> = {};
    for (const [k, v] of Object.entries(mapped)) byKey[k.replace(/^credentials\./, '')] = v;
    setErrors(byKey);
    setFormError(unmapped);
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setFormError(null);
    setFailure(null);
    const body = request();
    if (!body) return;
    setErrors({});
    try {
      const provider = await createProvider({ ...body, verify: true }).unwrap();
      let validation: ProviderValidation | null = null;
      if (provider.status === 'error') {
        // A server without `verify` saved it anyway after a failed test: its reason is the cause
        // (testing again would only meet the provider's circuit breaker).
        validation = failedTest(provider.statusReason ?? 'The connection test failed');
      } else {
        try {
          // Connected: the test's details (identity, regions, services) are worth showing.
          validation = await testProvider(provider.id).unwrap();
        } catch {
          validation = null;
        }
      }
      setCreds({ scenario: 'startup' });
      onConnected(provider, validation);
    } catch (err) {
      const f = verifyFailure(err);
      if (f) setFailure(f);
      else showError(err);
    }
  }

  async function saveAnyway() {
    if (!failure) return;
    const body = request();
    if (!body) return;
    setSavingAnyway(true);
    try {
      const provider = await createProvider(body).unwrap();
      setCreds({ scenario: 'startup' });
      onConnected(provider, failure.test ?? failedTest(failure.message));
    } catch (err) {
      setFailure(null);
      showError(err);
    } finally {
      setSavingAnyway(false);
    }
  }

  const busy = createState.isLoading || testState.isLoading;
  const extraTestErrors = (failure?.test?.errors ?? []).filter((m) => m !== failure?.message);

  return (
    <form className="stack" onSubmit={onSubmit} noValidate aria-label="Connect a cloud account">
      <div role="radiogroup" aria-label="Cloud provider" className="choice-grid">
        {kinds.map((k) => (
          <button
            key={k}
            type="button"
            role="radio"
            aria-checked={kind === k}
            className="choice"
            onClick={() => choose(k)}
            data-testid={`provider-${k}`}
          >
            <span className="choice-title">
              <ProviderBadge provider={k} />
            </span>
          </button>
        ))}
      </div>
      {formError && (
        <div className="form-error" role="alert" data-testid="connect-form-error">
          {formError}
        </div>
      )}
      <div className="grid-2">
        <TextField
          label="Account name"
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            if (errors.name) setErrors((x) => ({ ...x, name: '' }));
          }}
          error={errors.name || undefined}
          data-testid="provider-name"
        />
        <TextField
          label="Regions (optional)"
          value={regions}
          onChange={(e) => setRegions(e.target.value)}
          error={errors.regions || undefined}
          hint="Comma-separated. Empty means all regions."
        />
      </div>
      {kind === 'gcp' && (
        <TextField
          label="BigQuery billing export table (optional)"
          value={billingExportTable}
          onChange={(e) => {
            setBillingExportTable(e.target.value);
            if (errors.billingExportTable) setErrors((x) => ({ ...x, billingExportTable: '' }));
          }}
          error={errors.billingExportTable || undefined}
          hint="project.dataset.gcp_billing_export_v1_… (or the resource-level gcp_billing_export_resource_v1_… table) to collect costs from. The service account needs bigquery.jobs.create and read access to the dataset."
          data-testid="billing-export-table"
        />
      )}
      <fieldset className="stack" style={{ border: 0, padding: 0, margin: 0 }} aria-describedby={failure || errors.credentials ? 'credentials-problem' : undefined}>
        <legend className="section-title">{providerLabel(kind)} credentials</legend>
        {failure ? (
          <div className="callout danger credentials-problem" role="alert" id="credentials-problem" data-testid="connection-failure">
            <IconAlert />
            <div className="stack-sm grow">
              <strong>The connection test failed — nothing was saved</strong>
              <span data-testid="connection-failure-message">{failure.message}</span>
              {extraTestErrors.length > 0 && (
                <ul style={{ margin: 0, paddingLeft: 18 }}>
                  {extraTestErrors.map((m) => (
                    <li key={m}>{m}</li>
                  ))}
                </ul>
              )}
              <span className="muted">
                Fix the credentials (or what the message names) and connect again, or save the account as it is and fix
                it later: it is kept in status error and not synced until a test passes.
              </span>
              <div className="row">
                <Button size="sm" onClick={() => void saveAnyway()} loading={savingAnyway} disabled={busy && !savingAnyway} data-testid="save-anyway">
                  Save anyway
                </Button>
              </div>
            </div>
          </div>
        ) : (
          errors.credentials && (
            <div className="form-error" role="alert" id="credentials-problem" data-testid="credentials-error">
              {errors.credentials}
            </div>
          )
        )}
        <div className="grid-2">
          {fields.map((f) => {
            const key = `${kind}-${f.key}`;
            const common = {
              label: f.optional ? `${f.label} (optional)` : f.label,
              value: creds[f.key] ?? '',
              error: errors[f.key] || undefined,
              hint: f.hint,
              'data-testid': `credential-${f.key}`,
            };
            if (f.multiline) {
              return (
                <TextAreaField
                  key={key}
                  {...common}
                  fieldClassName="span-2"
                  rows={6}
                  spellCheck={false}
                  onChange={(e) => setCredential(f.key, e.target.value)}
                />
              );
            }
            if (f.kind === 'select') {
              return (
                <SelectField key={key} {...common} onChange={(e) => setCredential(f.key, e.target.value)}>
                  {f.options?.map((o) => (
                    <option key={o} value={o}>
                      {o}
                    </option>
                  ))}
                </SelectField>
              );
            }
            return (
              <TextField
                key={key}
                {...common}
                type={f.secret ? 'password' : f.kind === 'number' ? 'number' : 'text'}
                autoComplete="off"
                spellCheck={false}
                onChange={(e) => setCredential(f.key, e.target.value)}
              />
            );
          })}
        </div>
      </fieldset>
      <p className="faint" style={{ fontSize: 12.5 }}>
        Credentials are encrypted at rest and never shown again. Use a read-only role where you can.
      </p>
      <div className="row" style={{ justifyContent: 'flex-end' }}>
        {onCancel && (
          <Button onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
        )}
        <Button type="submit" variant="primary" loading={busy && !savingAnyway} disabled={savingAnyway} data-testid="connect-provider">
          {createState.isLoading && !savingAnyway ? 'Testing connection…' : testState.isLoading ? 'Checking…' : submitLabel}
        </Button>
      </div>
    </form>
  );
}

export function ValidationResult({ result }: { result: ProviderValidation }) {
  const errors = result.errors ?? [];
  return (
    <div className={`callout ${result.valid ? 'success' : 'danger'}`} role="status" data-testid="test-result">
      <div className="stack-sm">
        <strong>{result.valid ? 'Connection successful' : 'Connection failed'}</strong>
        {errors.length > 0 && (
          <ul style={{ margin: 0, paddingLeft: 18 }}>
            {errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        )}
        {result.regions && result.regions.length > 0 && (
          <span className="muted">Regions: {result.regions.slice(0, 8).join(', ')}{result.regions.length > 8 ? '…' : ''}</span>
        )}
        {result.services && result.services.length > 0 && (
          <span className="muted">Services: {result.services.slice(0, 8).join(', ')}</span>
        )}
        {result.limitations && result.limitations.length > 0 && (
          <span className="muted">Limitations: {result.limitations.join('; ')}</span>
        )}
      </div>
    </div>
  );
}
