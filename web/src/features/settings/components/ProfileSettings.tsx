import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { Avatar, avatarChanged, useAvatar } from '@/components/Avatar';
import { Badge } from '@/components/Badge';
import { Button } from '@/components/Button';
import { ConfirmDialog } from '@/components/Dialog';
import { Card, CardHeader } from '@/components/Card';
import { Checkbox, SegmentedControl, SelectField, TextField } from '@/components/Field';
import { ErrorState, Skeleton } from '@/components/States';
import { IconMonitor, IconMoon, IconSun } from '@/components/icons';
import { useGetMeQuery } from '@/lib/api/endpoints';
import { startSession } from '@/lib/auth/session';
import { errorMessage } from '@/lib/api/errors';
import { apiRequest } from '@/lib/api/http';
import { serverFormErrors } from '@/lib/api/formErrors';
import { NOTIFICATION_KINDS, type AuthSession, type NotificationPreferences, type Preferences } from '@/lib/api/types';
import { NOTIFICATION_KIND_TEXT } from '@/lib/notificationKinds';
import { AVAILABLE_LANGUAGES, mergePreferences, usePreferences } from '@/lib/api/usePreferences';
import { formatDateTime, humanize, setDisplayTimeZone, timeZoneLabel, timeZoneOptions } from '@/lib/format';
import { setThemePreference } from '@/lib/theme';
import { useToast } from '@/lib/toast/useToast';
import {
  useChangePasswordMutation,
  useEndSessionMutation,
  useListSessionsQuery,
  useUpdateProfileMutation,
} from '../api/settingsApi';
import { PICTURES_FOLDER, setProfilePicture } from '../utils/avatarUpload';
import { describeUserAgent } from '../utils/userAgent';

export function ProfileSettings() {
  return (
    <div className="stack">
      <ProfileCard />
      <PreferencesCard />
      <PasswordCard />
      <SessionsCard />
    </div>
  );
}

function ProfileCard() {
  const { data: me } = useGetMeQuery();
  const [name, setName] = useState(me?.name ?? '');
  const [error, setError] = useState<string>();
  const [update, { isLoading }] = useUpdateProfileMutation();
  const toast = useToast();
  useEffect(() => setName(me?.name ?? ''), [me?.name]);
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) return setError('Enter your name');
    try {
      await update({ name: name.trim() }).unwrap();
      toast.success('Profile updated');
    } catch (err) {
      const { fields, formError } = serverFormErrors(err, ['name'], 'Could not update the profile');
      setError([fields.name, formError].filter(Boolean).join('; '));
    }
  }
  return (
    <Card>
      <CardHeader title="Profile" description="How you appear to your team." />
      <ProfilePicture userId={me?.id} name={me?.name ?? ''} />
      <form onSubmit={onSubmit} className="card-body stack" aria-label="Profile">
        <div className="grid-2">
          <TextField label="Name" value={name} onChange={(e) => { setName(e.target.value); setError(undefined); }} error={error} autoComplete="name" data-testid="profile-name" />
          <TextField label="Email" value={me?.email ?? ''} readOnly hint="Contact an administrator to change your email." />
          <TextField label="Role" value={me ? humanize(me.role) : ''} readOnly />
          <TextField label="Organization" value={me?.organizationName ?? ''} readOnly />
        </div>
        <div className="row" style={{ justifyContent: 'flex-end' }}>
          <Button type="submit" variant="primary" loading={isLoading} disabled={name.trim() === me?.name}>
            Save profile
          </Button>
        </div>
      </form>
    </Card>
  );
}

function PreferencesCard() {
  const { preferences, isLoading, error, save, saving } = usePreferences();
  const [draft, setDraft] = useState<Preferences | null>(null);
  const toast = useToast();
  useEffect(() => {
    if (preferences && !draft) setDraft(preferences);
  }, [preferences, draft]);
  if (isLoading || (!draft && !error)) {
    return (
      <Card>
        <CardHeader title="Preferences" />
        <div className="card-body stack-sm"><Skeleton /><Skeleton width="60%" /></div>
      </Card>
    );
  }
  if (!draft) return <Card><ErrorState message={errorMessage(error)} /></Card>;
  const set = (p: Partial<Preferences>) => setDraft((d) => mergePreferences(d ?? undefined, p));
  const zones = timeZoneOptions(draft.timezone);
  return (
    <Card>
      <CardHeader title="Preferences" description="Theme, time zone, language and the notifications you get." />
      <form
        className="card-body stack"
        aria-label="Preferences"
        onSubmit={async (e) => {
          e.preventDefault();
          // Only English exists: an older saved language is replaced by the one the UI speaks.
          const toSave = { ...draft, language: AVAILABLE_LANGUAGES[0].value };
          try {
            await save(toSave);
            setThemePreference(draft.theme);
            setDisplayTimeZone(draft.timezone);
            toast.success('Preferences saved');
          } catch (err) {
            toast.error('Could not save preferences', errorMessage(err));
          }
        }}
      >
        <div className="field">
          <span className="field-label">Theme</span>
          <SegmentedControl
            label="Theme"
            value={draft.theme}
            onChange={(theme) => set({ theme })}
            options={[
              { value: 'system', label: 'System', icon: <IconMonitor /> },
              { value: 'light', label: 'Light', icon: <IconSun /> },
              { value: 'dark', label: 'Dark', icon: <IconMoon /> },
            ]}
          />
        </div>
        <div className="grid-2">
          <SelectField
            label="Time zone"
            value={draft.timezone}
            onChange={(e) => set({ timezone: e.target.value })}
            data-testid="pref-timezone"
            hint={<>Every date and time is shown in this zone. Now: <span data-testid="pref-timezone-now">{formatDateTime(Date.now(), draft.timezone, { zone: true })}</span></>}
          >
            {zones.map((z) => (
              <option key={z} value={z}>{timeZoneLabel(z)}</option>
            ))}
          </SelectField>
          <SelectField
            label="Language"
            value={AVAILABLE_LANGUAGES[0].value}
            onChange={() => undefined}
            data-testid="pref-language"
            hint="CloudWeave is available in English only for now."
          >
            {AVAILABLE_LANGUAGES.map((l) => (
              <option key={l.value} value={l.value}>{l.label}</option>
            ))}
          </SelectField>
        </div>
        <NotificationChoices value={draft.notifications} onChange={(notifications) => set({ notifications })} />
        <div className="row" style={{ justifyContent: 'flex-end' }}>
          <Button type="submit" variant="primary" loading={saving} data-testid="save-preferences">
            Save preferences
          </Button>
        </div>
      </form>
    </Card>
  );
}

const DELIVERY_CHOICES: { key: 'inApp' | 'email' | 'weeklyReport'; label: string; help: string }[] = [
  { key: 'inApp', label: 'In the app', help: 'Notifications in the bell at the top of every page.' },
  { key: 'email', label: 'By email', help: 'Mail from email channels that have no recipient list of their own.' },
  {
    key: 'weeklyReport',
    label: 'Weekly report',
    help: "A Monday email with the last seven days' notifications (needs email on and an email channel).",
  },
];

/**
 * The user's own notification choices: how (in the app, by email) and which kinds. Slack and
 * webhook channels belong to the organization and follow its rules (Settings → Notifications).
 */
function NotificationChoices({ value, onChange }: { value: NotificationPreferences; onChange: (v: NotificationPreferences) => void }) {
  return (
    <div className="stack" data-testid="notification-preferences">
      <fieldset className="pref-group">
        <legend>Notifications</legend>
        <div className="kind-grid">
          {DELIVERY_CHOICES.map((c) => (
            <Checkbox
              key={c.key}
              label={c.label}
              description={c.help}
              checked={value[c.key] ?? false}
              onChange={(e) => onChange({ ...value, [c.key]: e.target.checked })}
              data-testid={`pref-notify-${c.key}`}
            />
          ))}
        </div>
      </fieldset>
      <fieldset className="pref-group">
        <legend>Kinds of notification you get</legend>
        <div className="kind-grid">
          {NOTIFICATION_KINDS.map((k) => (
            <Checkbox
              key={k}
              label={NOTIFICATION_KIND_TEXT[k].label}
              description={NOTIFICATION_KIND_TEXT[k].help}
              checked={value[k] ?? true}
              onChange={(e) => onChange({ ...value, [k]: e.target.checked })}
              data-testid={`pref-notify-${k}`}
            />
          ))}
        </div>
        <p className="field-hint" style={{ margin: 0 }}>
          Organization-wide Slack and webhook channels follow the rules under{' '}
          <Link className="text-link" to="/settings/notifications">Settings → Notifications</Link>.
        </p>
      </fieldset>
    </div>
  );
}

function PasswordCard() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [change, { isLoading }] = useChangePasswordMutation();
  const toast = useToast();
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!current) errs.currentPassword = 'Enter your current password';
    if (next.length < 10) errs.newPassword = 'Use at least 10 characters';
    if (Object.keys(errs).length) return setErrors(errs);
    try {
      startSession(await change({ currentPassword: current, newPassword: next }).unwrap());
      setCurrent('');
      setNext('');
      setErrors({});
      toast.success('Password changed');
    } catch (err) {
      const { fields, formError } = serverFormErrors(err, ['currentPassword', 'newPassword'], 'Could not change the password');
      setErrors(formError ? { ...fields, currentPassword: [fields.currentPassword, formError].filter(Boolean).join('; ') } : fields);
    }
  }
  return (
    <Card>
      <CardHeader title="Password" description="Changing it signs out every other session; this one goes on." />
      <form onSubmit={onSubmit} className="card-body stack" aria-label="Change password" noValidate>
        <div className="grid-2">
          <TextField label="Current password" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} error={errors.currentPassword} />
          <TextField label="New password" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} error={errors.newPassword} hint="At least 10 characters." />
        </div>
        <div className="row" style={{ justifyContent: 'flex-end' }}>
          <Button type="submit" loading={isLoading}>Change password</Button>
        </div>
      </form>
    </Card>
  );
}

/** Where this account is signed in: each browser with its address and last use; sign the others out. */
function SessionsCard() {
  const sessions = useListSessionsQuery();
  const [end, ending] = useEndSessionMutation();
  const [confirm, setConfirm] = useState<AuthSession | null>(null);
  const toast = useToast();
  const list = sessions.data ?? [];
  return (
    <Card>
      <CardHeader
        title="Active sessions"
        description="Where your account is signed in. Sign out a browser you no longer use or do not recognise; changing your password signs out all of them."
      />
      <div className="card-body">
        {sessions.isLoading ? (
          <Skeleton height={48} />
        ) : sessions.error ? (
          <ErrorState message={errorMessage(sessions.error)} onRetry={sessions.refetch} />
        ) : (
          <ul className="session-list" aria-label="Active sessions">
            {list.map((s) => (
              <li key={s.id} className="session-row">
                <div>
                  <div className="session-title">
                    <span title={s.userAgent ?? undefined}>{describeUserAgent(s.userAgent)}</span>
                    {s.current && <Badge tone="success">This browser</Badge>}
                  </div>
                  <div className="muted">
                    {s.ip ?? 'unknown address'} · signed in {formatDateTime(s.createdAt)} · last active {formatDateTime(s.lastSeenAt)}
                  </div>
                </div>
                {!s.current && (
                  <Button size="sm" variant="ghost" onClick={() => setConfirm(s)} aria-label={`Sign out ${describeUserAgent(s.userAgent)} (${s.ip ?? 'unknown address'})`}>
                    Sign out
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
      <ConfirmDialog
        open={!!confirm}
        title="Sign out this session?"
        message={confirm ? `${describeUserAgent(confirm.userAgent)} at ${confirm.ip ?? 'an unknown address'} will have to sign in again.` : ''}
        confirmLabel="Sign out"
        danger
        loading={ending.isLoading}
        onConfirm={async () => {
          if (!confirm) return;
          try {
            await end(confirm.id).unwrap();
            toast.success('Session signed out');
          } catch (err) {
            toast.error('Could not sign it out', errorMessage(err));
          }
          setConfirm(null);
        }}
        onCancel={() => setConfirm(null)}
      />
    </Card>
  );
}

/** The picture colleagues see: uploaded through the vault (which makes its thumbnail), or removed. */
function ProfilePicture({ userId, name }: { userId?: string; name: string }) {
  const [step, setStep] = useState<'uploading' | 'processing' | 'saving' | null>(null);
  const [error, setError] = useState<string>();
  const input = useRef<HTMLInputElement>(null);
  const toast = useToast();
  const picture = useAvatar(userId);
  const choose = async (file: File | undefined) => {
    if (!file || !userId) return;
    setError(undefined);
    try {
      await setProfilePicture(file, setStep);
      avatarChanged(userId);
      toast.success('Profile picture updated', `Kept in the vault's “${PICTURES_FOLDER}” folder.`);
    } catch (e) {
      setError(e instanceof Error && !('code' in e) ? e.message : errorMessage(e));
    } finally {
      setStep(null);
      if (input.current) input.current.value = '';
    }
  };
  const remove = async () => {
    if (!userId) return;
    try {
      await apiRequest('/users/me/avatar', { method: 'DELETE' });
      avatarChanged(userId);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const busy = step !== null;
  return (
    <div className="card-body profile-picture">
      <Avatar userId={userId} name={name} size={64} />
      <div className="stack" style={{ gap: 6 }}>
        <div className="row" style={{ gap: 8 }}>
          <Button size="sm" loading={busy} onClick={() => input.current?.click()}>
            {busy ? (step === 'uploading' ? 'Uploading…' : step === 'processing' ? 'Making the thumbnail…' : 'Saving…') : picture ? 'Change picture' : 'Upload a picture'}
          </Button>
          {picture && !busy && (
            <Button size="sm" variant="ghost" onClick={() => void remove()}>
              Remove
            </Button>
          )}
        </div>
        <span className="muted" style={{ fontSize: 12.5 }}>
          JPEG, PNG, WebP, GIF or HEIC. It is stored in the vault and shown to your organization.
        </span>
        {error && (
          <span className="field-error" role="alert">
            {error}
          </span>
        )}
      </div>
      <input
        ref={input}
        type="file"
        accept="image/*"
        hidden
        aria-label="Profile picture file"
        data-testid="profile-picture-input"
        onChange={(e) => void choose(e.target.files?.[0])}
      />
    </div>
  );
}
