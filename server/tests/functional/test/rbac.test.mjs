// RBAC matrix: each role × each admin action, plus the owner-only rules (granting/revoking
// owner, last owner) — and every denied action is in the audit log with result "denied".
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertError, assertOk } from '../lib/http.mjs';
import { registerOwner, addMember, invite, uniqueEmail } from '../lib/fixtures.mjs';

const ROLES = ['owner', 'admin', 'operator', 'viewer'];
const ADMINS = ['owner', 'admin'];

describe('RBAC', () => {
  let srv, owner;
  const actors = {};
  const denied = []; // { role, action, requestId, method, path }

  before(async () => {
    srv = await startServer();
    owner = await registerOwner(srv, { organizationName: 'RBAC Org' });
    actors.owner = owner;
    for (const role of ['admin', 'operator', 'viewer']) actors[role] = await addMember(srv, owner.api, role);
  });
  after(async () => {
    await srv?.stop();
  });

  // Each action: who may do it, and how to do it (setup runs as the owner).
  const actions = [
    {
      name: 'users.create',
      allowed: ADMINS,
      run: (api) => api.post('users', { email: uniqueEmail('made'), name: 'Made', role: 'viewer' }),
      okStatus: 201,
    },
    {
      name: 'users.patch (name)',
      allowed: ADMINS,
      setup: async () => (await invite(owner.api)).id,
      run: (api, id) => api.patch(`users/${id}`, { name: 'Renamed' }),
      verifyDenied: async (id) => assert.notEqual(assertOk(await owner.api.get(`users/${id}`)).name, 'Renamed'),
    },
    {
      name: 'users.patch (role)',
      allowed: ADMINS,
      setup: async () => (await invite(owner.api)).id,
      run: (api, id) => api.patch(`users/${id}`, { role: 'operator' }),
      verifyDenied: async (id) => assert.equal(assertOk(await owner.api.get(`users/${id}`)).role, 'viewer'),
    },
    {
      name: 'users.delete',
      allowed: ADMINS,
      setup: async () => (await invite(owner.api)).id,
      run: (api, id) => api.delete(`users/${id}`),
      okStatus: 204,
      verifyDenied: async (id) => assertOk(await owner.api.get(`users/${id}`)),
    },
    {
      name: 'api-keys.list',
      allowed: ADMINS,
      run: (api) => api.get('api-keys'),
    },
    {
      name: 'api-keys.create',
      allowed: ADMINS,
      run: (api) => api.post('api-keys', { name: 'ci', role: 'viewer' }),
      okStatus: 201,
    },
    {
      name: 'api-keys.delete',
      allowed: ADMINS,
      setup: async () => assertOk(await owner.api.post('api-keys', { name: 'victim', role: 'viewer' }), 201).id,
      run: (api, id) => api.delete(`api-keys/${id}`),
      okStatus: 204,
      verifyDenied: async (id) => {
        const keys = assertOk(await owner.api.get('api-keys'));
        assert.ok(keys.some((k) => k.id === id), 'key still there after a denied delete');
      },
    },
    { name: 'audit.read', allowed: ADMINS, run: (api) => api.get('audit') },
    {
      name: 'audit.export',
      allowed: ADMINS,
      run: (api) => api.get('audit/export'),
    },
    {
      name: 'organization.patch',
      allowed: ['owner'],
      run: (api) => api.patch('organization', { name: 'RBAC Org' }),
    },
    // Reads and self-service: everyone.
    { name: 'users.list', allowed: ROLES, run: (api) => api.get('users') },
    { name: 'users.get', allowed: ROLES, run: (api) => api.get(`users/${owner.user.id}`) },
    { name: 'organization.get', allowed: ROLES, run: (api) => api.get('organization') },
    { name: 'auth.me', allowed: ROLES, run: (api) => api.get('auth/me') },
    { name: 'preferences.update', allowed: ROLES, run: (api) => api.put('users/me/preferences', { theme: 'dark' }) },
    { name: 'onboarding.update', allowed: ROLES, run: (api) => api.put('onboarding', { currentStep: 'cloud-providers' }) },
    { name: 'users.update_self', allowed: ROLES, run: (api) => api.patch('users/me', { name: 'Still Me' }) },
  ];

  for (const action of actions) {
    for (const role of ROLES) {
      const allowed = action.allowed.includes(role);
      test(`${role} ${allowed ? 'may' : 'may not'} ${action.name}`, async () => {
        const target = action.setup ? await action.setup() : undefined;
        const res = await action.run(actors[role].api, target);
        if (allowed) {
          assert.equal(res.status, action.okStatus || 200, `${res.status} ${res.text.slice(0, 300)}`);
        } else {
          assertError(res, 403, 'AUTHORIZATION_ERROR');
          denied.push({ role, action: action.name, requestId: res.headers['x-request-id'], res });
          if (action.verifyDenied) await action.verifyDenied(target);
        }
      });
    }
  }

  test('admins cannot grant, revoke or remove owner; owners can', async () => {
    const { admin } = actors;
    const r1 = await admin.api.post('users', { email: uniqueEmail('wannabe'), name: 'W', role: 'owner' });
    assertError(r1, 403, 'AUTHORIZATION_ERROR');
    denied.push({ role: 'admin', action: 'create owner', requestId: r1.headers['x-request-id'] });

    const v = await invite(owner.api);
    const r2 = await admin.api.patch(`users/${v.id}`, { role: 'owner' });
    assertError(r2, 403, 'AUTHORIZATION_ERROR');
    denied.push({ role: 'admin', action: 'grant owner', requestId: r2.headers['x-request-id'] });

    const r3 = await admin.api.patch(`users/${admin.user.id}`, { role: 'owner' });
    assertError(r3, 403, 'AUTHORIZATION_ERROR');
    denied.push({ role: 'admin', action: 'self-promote', requestId: r3.headers['x-request-id'] });

    // Owner promotes v to owner; the admin can neither demote nor remove that owner.
    assert.equal(assertOk(await owner.api.patch(`users/${v.id}`, { role: 'owner' })).role, 'owner');
    const r4 = await admin.api.patch(`users/${v.id}`, { role: 'viewer' });
    assertError(r4, 403, 'AUTHORIZATION_ERROR');
    const r5 = await admin.api.delete(`users/${v.id}`);
    assertError(r5, 403, 'AUTHORIZATION_ERROR');
    denied.push({ role: 'admin', action: 'demote owner', requestId: r4.headers['x-request-id'] });
    denied.push({ role: 'admin', action: 'remove owner', requestId: r5.headers['x-request-id'] });
    // The owner can revoke owner again.
    assert.equal(assertOk(await owner.api.patch(`users/${v.id}`, { role: 'admin' })).role, 'admin');
    assertOk(await owner.api.delete(`users/${v.id}`), 204);
  });

  test('an API key role may not exceed the creator’s role', async () => {
    const r = await actors.admin.api.post('api-keys', { name: 'too-strong', role: 'owner' });
    assertError(r, 403, 'AUTHORIZATION_ERROR');
    denied.push({ role: 'admin', action: 'owner key', requestId: r.headers['x-request-id'] });
    assertOk(await actors.admin.api.post('api-keys', { name: 'admin-key', role: 'admin' }), 201);
  });

  test('the last owner cannot be demoted or removed (409 CONFLICT)', async () => {
    const users = assertOk(await owner.api.get('users?role=owner'));
    assert.deepEqual(users.map((u) => u.id), [owner.user.id], 'exactly one owner at this point');
    assertError(await owner.api.patch(`users/${owner.user.id}`, { role: 'admin' }), 409, 'CONFLICT');
    assertError(await owner.api.delete(`users/${owner.user.id}`), 409, 'CONFLICT');
    const me = assertOk(await owner.api.get('auth/me'));
    assert.equal(me.role, 'owner');
    // With a second owner, the first may step down.
    const second = await invite(owner.api, 'viewer');
    assertOk(await owner.api.patch(`users/${second.id}`, { role: 'owner' }));
    assert.equal(assertOk(await owner.api.patch(`users/${owner.user.id}`, { role: 'admin' })).role, 'admin');
    // Now the invited user is the last owner; the (now admin) first user cannot touch them.
    assertError(await owner.api.patch(`users/${second.id}`, { role: 'viewer' }), 403, 'AUTHORIZATION_ERROR');
  });

  test('a role change takes effect on the next request (no stale role in the token)', async () => {
    const m = await addMember(srv, actors.admin.api, 'admin', { prefix: 'demoted' });
    assertOk(await m.api.get('audit'));
    assertOk(await actors.admin.api.patch(`users/${m.user.id}`, { role: 'viewer' }));
    assertError(await m.api.get('audit'), 403, 'AUTHORIZATION_ERROR');
  });

  test('every denied action is in the audit log with result "denied"', async () => {
    assert.ok(denied.length >= 20, `expected many denials, got ${denied.length}`);
    const entries = [];
    let cursor = null;
    do {
      const res = await actors.admin.api.get(`audit?result=denied&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      entries.push(...assertOk(res));
      cursor = res.body.meta.nextCursor;
    } while (cursor);
    const byRequest = new Map(entries.map((e) => [e.requestId, e]));
    for (const d of denied) {
      const e = byRequest.get(d.requestId);
      assert.ok(e, `denied ${d.role} ${d.action} (request ${d.requestId}) missing from the audit log`);
      assert.equal(e.result, 'denied');
      assert.equal(e.statusCode, 403);
      assert.equal(e.userId, actors[d.role].user.id);
      assert.equal(e.organizationId, owner.organization.id);
      assert.ok(e.action.length > 0);
    }
  });
});
