// API keys: created once (secret shown only then), listed without the secret, act with their
// own role via X-API-Key, revoked keys → 401, expiry, validation, audit attribution.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertError, assertOk } from '../lib/http.mjs';
import { registerOwner, addMember, uniqueEmail, sleep, PASSWORD } from '../lib/fixtures.mjs';

describe('API keys', () => {
  let srv, owner;
  before(async () => {
    srv = await startServer();
    owner = await registerOwner(srv);
  });
  after(async () => {
    await srv?.stop();
  });

  test('create returns the key once; list never shows it', async () => {
    const created = assertOk(await owner.api.post('api-keys', { name: 'deploy bot', role: 'operator', expiresInDays: 30 }), 201);
    assert.match(created.id, /^key_/);
    assert.equal(created.name, 'deploy bot');
    assert.equal(created.role, 'operator');
    assert.equal(created.createdBy, owner.user.id);
    assert.equal(created.lastUsedAt, null);
    assert.ok(created.key.startsWith(created.prefix), 'prefix is the start of the key');
    assert.ok(created.key.length >= 32, 'a key long enough to be unguessable');
    const days = (Date.parse(created.expiresAt) - Date.parse(created.createdAt)) / 86400000;
    assert.ok(Math.abs(days - 30) < 0.01, `expiresAt 30 days after createdAt (${days})`);

    const noExpiry = assertOk(await owner.api.post('api-keys', { name: 'forever', role: 'viewer' }), 201);
    assert.equal(noExpiry.expiresAt, null);
    assert.notEqual(noExpiry.key, created.key);

    const res = await owner.api.get('api-keys');
    const list = assertOk(res);
    const listed = list.find((k) => k.id === created.id);
    assert.ok(listed);
    assert.equal(listed.key, undefined, 'the secret is never listed');
    assert.ok(!res.text.includes(created.key));
    assert.equal(listed.prefix, created.prefix);
  });

  test('X-API-Key acts with the key’s role', async () => {
    const viewerKey = assertOk(await owner.api.post('api-keys', { name: 'ro', role: 'viewer' }), 201);
    const adminKey = assertOk(await owner.api.post('api-keys', { name: 'rw', role: 'admin' }), 201);
    const asViewer = srv.api({ apiKey: viewerKey.key });
    const asAdmin = srv.api({ apiKey: adminKey.key });

    assertOk(await asViewer.get('users'));
    assertOk(await asViewer.get('organization'));
    assertError(await asViewer.post('users', { email: uniqueEmail('k'), name: 'K', role: 'viewer' }), 403, 'AUTHORIZATION_ERROR');
    assertError(await asViewer.get('audit'), 403, 'AUTHORIZATION_ERROR');

    const made = assertOk(await asAdmin.post('users', { email: uniqueEmail('bykey'), name: 'By Key', role: 'viewer' }), 201);
    assertOk(await asAdmin.get('audit'));
    assertError(await asAdmin.patch('organization', { name: 'nope' }), 403, 'AUTHORIZATION_ERROR');
    // An admin key cannot mint an owner key.
    assertError(await asAdmin.post('api-keys', { name: 'escalate', role: 'owner' }), 403, 'AUTHORIZATION_ERROR');

    // The audit entry names the key.
    const entries = assertOk(await owner.api.get(`audit?targetId=${made.id}`));
    const e = entries.find((x) => x.action === 'users.create');
    assert.ok(e, `users.create entry for ${made.id}: ${JSON.stringify(entries).slice(0, 300)}`);
    assert.equal(e.apiKeyId, adminKey.id);
    assert.equal(e.result, 'success');

    // lastUsedAt is recorded (it may be updated asynchronously).
    await sleep(200);
    const after = assertOk(await owner.api.get('api-keys')).find((k) => k.id === viewerKey.id);
    assert.ok(after.lastUsedAt, 'lastUsedAt set after use');
  });

  test('a revoked key gets 401; unknown or malformed keys get 401', async () => {
    const k = assertOk(await owner.api.post('api-keys', { name: 'temp', role: 'viewer' }), 201);
    assertOk(await srv.api({ apiKey: k.key }).get('users'));
    assertOk(await owner.api.delete(`api-keys/${k.id}`), 204);
    assertError(await srv.api({ apiKey: k.key }).get('users'), 401, 'AUTHENTICATION_ERROR');
    assert.ok(!assertOk(await owner.api.get('api-keys')).some((x) => x.id === k.id), 'revoked key not listed');
    assertError(await owner.api.delete(`api-keys/${k.id}`), 404, 'NOT_FOUND');

    assertError(await srv.api({ apiKey: 'cw_not_a_real_key_0000000000000000' }).get('users'), 401, 'AUTHENTICATION_ERROR');
    assertError(await srv.api({ apiKey: k.key.slice(0, -2) }).get('users'), 401, 'AUTHENTICATION_ERROR');
    assertError(await srv.api({ apiKey: '' }).get('users', { headers: { 'X-API-Key': ' ' } }), 401, 'AUTHENTICATION_ERROR');
  });

  test('validation: name and role required, expiresInDays positive', async () => {
    const e = assertError(await owner.api.post('api-keys', {}), 400, 'VALIDATION_ERROR');
    assert.ok(e.details.fields.name && e.details.fields.role);
    for (const expiresInDays of [0, -1, 1.5, 'ten', 100000]) {
      assertError(await owner.api.post('api-keys', { name: 'x', role: 'viewer', expiresInDays }), 400, 'VALIDATION_ERROR');
    }
    assertError(await owner.api.post('api-keys', { name: 'x', role: 'root' }), 400, 'VALIDATION_ERROR');
  });

  test('an API key cannot manage API keys beyond its role or change the owner', async () => {
    const adminKey = assertOk(await owner.api.post('api-keys', { name: 'adm', role: 'admin' }), 201);
    const asAdmin = srv.api({ apiKey: adminKey.key });
    assertError(await asAdmin.patch(`users/${owner.user.id}`, { role: 'viewer' }), 403, 'AUTHORIZATION_ERROR');
    assertError(await asAdmin.delete(`users/${owner.user.id}`), 403, 'AUTHORIZATION_ERROR');
  });

  test("a key acts with the lower of its own role and its creator's current role", async () => {
    const admin = await addMember(srv, owner.api, 'admin', { prefix: 'keyadmin' });
    const key = assertOk(await admin.api.post('api-keys', { name: 'admin bot', role: 'admin' }), 201);
    const bot = srv.api({ apiKey: key.key });
    // While the creator is an admin the key creates members, even admins.
    assertOk(await bot.post('users', { email: uniqueEmail('made'), name: 'Made', role: 'admin', password: PASSWORD }), 201);
    // A key made with the key belongs to the person behind it.
    const child = assertOk(await bot.post('api-keys', { name: 'child', role: 'operator' }), 201);
    assert.equal(child.createdBy, admin.user.id);
    // Demoted to viewer: the key is a viewer now, and so is its child.
    assertOk(await owner.api.patch(`users/${admin.user.id}`, { role: 'viewer' }));
    assertError(await bot.post('users', { email: uniqueEmail('made'), name: 'Made', role: 'admin', password: PASSWORD }), 403, 'AUTHORIZATION_ERROR');
    assertError(await bot.post('api-keys', { name: 'x', role: 'viewer' }), 403, 'AUTHORIZATION_ERROR');
    assertOk(await bot.get('resources'));
    assertError(await srv.api({ apiKey: child.key }).post('resources', { name: 'x', type: 'cache', providerId: 'nope', region: 'us-east-1' }), 403, 'AUTHORIZATION_ERROR');
    // Promoted again: the key's own role still caps it.
    assertOk(await owner.api.patch(`users/${admin.user.id}`, { role: 'owner' }));
    assertError(await bot.patch(`users/${owner.user.id}`, { role: 'viewer' }), 403, 'AUTHORIZATION_ERROR');
    // Creator removed: every key they made stops working at once.
    assertOk(await owner.api.delete(`users/${admin.user.id}`), 204);
    assertError(await bot.get('resources'), 401, 'AUTHENTICATION_ERROR');
    assertError(await srv.api({ apiKey: child.key }).get('resources'), 401, 'AUTHENTICATION_ERROR');
  });
});
