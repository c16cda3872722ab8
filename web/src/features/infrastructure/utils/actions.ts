import type { Resource, ResourceAction, ResourceStatus } from '@/lib/api/types';

export const RESOURCE_ACTIONS: readonly ResourceAction[] = ['start', 'stop', 'reboot'];

/**
 * What the action helpers need of a resource. `actions` is what the resource's provider supports
 * for its type (GET /resources answers it on every row); a server that predates the field sends
 * none, and then the status alone decides, as before.
 */
export type ActionSubject = Pick<Resource, 'id' | 'name' | 'status'> & {
  type?: Resource['type'];
  updatedAt?: string;
  actions?: readonly string[] | null;
};

export const ACTION_COPY: Record<ResourceAction, { verb: string; progressive: string; past: string; allowedStatus: string }> = {
  start: { verb: 'Start', progressive: 'Starting…', past: 'started', allowedStatus: 'not stopped' },
  stop: { verb: 'Stop', progressive: 'Stopping…', past: 'stopped', allowedStatus: 'not running' },
  reboot: { verb: 'Reboot', progressive: 'Rebooting…', past: 'rebooted', allowedStatus: 'not running' },
};

export function supportsAction(r: ActionSubject, action: ResourceAction): boolean {
  return r.actions == null ? true : r.actions.includes(action);
}

/** Start a stopped resource; stop or reboot a running one. */
export function statusAllows(status: ResourceStatus | string, action: ResourceAction): boolean {
  return action === 'start' ? status === 'stopped' : status === 'running';
}

/** Why `action` cannot be run on `r` now, or null when it can. */
export function actionBlocker(r: ActionSubject, action: ResourceAction): 'unsupported' | 'status' | null {
  if (!supportsAction(r, action)) return 'unsupported';
  if (!statusAllows(r.status, action)) return 'status';
  return null;
}

/** The actions to offer for `r`: supported by its type and provider, and sensible for its status. */
export function availableActions(r: ActionSubject): ResourceAction[] {
  return RESOURCE_ACTIONS.filter((a) => actionBlocker(r, a) === null);
}

// ---------------------------------------------------------------- transitions

/**
 * An action the user asked for whose effect the inventory does not show yet. The server answers
 * an action at once (a stop still `running`, a start `provisioning`) and reports the end with a
 * `resource.updated` event; until then the row and the drawer say "Stopping…" and so on.
 */
export interface Transition {
  action: ResourceAction;
  /** Date.now() when it was asked for. */
  since: number;
  /** The resource's updatedAt when it was asked for: a later update is the provider's answer. */
  updatedAt?: string;
  /** An intermediate status (provisioning, stopped) was seen: a reboot is under way. */
  sawIntermediate?: boolean;
}

/** How long a transition may show without news before the UI stops claiming it and refetches. */
export const TRANSITION_TIMEOUT_MS = 120_000;

/** True when `r` shows the transition has ended (done, or the resource failed or went away). */
export function transitionSettled(t: Transition, r: Pick<Resource, 'status'> & { updatedAt?: string }): boolean {
  if (r.status === 'error' || r.status === 'terminated') return true;
  switch (t.action) {
    case 'stop':
      return r.status === 'stopped';
    case 'start':
      return r.status === 'running';
    case 'reboot':
      // A reboot starts and ends `running`: it is over once it went through another status, or
      // once the provider reported the resource again (a provider without an intermediate state).
      return r.status === 'running' && (!!t.sawIntermediate || (!!t.updatedAt && !!r.updatedAt && r.updatedAt > t.updatedAt));
  }
}

/** Words for a failed action: which action on which resource, and the server's message. */
export function actionFailure(action: ResourceAction | 'delete' | 'tag', name: string): string {
  const verbs = { start: 'start', stop: 'stop', reboot: 'reboot', delete: 'delete', tag: 'tag' } as const;
  return `Could not ${verbs[action]} ${name}`;
}

/**
 * The server's message for the user. Older servers led provider errors with the internal
 * provider name ("simulated: …"), which means nothing to the user.
 */
export function userFacingMessage(message: string): string {
  return message.replace(/^\s*simulated\s*:\s*/i, '');
}
