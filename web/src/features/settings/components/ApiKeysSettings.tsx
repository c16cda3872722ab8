import { useState, type FormEvent } from 'react';
import { Button } from '@/components/Button';
import { Badge } from '@/components/Badge';
import { Card, CardHeader } from '@/components/Card';
import { ConfirmDialog, Dialog } from '@/components/Dialog';
import { DataTable, type Column } from '@/components/DataTable';
import { SelectField, TextField } from '@/components/Field';
import { EmptyState } from '@/components/States';
import { IconCopy, IconKey, IconPlus, IconTrash } from '@/components/icons';
import { useGetMeQuery } from '@/lib/api/endpoints';
import { errorMessage } from '@/lib/api/errors';
import { serverFormErrors } from '@/lib/api/formErrors';
import { ROLES, type ApiKey, type CreatedApiKey, type Role } from '@/lib/api/types';
import { roleAtLeast } from '@/lib/auth/permissions';
import { formatDateTime, formatRelative, humanize } from '@/lib/format';
import { useDisplayTimeZone } from '@/lib/api/usePreferences';
import { useToast } from '@/lib/toast/useToast';
import { useCreateApiKeyMutation, useDeleteApiKeyMutation, useListApiKeysQuery } from '../api/settingsApi';

export function ApiKeysSettings() {
  const tz = useDisplayTimeZone();
  const keys = useListApiKeysQuery();
  const [deleteKey, deleteState] = useDeleteApiKeyMutation();
  const [creating, setCreating] = useState(false);
  const [toRevoke, setToRevoke] = useState<ApiKey | null>(null);
  const toast = useToast();
  const columns: Column<ApiKey>[] = [
    { key: 'name', header: 'Name', render: (k) => <span className="cell-title">{k.name}</span> },
    { key: 'prefix', header: 'Key', render: (k) => <code>{k.prefix}…</code> },
    { key: 'role', header: 'Role', render: (k) => <Badge tone="accent">{humanize(k.role)}</Badge> },
    { key: 'created', header: 'Created', render: (k) => formatDateTime(k.createdAt, tz) },
    {
      key: 'expires',
      header: 'Expires',
      render: (k) => (k.expiresAt ? (new Date(k.expiresAt) < new Date() ? <Badge tone="danger">Expired</Badge> : formatDateTime(k.expiresAt, tz)) : 'Never'),
    },
    { key: 'used', header: 'Last used', render: (k) => (k.lastUsedAt ? <time dateTime={k.lastUsedAt} title={formatDateTime(k.lastUsedAt, tz)}>{formatRelative(k.lastUsedAt)}</time> : 'Never') },
    {
      key: 'actions',
      header: <span className="sr-only">Actions</span>,
      render: (k) => <Button size="sm" variant="ghost" icon={<IconTrash />} aria-label={`Revoke ${k.name}`} onClick={() => setToRevoke(k)} />,
    },
  ];
  return (
    <Card>
      <CardHeader
        title="API keys"
        description="For scripts and integrations. Send as the X-API-Key header; each key acts with its own role."
        actions={<Button variant="primary" icon={<IconPlus />} onClick={() => setCreating(true)} data-testid="create-api-key">Create key</Button>}
      />
      <DataTable
        caption="API keys"
        columns={columns}
        rows={keys.data}
        getRowId={(k) => k.id}
        loading={keys.isLoading}
        error={keys.error ? errorMessage(keys.error) : null}
        onRetry={() => keys.refetch()}
        skeletonRows={3}
        empty={<EmptyState icon={<IconKey />} title="No API keys" description="Create a key to automate CloudWeave from CI or scripts." />}
      />
      <CreateKeyDialog open={creating} onClose={() => setCreating(false)} />
      <ConfirmDialog
        open={!!toRevoke}
        title="Revoke API key"
        danger
        confirmLabel="Revoke"
        loading={deleteState.isLoading}
        message={<>Revoke <strong>{toRevoke?.name}</strong>? Anything using it stops working immediately.</>}
        onCancel={() => setToRevoke(null)}
        onConfirm={async () => {
          if (!toRevoke) return;
          try {
            await deleteKey(toRevoke.id).unwrap();
            toast.success('API key revoked', toRevoke.name);
          } catch (e) {
            toast.error('Could not revoke the key', errorMessage(e));
          } finally {
            setToRevoke(null);
          }
        }}
      />
    </Card>
  );
}

function CreateKeyDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { data: me } = useGetMeQuery();
  const [createKey, { isLoading }] = useCreateApiKeyMutation();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [expires, setExpires] = useState('90');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [copied, setCopied] = useState(false);
  // A key can never have more power than its creator.
  const roles = ROLES.filter((r) => roleAtLeast(me?.role, r));
  const close = () => {
    setName('');
    setRole('viewer');
    setExpires('90');
    setErrors({});
    setCreated(null);
    setCopied(false);
    onClose();
  };
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) return setErrors({ name: 'Give the key a name, e.g. "CI deploys"' });
    try {
      const k = await createKey({ name: name.trim(), role, expiresInDays: expires ? Number(expires) : undefined }).unwrap();
      setCreated(k);
    } catch (err) {
      const { fields, formError } = serverFormErrors(err, ['name', 'role', 'expiresInDays'], 'Could not create the key');
      // A failure no field explains is shown at the name, the one field always there.
      setErrors(formError ? { ...fields, name: [fields.name, formError].filter(Boolean).join('; ') } : fields);
    }
  }
  return (
    <Dialog open={open} onClose={close} title={created ? 'Copy your new API key' : 'Create API key'}>
      {created ? (
        <>
          <div className="dialog-body">
            <div className="callout warning" role="status">
              This is the only time the key is shown. Store it in your secret manager now.
            </div>
            <div className="secret-box">
              <span className="grow" data-testid="api-key-secret">{created.key}</span>
              <Button
                size="sm"
                icon={<IconCopy />}
                onClick={async () => {
                  try {
                    await navigator.clipboard.writeText(created.key);
                    setCopied(true);
                  } catch {
                    setCopied(false);
                  }
                }}
              >
                {copied ? 'Copied' : 'Copy'}
              </Button>
            </div>
          </div>
          <div className="dialog-footer">
            <Button variant="primary" onClick={close}>I have stored it</Button>
          </div>
        </>
      ) : (
        <form onSubmit={onSubmit} noValidate aria-label="Create API key">
          <div className="dialog-body">
            <TextField label="Key name" value={name} onChange={(e) => { setName(e.target.value); setErrors({}); }} error={errors.name} data-testid="api-key-name" />
            <SelectField label="Role" value={role} onChange={(e) => setRole(e.target.value as Role)} error={errors.role}>
              {roles.map((r) => (
                <option key={r} value={r}>{humanize(r)}</option>
              ))}
            </SelectField>
            <SelectField label="Expires" value={expires} onChange={(e) => setExpires(e.target.value)} error={errors.expiresInDays}>
              <option value="7">In 7 days</option>
              <option value="30">In 30 days</option>
              <option value="90">In 90 days</option>
              <option value="365">In a year</option>
              <option value="">Never</option>
            </SelectField>
          </div>
          <div className="dialog-footer">
            <Button onClick={close}>Cancel</Button>
            <Button type="submit" variant="primary" loading={isLoading} data-testid="api-key-submit">Create key</Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
