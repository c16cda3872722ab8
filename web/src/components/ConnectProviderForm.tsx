import { useState, type FormEvent } from 'react';
import { Button } from './Button';
import { SelectField, TextAreaField, TextField } from './Field';
import { ProviderBadge } from './Badge';
import { useCreateProviderMutation, useTestProviderMutation } from '@/lib/api/endpoints';
import { errorMessage, fieldErrors } from '@/lib/api/errors';
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
  onConnected: (provider: CloudProvider, validation: ProviderValidation | null) => void;
  onCancel?: () => void;
  submitLabel?: string;
  kinds?: ProviderKind[];
}

/** Adds a cloud account: pick a provider, enter its credentials, then the connection is tested. */
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
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [createProvider, createState] = useCreateProviderMutation();
  const [testProvider, testState] = useTestProviderMutation();

  const fields = CREDENTIAL_FIELDS[kind];

  function choose(k: ProviderKind) {
    setKind(k);
    setErrors({});
    setFormError(null);
    setName((n) => (Object.values(DEFAULT_NAMES).includes(n) || !n ? DEFAULT_NAMES[k] : n));
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setFormError(null);
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
      return;
    }
    const regionList = regions
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean);
    try {
      const provider = await createProvider({
        provider: kind,
        name: name.trim(),
        credentials,
        regions: regionList.length ? regionList : undefined,
      }).unwrap();
      let validation: ProviderValidation | null = null;
      try {
        validation = await testProvider(provider.id).unwrap();
      } catch {
        validation = null;
      }
      setCreds({ scenario: 'startup' });
      onConnected(provider, validation);
    } catch (err) {
      const f = fieldErrors(err);
      const mapped: Record<string, string> = {};
      for (const [k, v] of Object.entries(f)) mapped[k.replace(/^credentials\./, '')] = v;
      if (Object.keys(mapped).length) setErrors(mapped);
      else setFormError(errorMessage(err, 'Could not add the account'));
    }
  }

  const busy = createState.isLoading || testState.isLoading;

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
        <div className="form-error" role="alert">
          {formError}
        </div>
      )}
      <div className="grid-2">
        <TextField
          label="Account name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.name}
          data-testid="provider-name"
        />
        <TextField
          label="Regions (optional)"
          value={regions}
          onChange={(e) => setRegions(e.target.value)}
          hint="Comma-separated. Empty means all regions."
        />
      </div>
      <fieldset className="stack" style={{ border: 0, padding: 0, margin: 0 }}>
        <legend className="section-title">{providerLabel(kind)} credentials</legend>
        <div className="grid-2">
          {fields.map((f) => {
            const key = `${kind}-${f.key}`;
            const common = {
              label: f.optional ? `${f.label} (optional)` : f.label,
              value: creds[f.key] ?? '',
              error: errors[f.key],
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
                  onChange={(e) => setCreds((c) => ({ ...c, [f.key]: e.target.value }))}
                />
              );
            }
            if (f.kind === 'select') {
              return (
                <SelectField key={key} {...common} onChange={(e) => setCreds((c) => ({ ...c, [f.key]: e.target.value }))}>
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
                onChange={(e) => setCreds((c) => ({ ...c, [f.key]: e.target.value }))}
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
        <Button type="submit" variant="primary" loading={busy} data-testid="connect-provider">
          {testState.isLoading ? 'Testing connection…' : submitLabel}
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
