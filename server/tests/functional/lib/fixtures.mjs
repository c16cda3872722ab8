// Test data helpers: unique e-mails, registering owners, adding members with a role.
import { randomBytes } from 'node:crypto';
import { assertOk } from './http.mjs';

let counter = 0;
export const PASSWORD = 'correct-horse-battery-staple';

export function uniqueEmail(prefix = 'user') {
  return `${prefix}-${Date.now().toString(36)}-${++counter}-${randomBytes(2).toString('hex')}@example.com`;
}

/** Registers a new user + organization. Returns { ...authResult, email, password, api }. */
export async function registerOwner(srv, { prefix = 'owner', organizationName, name } = {}) {
  const email = uniqueEmail(prefix);
  const body = { email, name: name || `Owner ${counter}`, password: PASSWORD };
  if (organizationName) body.organizationName = organizationName;
  const data = assertOk(await srv.api().post('auth/register', body), 201);
  return { ...data, email, password: PASSWORD, api: srv.api({ token: data.accessToken }) };
}

export async function login(srv, email, password = PASSWORD) {
  const data = assertOk(await srv.api().post('auth/login', { email, password }));
  return { ...data, api: srv.api({ token: data.accessToken }) };
}

/**
 * Adds an active member with `role` to the organization of `adminApi` and logs them in.
 * Returns { user, email, password, accessToken, refreshToken, api }.
 */
export async function addMember(srv, adminApi, role, { prefix } = {}) {
  const email = uniqueEmail(prefix || role);
  const user = assertOk(
    await adminApi.post('users', { email, name: `${role} ${counter}`, role, password: PASSWORD }),
    201,
  );
  const session = await login(srv, email);
  return { ...session, user, email, password: PASSWORD };
}

/** Invites (no password) a user — cheap, no password hashing. Returns the created user. */
export async function invite(adminApi, role = 'viewer', prefix = 'invitee') {
  return assertOk(
    await adminApi.post('users', { email: uniqueEmail(prefix), name: `Invitee ${counter}`, role }),
    201,
  );
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls fn until it returns a truthy value or the timeout passes. */
export async function waitFor(fn, { timeoutMs = 5000, intervalMs = 50, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last;
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** Resolves with the promise's value, or with `fallback` after ms (the timer never outlives it). */
export function within(promise, ms, fallback = null) {
  let timer;
  const t = new Promise((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  return Promise.race([promise, t]).finally(() => clearTimeout(timer));
}
