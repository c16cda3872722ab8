import { humanize } from '@/lib/format';

/**
 * Audit actions in words for the activity feed: "resources.create" → "created a resource",
 * denied → "tried to create a resource". Known actions (the list in api/openapi.yaml) have a
 * phrase; any other `<area>.<verb>` is read as verb + area, so no action is ever shown raw.
 * Phrases are kept in the present tense; the past is derived (see pastTense).
 */
type Details = Record<string, unknown> | null | undefined;
type Phrase = string | ((d: Details) => string);

const str = (d: Details, k: string) => (d && typeof d[k] === 'string' && d[k] ? (d[k] as string) : undefined);

const KNOWN: Record<string, Phrase> = {
  'auth.register': 'create the organization',
  'auth.login': 'sign in',
  'auth.logout': 'sign out',
  'auth.refresh': 'renew their session',
  'auth.accept_invite': 'accept an invitation',
  'users.create': (d) => (str(d, 'email') ? `add member ${str(d, 'email')}` : 'add a member'),
  'users.update': 'change a member',
  'users.delete': 'remove a member',
  'users.update_profile': 'update their profile',
  'users.change_password': 'change their password',
  'users.update_preferences': 'update their preferences',
  'onboarding.update': 'move on in setup',
  'api_keys.create': 'create an API key',
  'api_keys.revoke': 'revoke an API key',
  'organization.update': 'update the organization',
  'providers.create': 'connect a cloud account',
  'providers.update': 'change a cloud account',
  'providers.delete': 'disconnect a cloud account',
  'providers.test': 'test a cloud account',
  'providers.sync': 'sync a cloud account',
  'resources.create': 'create a resource',
  'resources.update': 'change a resource',
  'resources.delete': 'delete a resource',
  'resources.action': (d) => {
    const a = str(d, 'action');
    return a === 'start' || a === 'stop' || a === 'reboot' ? `${a} a resource` : 'run an action on a resource';
  },
  'demo.load': (d) => (str(d, 'scenario') ? `load the ${humanize(str(d, 'scenario')!)} demo` : 'load demo data'),
  'demo.clear': 'remove the demo data',
  'jobs.retry': 'retry a job',
  'notifications.channel.create': 'add a notification channel',
  'notifications.channel.update': 'change a notification channel',
  'notifications.channel.delete': 'remove a notification channel',
  'notifications.channel.test': 'send a test notification',
};

const IRREGULAR: Record<string, string> = { run: 'ran', stop: 'stopped', sync: 'synced', send: 'sent' };

export function pastTense(verb: string): string {
  const v = verb.toLowerCase();
  if (IRREGULAR[v]) return IRREGULAR[v];
  if (v.endsWith('e')) return `${v}d`;
  if (/[^aeiou]y$/.test(v)) return `${v.slice(0, -1)}ied`;
  return `${v}ed`;
}

function singular(area: string): string {
  const a = area.replace(/_/g, ' ').toLowerCase();
  if (a.endsWith('ies')) return `${a.slice(0, -3)}y`;
  if (a.endsWith('s') && !a.endsWith('ss')) return a.slice(0, -1);
  return a;
}

/** Present-tense phrase: "create resource" for an unknown "resource.create". */
function present(action: string, details: Details): string {
  const known = KNOWN[action];
  if (known) return typeof known === 'function' ? known(details) : known;
  const parts = action.split('.').filter(Boolean);
  if (parts.length < 2) return humanize(action).toLowerCase();
  const [verb, ...object] = parts[parts.length - 1].split('_');
  const area = singular(parts.slice(0, -1).join(' '));
  // "billing.export_report" → "export report (billing)"
  return object.length ? `${verb} ${object.join(' ')} (${area})` : `${verb} ${area}`;
}

/**
 * "created a resource", "created resource web-1" when the entry names it, "tried to delete a
 * resource" when denied or failed.
 */
export function auditSentence(action: string, result: string, details?: Details): string {
  let phrase = present(action, details);
  const name = str(details, 'name');
  if (name) phrase = phrase.replace(/\ban? (resource|cloud account|member|API key|job)$/, `$1 ${name}`);
  if (result !== 'success') return `tried to ${phrase}`;
  const [verb, ...rest] = phrase.split(' ');
  return [pastTense(verb), ...rest].join(' ');
}
