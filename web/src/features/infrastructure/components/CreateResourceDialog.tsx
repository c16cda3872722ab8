import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { Button } from '@/components/Button';
import { Dialog } from '@/components/Dialog';
import { SelectField, TextAreaField, TextField } from '@/components/Field';
import { useCreateResourceMutation } from '@/lib/api/endpoints';
import { errorMessage, fieldErrors } from '@/lib/api/errors';
import { CREATABLE_RESOURCE_TYPES, type CloudProvider, type Resource, type ResourceType } from '@/lib/api/types';
import { humanize, providerLabel } from '@/lib/format';
import { DEFAULT_REGIONS, parseTags, SIZE_SPECS } from '../types';
import { userFacingMessage } from '../utils/actions';

export interface CreateResourceDialogProps {
  open: boolean;
  providers: CloudProvider[];
  isDemo: boolean;
  onClose: () => void;
  onCreated: (resource: Resource) => void;
}

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function CreateResourceDialog({ open, providers, isDemo, onClose, onCreated }: CreateResourceDialogProps) {
  const [createResource, { isLoading }] = useCreateResourceMutation();
  const preferred = useMemo(
    () => (isDemo ? providers.find((p) => p.isDemo) : undefined) ?? providers.find((p) => p.status === 'connected') ?? providers[0],
    [providers, isDemo],
  );
  const [name, setName] = useState('');
  const [type, setType] = useState<ResourceType>('server');
  const [providerId, setProviderId] = useState('');
  const [region, setRegion] = useState('');
  const [size, setSize] = useState('small');
  const [specJson, setSpecJson] = useState('');
  const [tags, setTags] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const provider = providers.find((p) => p.id === providerId) ?? preferred;
  const regions = provider?.regions?.length ? provider.regions : DEFAULT_REGIONS[provider?.provider ?? 'aws'];

  useEffect(() => {
    if (!open) return;
    setName('');
    setType('server');
    setSize('small');
    setSpecJson('');
    setTags('');
    setErrors({});
    setFormError(null);
    setProviderId(preferred?.id ?? '');
  }, [open, preferred?.id]);

  useEffect(() => {
    if (!regions.includes(region)) setRegion(regions[0] ?? '');
  }, [regions, region]);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setFormError(null);
    const errs: Record<string, string> = {};
    if (!name.trim()) errs.name = 'Enter a resource name';
    else if (!NAME_RE.test(name.trim())) errs.name = 'Use letters, digits, dots, dashes or underscores (max 128)';
    if (!provider) errs.providerId = 'Connect a cloud account first';
    if (!region) errs.region = 'Choose a region';
    let spec: Record<string, unknown> = { ...SIZE_SPECS[size].spec };
    if (specJson.trim()) {
      try {
        const extra = JSON.parse(specJson);
        if (!extra || typeof extra !== 'object' || Array.isArray(extra)) throw new Error('not an object');
        spec = { ...spec, ...extra };
      } catch {
        errs.spec = 'Spec must be a JSON object';
      }
    }
    const parsedTags = parseTags(tags);
    if (typeof parsedTags === 'string') errs.tags = parsedTags;
    if (Object.keys(errs).length) {
      setErrors(errs);
      return;
    }
    try {
      const created = await createResource({
        name: name.trim(),
        type,
        providerId: provider!.id,
        region,
        spec,
        tags: typeof parsedTags === 'string' ? undefined : parsedTags,
      }).unwrap();
      onCreated(created);
    } catch (err) {
      const f = Object.fromEntries(Object.entries(fieldErrors(err)).map(([k, v]) => [k, userFacingMessage(v)]));
      const shown = ['name', 'type', 'providerId', 'region', 'spec', 'tags'];
      if (Object.keys(f).some((k) => shown.includes(k))) setErrors(f);
      // Errors no field shows (a provider refusal at `resource`) go above the form, never lost.
      const rest = Object.entries(f).filter(([k]) => !shown.includes(k)).map(([, v]) => v);
      if (rest.length || !Object.keys(f).length) setFormError(rest.join('; ') || userFacingMessage(errorMessage(err, 'Could not create the resource')));
    }
  }

  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="lg"
      title="Create resource"
      description={isDemo ? 'In demo mode the resource is created in the demo cloud account; nothing real is provisioned.' : 'Provision a new resource in one of your cloud accounts.'}
    >
      <form onSubmit={onSubmit} noValidate aria-label="Create resource">
        <div className="dialog-body">
          {providers.length === 0 && (
            <div className="callout warning" role="status">
              You have no cloud accounts yet. <Link to="/settings/cloud-accounts">Connect one</Link> or load demo data first.
            </div>
          )}
          {formError && (
            <div className="form-error" role="alert">
              {formError}
            </div>
          )}
          <div className="grid-2">
            <TextField
              label="Resource name"
              value={name}
              onChange={(e) => {
                setName(e.target.value);
                setErrors((x) => ({ ...x, name: '' }));
              }}
              error={errors.name}
              placeholder="web-server-01"
              data-testid="resource-name"
              autoComplete="off"
              data-autofocus
            />
            <SelectField
              label="Resource type"
              value={type}
              onChange={(e) => setType(e.target.value as ResourceType)}
              error={errors.type}
              data-testid="resource-type"
            >
              {CREATABLE_RESOURCE_TYPES.map((t) => (
                <option key={t} value={t}>
                  {humanize(t)}
                </option>
              ))}
            </SelectField>
            <SelectField
              label="Provider"
              value={provider?.id ?? ''}
              onChange={(e) => setProviderId(e.target.value)}
              error={errors.providerId}
              data-testid="resource-provider"
              disabled={providers.length === 0}
            >
              {providers.length === 0 && <option value="">No cloud accounts</option>}
              {providers.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} ({p.isDemo || p.provider === 'simulated' ? 'demo' : providerLabel(p.provider)})
                </option>
              ))}
            </SelectField>
            <SelectField label="Region" value={region} onChange={(e) => setRegion(e.target.value)} error={errors.region} data-testid="resource-region">
              {regions.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </SelectField>
            <SelectField label="Size" value={size} onChange={(e) => setSize(e.target.value)} data-testid="resource-size">
              {Object.entries(SIZE_SPECS).map(([k, v]) => (
                <option key={k} value={k}>
                  {v.label}
                </option>
              ))}
            </SelectField>
            <TextField
              label="Tags"
              value={tags}
              onChange={(e) => setTags(e.target.value)}
              error={errors.tags}
              placeholder="env=prod, team=web"
              hint="Comma-separated key=value pairs."
            />
            <TextAreaField
              label="Additional spec (JSON, optional)"
              fieldClassName="span-2"
              value={specJson}
              onChange={(e) => setSpecJson(e.target.value)}
              error={errors.spec}
              placeholder='{"image": "ubuntu-22.04", "diskGb": 50}'
              rows={3}
              spellCheck={false}
            />
          </div>
        </div>
        <div className="dialog-footer">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" loading={isLoading} disabled={providers.length === 0} data-testid="create-button">
            Create
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
