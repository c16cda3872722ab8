import {
  NOTIFICATION_KINDS,
  type NotificationChannel,
  type NotificationChannelInput,
  type NotificationChannelPatch,
  type NotificationChannelType,
  type NotificationKind,
} from '@/lib/api/types';

/** The write-only config fields (api/openapi.yaml `secretsSet`). */
export type SecretField = NotificationChannel['secretsSet'][number];

/** Which secrets each channel type has; `required` ones must be given when the channel is created. */
export const SECRETS: Record<NotificationChannelType, { field: SecretField; required: boolean }[]> = {
  in_app: [],
  email: [{ field: 'password', required: false }],
  webhook: [
    { field: 'url', required: true },
    { field: 'secret', required: false },
  ],
  slack: [{ field: 'url', required: true }],
};

/** The add/edit dialog's state: every type's fields, flat, as the inputs hold them. */
export interface ChannelDraft {
  type: NotificationChannelType;
  name: string;
  enabled: boolean;
  events: NotificationKind[];
  host: string;
  port: string;
  starttls: boolean;
  username: string;
  from: string;
  /** Addresses separated by commas, spaces or new lines. */
  to: string;
  /** Secret inputs: always empty at first (never prefilled). */
  secrets: Record<SecretField, string>;
  /** For an existing channel: the stored secrets being replaced (the others are kept). */
  replacing: Record<SecretField, boolean>;
}

/** Field names as the server names them in a VALIDATION_ERROR (`config.host`, …). */
export type ChannelField =
  | 'name'
  | 'events'
  | 'config.host'
  | 'config.port'
  | 'config.username'
  | 'config.password'
  | 'config.from'
  | 'config.to'
  | 'config.url'
  | 'config.secret';

export const CHANNEL_FIELDS: ChannelField[] = [
  'name',
  'events',
  'config.host',
  'config.port',
  'config.username',
  'config.password',
  'config.from',
  'config.to',
  'config.url',
  'config.secret',
];

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function newDraft(type: NotificationChannelType = 'in_app'): ChannelDraft {
  return {
    type,
    name: '',
    enabled: true,
    events: [...NOTIFICATION_KINDS],
    host: '',
    port: '587',
    starttls: true,
    username: '',
    from: '',
    to: '',
    secrets: { password: '', url: '', secret: '' },
    replacing: { password: false, url: false, secret: false },
  };
}

/** The dialog's state for editing `c`: its visible config, and no secret (they are write-only). */
export function draftFromChannel(c: NotificationChannel): ChannelDraft {
  const cfg = c.config ?? {};
  const d = newDraft(c.type);
  return {
    ...d,
    name: c.name,
    enabled: c.enabled,
    events: [...c.events],
    host: str(cfg.host),
    port: typeof cfg.port === 'number' ? String(cfg.port) : str(cfg.port) || d.port,
    starttls: typeof cfg.starttls === 'boolean' ? cfg.starttls : d.starttls,
    username: str(cfg.username),
    from: str(cfg.from),
    to: Array.isArray(cfg.to) ? cfg.to.filter((x): x is string => typeof x === 'string').join(', ') : '',
  };
}

export function parseAddresses(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const HTTP_URL = /^https?:\/\/[^\s/]+/i;

/** Whether a secret's input is in play: always on create; on edit when not stored or being replaced. */
export function secretEditable(field: SecretField, existing: NotificationChannel | undefined, draft: ChannelDraft): boolean {
  if (!existing) return true;
  return !existing.secretsSet.includes(field) || draft.replacing[field];
}

/** What the browser can check before sending (the server checks again and has the last word). */
export function validateDraft(d: ChannelDraft, existing?: NotificationChannel): Partial<Record<ChannelField, string>> {
  const e: Partial<Record<ChannelField, string>> = {};
  if (!d.name.trim()) e.name = 'Enter a name';
  else if (d.name.trim().length > 100) e.name = 'Use at most 100 characters';
  const needSecret = (field: SecretField) => {
    const stored = existing?.secretsSet.includes(field) ?? false;
    const required = SECRETS[d.type].find((s) => s.field === field)?.required ?? false;
    return required && (!stored || d.replacing[field]);
  };
  if (d.type === 'email') {
    if (!d.host.trim()) e['config.host'] = 'Enter the SMTP server';
    const port = Number(d.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) e['config.port'] = 'Enter a port from 1 to 65535';
    if (!EMAIL.test(d.from.trim())) e['config.from'] = 'Enter the sender address, like alerts@example.com';
    const bad = parseAddresses(d.to).filter((a) => !EMAIL.test(a));
    if (bad.length) e['config.to'] = `Not an email address: ${bad.join(', ')}`;
  }
  if (d.type === 'webhook' || d.type === 'slack') {
    const url = d.secrets.url.trim();
    if (needSecret('url') && !url) e['config.url'] = d.type === 'slack' ? 'Enter the Slack incoming-webhook URL' : 'Enter the URL to call';
    else if (url && !HTTP_URL.test(url)) e['config.url'] = 'Enter an http:// or https:// URL';
  }
  return e;
}

/** The channel's `config` for a create (everything) or an update (secrets only when replaced). */
export function configFromDraft(d: ChannelDraft, existing?: NotificationChannel): Record<string, unknown> {
  const cfg: Record<string, unknown> = {};
  const secret = (field: SecretField) => {
    const v = d.secrets[field].trim();
    if (v && secretEditable(field, existing, d)) cfg[field] = v;
  };
  switch (d.type) {
    case 'email':
      cfg.host = d.host.trim();
      cfg.port = Number(d.port);
      cfg.starttls = d.starttls;
      if (d.username.trim()) cfg.username = d.username.trim();
      secret('password');
      cfg.from = d.from.trim();
      cfg.to = parseAddresses(d.to);
      break;
    case 'webhook':
      secret('url');
      secret('secret');
      break;
    case 'slack':
      secret('url');
      break;
    case 'in_app':
      break;
  }
  return cfg;
}

export function createRequest(d: ChannelDraft): NotificationChannelInput {
  return { name: d.name.trim(), type: d.type, enabled: d.enabled, events: d.events, config: configFromDraft(d) };
}

/** A PATCH with what the dialog shows; a secret left alone is left out, so the stored one stays. */
export function updateRequest(d: ChannelDraft, existing: NotificationChannel): NotificationChannelPatch {
  const patch: NotificationChannelPatch = { name: d.name.trim(), enabled: d.enabled, events: d.events };
  const config = configFromDraft(d, existing);
  if (Object.keys(config).length) patch.config = config;
  return patch;
}

/** Events in the order the UI lists kinds (a stable order makes "changed?" a plain comparison). */
export function sortKinds(kinds: readonly NotificationKind[]): NotificationKind[] {
  return NOTIFICATION_KINDS.filter((k) => kinds.includes(k));
}

export function sameKinds(a: readonly NotificationKind[], b: readonly NotificationKind[]): boolean {
  const x = sortKinds(a);
  const y = sortKinds(b);
  return x.length === y.length && x.every((k, i) => k === y[i]);
}
