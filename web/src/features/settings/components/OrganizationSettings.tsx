import { useEffect, useState, type FormEvent } from 'react';
import { Button } from '@/components/Button';
import { Card, CardHeader } from '@/components/Card';
import { TextField } from '@/components/Field';
import { ErrorState, Skeleton } from '@/components/States';
import { useGetMeQuery } from '@/lib/api/endpoints';
import { errorMessage } from '@/lib/api/errors';
import { serverFormErrors } from '@/lib/api/formErrors';
import { can } from '@/lib/auth/permissions';
import { formatDateTime } from '@/lib/format';
import { useDisplayTimeZone } from '@/lib/api/usePreferences';
import { useToast } from '@/lib/toast/useToast';
import { useGetOrganizationQuery, useUpdateOrganizationMutation } from '../api/settingsApi';

export function OrganizationSettings() {
  const { data: me } = useGetMeQuery();
  const org = useGetOrganizationQuery();
  const tz = useDisplayTimeZone();
  const [update, { isLoading }] = useUpdateOrganizationMutation();
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  const toast = useToast();
  const editable = can(me?.role, 'organization:manage');
  useEffect(() => setName(org.data?.name ?? ''), [org.data?.name]);
  if (org.isLoading) return <Card><div className="card-body"><Skeleton /></div></Card>;
  if (org.error || !org.data) return <Card><ErrorState message={errorMessage(org.error)} onRetry={() => org.refetch()} /></Card>;
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) return setError('Enter a name');
    try {
      await update({ name: name.trim() }).unwrap();
      toast.success('Organization renamed');
    } catch (err) {
      const { fields, formError } = serverFormErrors(err, ['name'], 'Could not rename the organization');
      setError([fields.name, formError].filter(Boolean).join('; '));
    }
  }
  return (
    <Card>
      <CardHeader title="Organization" description={editable ? 'Only owners can rename the organization.' : 'Read-only: only owners can change these.'} />
      <form className="card-body stack" onSubmit={onSubmit} aria-label="Organization">
        <div className="grid-2">
          <TextField label="Organization name" value={name} onChange={(e) => { setName(e.target.value); setError(undefined); }} error={error} readOnly={!editable} data-testid="org-name-input" />
          <TextField label="Slug" value={org.data.slug ?? ''} readOnly />
          <TextField label="Organization ID" value={org.data.id} readOnly className="mono" />
          <TextField label="Created" value={formatDateTime(org.data.createdAt, tz, { zone: true })} readOnly data-testid="org-created" />
        </div>
        {editable && (
          <div className="row" style={{ justifyContent: 'flex-end' }}>
            <Button type="submit" variant="primary" loading={isLoading} disabled={name.trim() === org.data.name}>
              Save
            </Button>
          </div>
        )}
      </form>
    </Card>
  );
}
