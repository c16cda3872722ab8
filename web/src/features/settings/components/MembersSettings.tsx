import { useState, type FormEvent } from 'react';
import { Button } from '@/components/Button';
import { Card, CardHeader } from '@/components/Card';
import { StatusBadge } from '@/components/Badge';
import { ConfirmDialog, Dialog } from '@/components/Dialog';
import { CursorPagination, DataTable, type Column } from '@/components/DataTable';
import { SelectField, TextField } from '@/components/Field';
import { IconCopy, IconPlus, IconTrash, IconUsers } from '@/components/icons';
import { EmptyState } from '@/components/States';
import { useGetMeQuery } from '@/lib/api/endpoints';
import { errorMessage } from '@/lib/api/errors';
import { serverFormErrors } from '@/lib/api/formErrors';
import { ROLES, type Role, type User } from '@/lib/api/types';
import { roleAtLeast } from '@/lib/auth/permissions';
import { formatDateTime, formatRelative, humanize } from '@/lib/format';
import { useDisplayTimeZone } from '@/lib/api/usePreferences';
import { useToast } from '@/lib/toast/useToast';
import { useCreateUserMutation, useDeleteUserMutation, useListUsersQuery, useUpdateUserMutation } from '../api/settingsApi';

const PAGE = 50;

export function MembersSettings() {
  const { data: me } = useGetMeQuery();
  const tz = useDisplayTimeZone();
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const users = useListUsersQuery({ limit: PAGE, cursor: cursors[cursors.length - 1] });
  const [updateUser] = useUpdateUserMutation();
  const [deleteUser, deleteState] = useDeleteUserMutation();
  const [inviting, setInviting] = useState(false);
  const [toRemove, setToRemove] = useState<User | null>(null);
  const toast = useToast();
  const isOwner = me?.role === 'owner';
  // Admins may not hand out or take away ownership.
  const assignable = ROLES.filter((r) => isOwner || r !== 'owner');

  const columns: Column<User>[] = [
    {
      key: 'name',
      header: 'Member',
      render: (u) => (
        <div style={{ display: 'flex', flexDirection: 'column', lineHeight: 1.3 }}>
          <span className="cell-title">{u.name}{u.id === me?.id && <span className="faint"> (you)</span>}</span>
          <span className="cell-sub">{u.email}</span>
        </div>
      ),
    },
    {
      key: 'role',
      header: 'Role',
      render: (u) =>
        u.id === me?.id || (u.role === 'owner' && !isOwner) ? (
          humanize(u.role)
        ) : (
          <select
            className="select input-sm"
            style={{ width: 130 }}
            aria-label={`Role of ${u.name}`}
            value={u.role}
            onChange={async (e) => {
              try {
                await updateUser({ id: u.id, role: e.target.value as Role }).unwrap();
                toast.success('Role updated', `${u.name} is now ${humanize(e.target.value)}`);
              } catch (err) {
                toast.error('Could not change the role', errorMessage(err));
              }
            }}
          >
            {(assignable.includes(u.role) ? assignable : [u.role, ...assignable]).map((r) => (
              <option key={r} value={r}>{humanize(r)}</option>
            ))}
          </select>
        ),
    },
    { key: 'status', header: 'Status', render: (u) => <StatusBadge status={u.status} /> },
    { key: 'last', header: 'Last sign-in', render: (u) => (u.lastLoginAt ? <time dateTime={u.lastLoginAt} title={formatDateTime(u.lastLoginAt, tz)}>{formatRelative(u.lastLoginAt)}</time> : 'Never') },
    {
      key: 'actions',
      header: <span className="sr-only">Actions</span>,
      render: (u) =>
        u.id !== me?.id && (u.role !== 'owner' || isOwner) ? (
          <Button size="sm" variant="ghost" icon={<IconTrash />} aria-label={`Remove ${u.name}`} onClick={() => setToRemove(u)} />
        ) : null,
    },
  ];

  return (
    <Card>
      <CardHeader
        title="Members & roles"
        description="Owner ⊃ admin ⊃ operator ⊃ viewer. Viewers can look but not change anything."
        actions={<Button variant="primary" icon={<IconPlus />} onClick={() => setInviting(true)} data-testid="invite-member">Add member</Button>}
      />
      <DataTable
        caption="Members"
        columns={columns}
        rows={users.data?.items}
        getRowId={(u) => u.id}
        loading={users.isLoading}
        fetching={users.isFetching}
        error={users.error ? errorMessage(users.error) : null}
        onRetry={() => users.refetch()}
        empty={<EmptyState icon={<IconUsers />} title="No members" />}
      />
      {users.data && users.data.items.length > 0 && (
        <CursorPagination
          total={users.data.page.total}
          pageIndex={cursors.length - 1}
          pageSize={PAGE}
          shown={users.data.items.length}
          hasNext={!!users.data.page.nextCursor}
          onNext={() => users.data?.page.nextCursor && setCursors((c) => [...c, users.data!.page.nextCursor!])}
          onPrev={() => setCursors((c) => c.slice(0, -1))}
        />
      )}
      <InviteDialog open={inviting} onClose={() => setInviting(false)} roles={assignable} />
      <ConfirmDialog
        open={!!toRemove}
        title="Remove member"
        danger
        confirmLabel="Remove"
        loading={deleteState.isLoading}
        message={<>Remove <strong>{toRemove?.name}</strong> ({toRemove?.email}) from the organization? Their sessions end immediately.</>}
        onCancel={() => setToRemove(null)}
        onConfirm={async () => {
          if (!toRemove) return;
          try {
            await deleteUser(toRemove.id).unwrap();
            toast.success('Member removed', toRemove.name);
          } catch (e) {
            toast.error('Could not remove the member', errorMessage(e));
          } finally {
            setToRemove(null);
          }
        }}
      />
    </Card>
  );
}

function InviteDialog({ open, onClose, roles }: { open: boolean; onClose: () => void; roles: Role[] }) {
  const [createUser, { isLoading }] = useCreateUserMutation();
  const [form, setForm] = useState({ email: '', name: '', role: 'viewer' as Role, password: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [inviteToken, setInviteToken] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const toast = useToast();
  const close = () => {
    setForm({ email: '', name: '', role: 'viewer', password: '' });
    setErrors({});
    setFormError(null);
    setInviteToken(null);
    setCopied(false);
    onClose();
  };
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.email.trim())) errs.email = 'Enter a valid email address';
    if (!form.name.trim()) errs.name = 'Enter a name';
    if (form.password && form.password.length < 10) errs.password = 'Use at least 10 characters, or leave empty to invite';
    setFormError(null);
    if (Object.keys(errs).length) return setErrors(errs);
    try {
      const u = await createUser({ email: form.email.trim(), name: form.name.trim(), role: form.role, password: form.password || undefined }).unwrap();
      if (u.inviteToken) setInviteToken(u.inviteToken);
      else {
        toast.success('Member added', `${u.name} can sign in now.`);
        close();
      }
    } catch (err) {
      const { fields, formError: other } = serverFormErrors(err, ['email', 'name', 'role', 'password'], 'Could not add the member');
      setErrors(fields);
      setFormError(other);
    }
  }
  const inviteLink = inviteToken ? `${window.location.origin}/accept-invite?token=${encodeURIComponent(inviteToken)}` : '';
  return (
    <Dialog open={open} onClose={close} title={inviteToken ? 'Invitation created' : 'Add a member'} description={inviteToken ? undefined : 'With a password they can sign in at once; without one they get an invitation.'}>
      {inviteToken ? (
        <>
          <div className="dialog-body">
            <p>
              Send this link to {form.email}: it opens a page where they choose a password and join. It is shown only
              once and works once.
            </p>
            <div className="secret-box" data-testid="invite-token">
              <span className="grow" data-testid="invite-link">{inviteLink}</span>
              <Button
                size="sm"
                icon={<IconCopy />}
                onClick={async () => {
                  try {
                    await navigator.clipboard.writeText(inviteLink);
                    setCopied(true);
                  } catch {
                    setCopied(false);
                  }
                }}
              >
                {copied ? 'Copied' : 'Copy link'}
              </Button>
            </div>
          </div>
          <div className="dialog-footer">
            <Button variant="primary" onClick={close}>Done</Button>
          </div>
        </>
      ) : (
        <form onSubmit={onSubmit} noValidate aria-label="Add member">
          <div className="dialog-body">
            {formError && (
              <div className="form-error" role="alert">
                {formError}
              </div>
            )}
            <TextField label="Email" type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} error={errors.email} data-testid="member-email" />
            <TextField label="Name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} error={errors.name} data-testid="member-name" />
            <SelectField label="Role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })} error={errors.role} data-testid="member-role">
              {roles.map((r) => (
                <option key={r} value={r}>{humanize(r)}{roleAtLeast(r, 'admin') ? ' — can manage members and accounts' : r === 'operator' ? ' — can change resources' : r === 'viewer' ? ' — read only' : ''}</option>
              ))}
            </SelectField>
            <TextField label="Initial password (optional)" type="password" autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} error={errors.password} hint="Leave empty to create an invitation instead." data-testid="member-password" />
          </div>
          <div className="dialog-footer">
            <Button onClick={close}>Cancel</Button>
            <Button type="submit" variant="primary" loading={isLoading} data-testid="member-submit">Add member</Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
