// Tenant isolation: a user of organization B asking for any id of organization A gets 404
// (never 403, never data), and lists never show another organization's rows.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertError, assertOk } from '../lib/http.mjs';
import { registerOwner, addMember, invite } from '../lib/fixtures.mjs';

describe('cross-organization isolation', () => {
  let srv, a, b, aMember, aInvitee, aKey;
  before(async () => {
    srv = await startServer();
    a = await registerOwner(srv, { prefix: 'org-a', organizationName: 'Org A' });
    b = await registerOwner(srv, { prefix: 'org-b', organizationName: 'Org B' });
    aMember = await addMember(srv, a.api, 'viewer');
    aInvitee = await invite(a.api, 'operator');
    aKey = assertOk(await a.api.post('api-keys', { name: 'a-key', role: 'admin' }), 201);
  });
  after(async () => {
    await srv?.stop();
  });

  test('org B gets 404 for GET/PATCH/DELETE of org A users', async () => {
    for (const id of [a.user.id, aMember.user.id, aInvitee.id]) {
      assertError(await b.api.get(`users/${id}`), 404, 'NOT_FOUND');
      assertError(await b.api.patch(`users/${id}`, { name: 'Hijacked' }), 404, 'NOT_FOUND');
      assertError(await b.api.patch(`users/${id}`, { role: 'viewer' }), 404, 'NOT_FOUND');
      assertError(await b.api.delete(`users/${id}`), 404, 'NOT_FOUND');
    }
    // Nothing changed in A.
    const still = assertOk(await a.api.get(`users/${aMember.user.id}`));
    assert.equal(still.name, aMember.user.name);
    assert.equal(assertOk(await a.api.get(`users/${a.user.id}`)).role, 'owner');
  });

  test('org B gets 404 when revoking org A api keys, and A’s key keeps working', async () => {
    assertError(await b.api.delete(`api-keys/${aKey.id}`), 404, 'NOT_FOUND');
    assertOk(await srv.api({ apiKey: aKey.key }).get('users'));
  });

  test('lists are scoped to the caller’s organization', async () => {
    const bUsers = assertOk(await b.api.get('users?limit=500'));
    assert.deepEqual(bUsers.map((u) => u.id), [b.user.id]);
    const found = assertOk(await b.api.get(`users?q=${encodeURIComponent(aMember.email)}`));
    assert.equal(found.length, 0, 'search does not cross organizations');
    const bKeys = assertOk(await b.api.get('api-keys'));
    assert.ok(!bKeys.some((k) => k.id === aKey.id));
    const bAudit = assertOk(await b.api.get('audit?limit=500'));
    assert.ok(bAudit.every((e) => e.organizationId === b.organization.id), 'audit entries of B only');
    assert.ok(!bAudit.some((e) => e.userId === a.user.id || e.userId === aMember.user.id), 'no entries of A’s users');
    // B's own (404) attempts on A's ids may name those ids as targets, but never succeeded.
    assert.ok(bAudit.filter((e) => e.targetId === aMember.user.id).every((e) => e.userId === b.user.id && e.result !== 'success'));
    const bCsv = await b.api.get('audit/export');
    assert.ok(!bCsv.text.includes(a.organization.id), 'CSV export of B has no A rows');
    assert.ok(!bCsv.text.includes(aMember.email));
    const org = assertOk(await b.api.get('organization'));
    assert.equal(org.id, b.organization.id);
  });

  test('audit filters cannot reach another organization', async () => {
    const r = assertOk(await b.api.get(`audit?userId=${a.user.id}`));
    assert.equal(r.length, 0);
    // B's own failed attempts on A's ids are B's entries; nothing of A's shows up.
    const t = assertOk(await b.api.get(`audit?targetId=${aMember.user.id}`));
    for (const e of t) {
      assert.equal(e.organizationId, b.organization.id);
      assert.equal(e.userId, b.user.id);
      assert.notEqual(e.result, 'success');
      assert.equal(e.statusCode, 404);
    }
  });

  test('an API key of org A cannot see org B', async () => {
    const keyApi = srv.api({ apiKey: aKey.key });
    assertError(await keyApi.get(`users/${b.user.id}`), 404, 'NOT_FOUND');
    assertError(await keyApi.delete(`users/${b.user.id}`), 404, 'NOT_FOUND');
    const users = assertOk(await keyApi.get('users?limit=500'));
    assert.ok(users.every((u) => u.organizationId === a.organization.id));
  });

  test('creating a user with an e-mail that exists in another organization is a conflict, not a takeover', async () => {
    const res = await b.api.post('users', { email: aMember.email, name: 'Dup', role: 'viewer' });
    assertError(res, 409, 'CONFLICT');
    const mine = assertOk(await a.api.get(`users/${aMember.user.id}`));
    assert.equal(mine.organizationId, a.organization.id);
  });
});
