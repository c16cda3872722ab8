import { useState, type FormEvent } from 'react';
import { Badge } from '@/components/Badge';
import { Button } from '@/components/Button';
import { Dialog } from '@/components/Dialog';
import { Checkbox, SegmentedControl, TextAreaField, TextField } from '@/components/Field';
import { serverFormErrors } from '@/lib/api/formErrors';
import { NOTIFICATION_CHANNEL_TYPES, NOTIFICATION_KINDS, type NotificationChannel, type NotificationChannelType } from '@/lib/api/types';
import { CHANNEL_TYPE_LABEL, NOTIFICATION_KIND_TEXT } from '@/lib/notificationKinds';
import { useToast } from '@/lib/toast/useToast';
import { useCreateNotificationChannelMutation, useUpdateNotificationChannelMutation } from '../api/notificationChannelsApi';
import {
  CHANNEL_FIELDS,
  createRequest,
  draftFromChannel,
  newDraft,
  secretEditable,
  sortKinds,
  updateRequest,
  validateDraft,
  type ChannelDraft,
  type ChannelField,
  type SecretField,
} from '../utils/channelForm';

const TYPE_HELP: Record<NotificationChannelType, string> = {
  in_app: "Notifications in the bell of each member who keeps in-app notifications on.",
  email: 'Mail through your SMTP server (STARTTLS and authentication supported).',
  slack: 'Messages to a Slack channel through an incoming webhook.',
  webhook: 'A signed JSON POST to your own endpoint.',
};

/**
 * Add a channel (`channel` absent) or edit one. Secrets are write-only: an edited channel shows
 * which are stored and offers to replace them; it never shows or prefills them.
 */
export function ChannelDialog({
  open,
  channel,
  onClose,
  onSaved,
}: {
  open: boolean;
  channel?: NotificationChannel;
  onClose: () => void;
  onSaved?: (c: NotificationChannel) => void;
}) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="lg"
      title={channel ? `Edit ${channel.name}` : 'Add a notification channel'}
      description={channel ? `${CHANNEL_TYPE_LABEL[channel.type]} channel` : 'Choose where notifications go and which kinds it receives.'}
    >
      {/* Keyed so that each opening starts from the channel as stored. */}
      {open && <ChannelForm key={channel?.id ?? 'new'} channel={channel} onClose={onClose} onSaved={onSaved} />}
    </Dialog>
  );
}

function ChannelForm({
  channel,
  onClose,
  onSaved,
}: {
  channel?: NotificationChannel;
  onClose: () => void;
  onSaved?: (c: NotificationChannel) => void;
}) {
  const [draft, setDraft] = useState<ChannelDraft>(() => (channel ? draftFromChannel(channel) : newDraft()));
  const [errors, setErrors] = useState<Partial<Record<ChannelField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [create, createState] = useCreateNotificationChannelMutation();
  const [update, updateState] = useUpdateNotificationChannelMutation();
  const toast = useToast();
  const saving = createState.isLoading || updateState.isLoading;

  const set = (p: Partial<ChannelDraft>) => {
    setDraft((d) => ({ ...d, ...p }));
    setFormError(null);
  };
  const clear = (...fields: ChannelField[]) =>
    setErrors((e) => {
      const n = { ...e };
      for (const f of fields) delete n[f];
      return n;
    });

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const found = validateDraft(draft, channel);
    setErrors(found);
    if (Object.keys(found).length) return;
    try {
      const saved = channel ? await update({ id: channel.id, ...updateRequest(draft, channel) }).unwrap() : await create(createRequest(draft)).unwrap();
      toast.success(channel ? 'Channel saved' : 'Channel added', saved.name);
      onSaved?.(saved);
      onClose();
    } catch (err) {
      const { fields, formError: other } = serverFormErrors(err, CHANNEL_FIELDS, channel ? 'Could not save the channel' : 'Could not add the channel');
      setErrors(fields as Partial<Record<ChannelField, string>>);
      setFormError(other);
    }
  }

  const secretInput = (field: SecretField, label: string, opts: { hint?: string; type?: string; placeholder?: string; required?: boolean }) => {
    const key = `config.${field}` as ChannelField;
    const stored = channel?.secretsSet.includes(field) ?? false;
    if (channel && stored && !draft.replacing[field]) {
      return (
        <div className="field">
          <span className="field-label">{label}</span>
          <div className="secret-stored" data-testid={`secret-${field}-stored`}>
            <Badge tone="success" dot>
              Stored
            </Badge>
            <span className="faint">Hidden for safety.</span>
            <Button size="sm" variant="ghost" onClick={() => set({ replacing: { ...draft.replacing, [field]: true } })}>
              Replace <span className="sr-only">{label.toLowerCase()}</span>
            </Button>
          </div>
        </div>
      );
    }
    return (
      <div className="stack-sm" style={{ gap: 4 }}>
        <TextField
          label={label}
          type={opts.type ?? 'password'}
          autoComplete="off"
          spellCheck={false}
          placeholder={opts.placeholder}
          value={draft.secrets[field]}
          onChange={(e) => {
            set({ secrets: { ...draft.secrets, [field]: e.target.value } });
            clear(key);
          }}
          error={errors[key]}
          hint={opts.hint}
          required={opts.required && secretEditable(field, channel, draft)}
          data-testid={`channel-${field}`}
        />
        {channel && stored && (
          <Button
            size="sm"
            variant="ghost"
            style={{ alignSelf: 'flex-start' }}
            onClick={() => {
              set({ replacing: { ...draft.replacing, [field]: false }, secrets: { ...draft.secrets, [field]: '' } });
              clear(key);
            }}
          >
            Keep the stored {label.toLowerCase()}
          </Button>
        )}
      </div>
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label={channel ? 'Edit channel' : 'Add channel'}>
      <div className="dialog-body stack">
        {formError && (
          <div className="form-error" role="alert" data-testid="channel-form-error">
            {formError}
          </div>
        )}
        {!channel && (
          <div className="field">
            <span className="field-label">
              Type
            </span>
            <SegmentedControl
              label="Channel type"
              value={draft.type}
              onChange={(type) => {
                set({ type });
                setErrors({});
              }}
              options={NOTIFICATION_CHANNEL_TYPES.map((t) => ({ value: t, label: CHANNEL_TYPE_LABEL[t] }))}
            />
            <span className="field-hint">{TYPE_HELP[draft.type]}</span>
          </div>
        )}
        <TextField
          label="Name"
          value={draft.name}
          onChange={(e) => {
            set({ name: e.target.value });
            clear('name');
          }}
          error={errors.name}
          placeholder={draft.type === 'email' ? 'On-call mail' : draft.type === 'slack' ? '#ops-alerts' : draft.type === 'webhook' ? 'Incident bot' : 'Everyone in the app'}
          maxLength={100}
          required
          data-testid="channel-name"
        />

        {draft.type === 'email' && (
          <>
            <div className="grid-2">
              <TextField
                label="SMTP server"
                value={draft.host}
                onChange={(e) => {
                  set({ host: e.target.value });
                  clear('config.host');
                }}
                error={errors['config.host']}
                placeholder="smtp.example.com"
                autoComplete="off"
                required
                data-testid="channel-host"
              />
              <TextField
                label="Port"
                inputMode="numeric"
                value={draft.port}
                onChange={(e) => {
                  set({ port: e.target.value.replace(/[^\d]/g, '') });
                  clear('config.port');
                }}
                error={errors['config.port']}
                hint="587 for STARTTLS submission."
                required
                data-testid="channel-port"
              />
            </div>
            <Checkbox
              label="Use STARTTLS"
              description="Upgrade the connection to TLS before authenticating. Leave on unless your server has no TLS."
              checked={draft.starttls}
              onChange={(e) => set({ starttls: e.target.checked })}
              data-testid="channel-starttls"
            />
            <div className="grid-2">
              <TextField
                label="Username"
                value={draft.username}
                onChange={(e) => {
                  set({ username: e.target.value });
                  clear('config.username');
                }}
                error={errors['config.username']}
                autoComplete="off"
                hint="Optional: leave empty for a server without authentication."
                data-testid="channel-username"
              />
              {secretInput('password', 'Password', { hint: 'Optional. Stored encrypted and never shown again.' })}
            </div>
            <TextField
              label="From"
              type="email"
              value={draft.from}
              onChange={(e) => {
                set({ from: e.target.value });
                clear('config.from');
              }}
              error={errors['config.from']}
              placeholder="cloudweave@example.com"
              required
              data-testid="channel-from"
            />
            <TextAreaField
              label="To"
              rows={2}
              value={draft.to}
              onChange={(e) => {
                set({ to: e.target.value });
                clear('config.to');
              }}
              error={errors['config.to']}
              placeholder="oncall@example.com, cto@example.com"
              hint="Addresses separated by commas or new lines. Leave empty to mail every member who chose email notifications in their preferences."
              data-testid="channel-to"
            />
          </>
        )}

        {draft.type === 'webhook' && (
          <>
            {secretInput('url', 'URL', {
              type: 'url',
              placeholder: 'https://hooks.example.com/cloudweave',
              hint: 'CloudWeave POSTs JSON here. The URL is stored encrypted, like a secret.',
              required: true,
            })}
            {secretInput('secret', 'Signing secret', {
              hint: 'Optional. Each request then carries X-CloudWeave-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">.',
            })}
          </>
        )}

        {draft.type === 'slack' &&
          secretInput('url', 'Incoming-webhook URL', {
            type: 'url',
            placeholder: 'https://hooks.slack.com/services/…',
            hint: 'Create one under Apps → Incoming Webhooks in Slack. Stored encrypted.',
            required: true,
          })}

        <fieldset className="pref-group">
          <legend>Receives</legend>
          <div className="kind-grid">
            {NOTIFICATION_KINDS.map((k) => (
              <Checkbox
                key={k}
                label={NOTIFICATION_KIND_TEXT[k].label}
                description={NOTIFICATION_KIND_TEXT[k].help}
                checked={draft.events.includes(k)}
                onChange={(e) => set({ events: sortKinds(e.target.checked ? [...draft.events, k] : draft.events.filter((x) => x !== k)) })}
                data-testid={`channel-kind-${k}`}
              />
            ))}
          </div>
          {errors.events && (
            <span className="field-error" role="alert">
              {errors.events}
            </span>
          )}
        </fieldset>
        <Checkbox
          label="Enabled"
          description="A disabled channel keeps its settings and sends nothing (Send test still works)."
          checked={draft.enabled}
          onChange={(e) => set({ enabled: e.target.checked })}
          data-testid="channel-enabled"
        />
      </div>
      <div className="dialog-footer">
        <Button onClick={onClose}>Cancel</Button>
        <Button type="submit" variant="primary" loading={saving} data-testid="channel-submit">
          {channel ? 'Save channel' : 'Add channel'}
        </Button>
      </div>
    </form>
  );
}
