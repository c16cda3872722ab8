// Audit log: entries for state changes and denials, filters, newest-first cursor paging,
// CSV export, no secrets recorded.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertError, assertOk } from '../lib/http.mjs';
import { registerOwner, addMember, invite, uniqueEmail, sleep } from '../lib/fixtures.mjs';

const COLUMNS = 'id,timestamp,userId,userEmail,apiKeyId,organizationId,action,method,path,targetType,targetId,result,statusCode,requestId,ipAddress,details';

/** RFC 4180 parser (quoted fields, doubled quotes, CRLF or LF). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') q = false;
      else field += c;
    } else if (c === '"') q = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

async function all(api, query) {
  const out = [];
  let cursor = null;
  let pages = 0;
  do {
    const sep = query ? '&' : '';
    const res = await api.get(`audit?${query}${sep}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    out.push(...assertOk(res));
    cursor = res.body.meta.nextCursor;
    assert.ok(++pages < 50);
  } while (cursor);
  return out;
}

describe('audit log', () => {
  let srv, owner, viewer, created, patched, deleted, key, deniedReq, tBefore, tMiddle, secretPassword;
  before(async () => {
    srv = await startServer();
    owner = await registerOwner(srv);
    viewer = await addMember(srv, owner.api, 'viewer');
    tBefore = new Date().toISOString();
    await sleep(15);
    created = [];
    for (let i = 0; i < 3; i++) created.push(await invite(owner.api));
    patched = assertOk(await owner.api.patch(`users/${created[0].id}`, { role: 'operator' }));
    await sleep(15);
    tMiddle = new Date().toISOString();
    await sleep(15);
    assertOk(await owner.api.delete(`users/${created[1].id}`), 204);
    deleted = created[1];
    key = assertOk(await owner.api.post('api-keys', { name: 'audited', role: 'viewer' }), 201);
    const d = await viewer.api.post('users', { email: uniqueEmail('nope'), name: 'Nope', role: 'viewer' });
    assertError(d, 403, 'AUTHORIZATION_ERROR');
    deniedReq = d.headers['x-request-id'];
    secretPassword = 'Very-Secret-Password-42';
    assertOk(await owner.api.post('users', { email: uniqueEmail('pw'), name: 'Pw', role: 'viewer', password: secretPassword }), 201);
  });
  after(async () => {
    await srv?.stop();
  });

  test('state changes and denials are recorded with who, what, target, result, request id, address', async () => {
    const entries = await all(owner.api, '');
    const createE = entries.find((e) => e.targetId === created[2].id && e.action === 'users.create');
    assert.ok(createE, 'users.create entry');
    assert.equal(createE.userId, owner.user.id);
    assert.equal(createE.userEmail, owner.email);
    assert.equal(createE.apiKeyId, null);
    assert.equal(createE.organizationId, owner.organization.id);
    assert.equal(createE.method, 'POST');
    assert.equal(createE.path, '/api/v1/users');
    assert.equal(createE.targetType, 'user');
    assert.equal(createE.result, 'success');
    assert.equal(createE.statusCode, 201);
    assert.match(createE.id, /^aud_/);
    assert.match(createE.ipAddress, /^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/);

    const upd = entries.find((e) => e.targetId === patched.id && e.action === 'users.update');
    assert.ok(upd, 'users.update entry');
    assert.equal(upd.method, 'PATCH');
    const del = entries.find((e) => e.targetId === deleted.id && e.action === 'users.delete');
    assert.ok(del, 'users.delete entry');
    assert.equal(del.statusCode, 204);
    const keyE = entries.find((e) => e.targetId === key.id);
    assert.ok(keyE, 'api key creation entry');
    assert.equal(keyE.action, 'api_keys.create');
    assert.equal(keyE.targetType, 'api_key');

    const den = entries.find((e) => e.requestId === deniedReq);
    assert.ok(den, 'denied entry');
    assert.equal(den.result, 'denied');
    assert.equal(den.statusCode, 403);
    assert.equal(den.userId, viewer.user.id);
    assert.equal(den.action, 'users.create');

    // Reads are not audited.
    assert.ok(!entries.some((e) => e.method === 'GET' && e.result === 'success'), 'successful reads are not audited');
  });

  test('newest first', async () => {
    const entries = await all(owner.api, '');
    for (let i = 1; i < entries.length; i++) {
      assert.ok(entries[i - 1].timestamp >= entries[i].timestamp, `order at ${i}: ${entries[i - 1].timestamp} < ${entries[i].timestamp}`);
    }
  });

  test('filters: action, userId, result, targetType, targetId, from, to', async () => {
    const byAction = await all(owner.api, 'action=users.create');
    assert.ok(byAction.length >= 4);
    assert.ok(byAction.every((e) => e.action === 'users.create'));
    for (const c of created) assert.ok(byAction.some((e) => e.targetId === c.id));

    const byUser = await all(owner.api, `userId=${viewer.user.id}`);
    assert.ok(byUser.length >= 1 && byUser.every((e) => e.userId === viewer.user.id));

    const denied = await all(owner.api, 'result=denied');
    assert.ok(denied.length >= 1 && denied.every((e) => e.result === 'denied'));
    const success = await all(owner.api, 'result=success');
    assert.ok(success.every((e) => e.result === 'success'));

    const byType = await all(owner.api, 'targetType=api_key');
    assert.ok(byType.length >= 1 && byType.every((e) => e.targetType === 'api_key'));
    const byTarget = await all(owner.api, `targetId=${created[0].id}`);
    assert.deepEqual([...new Set(byTarget.map((e) => e.targetId))], [created[0].id]);
    assert.deepEqual(byTarget.map((e) => e.action).sort(), ['users.create', 'users.update']);

    const fromMiddle = await all(owner.api, `from=${encodeURIComponent(tMiddle)}`);
    assert.ok(fromMiddle.every((e) => e.timestamp >= tMiddle));
    assert.ok(fromMiddle.some((e) => e.targetId === deleted.id));
    assert.ok(!fromMiddle.some((e) => e.targetId === created[2].id && e.action === 'users.create'));
    const toMiddle = await all(owner.api, `to=${encodeURIComponent(tMiddle)}`);
    assert.ok(toMiddle.every((e) => e.timestamp <= tMiddle));
    assert.ok(toMiddle.some((e) => e.targetId === created[2].id));
    assert.ok(!toMiddle.some((e) => e.targetId === deleted.id && e.action === 'users.delete'));
    const window = await all(owner.api, `from=${encodeURIComponent(tBefore)}&to=${encodeURIComponent(tMiddle)}&action=users.create`);
    assert.deepEqual(window.map((e) => e.targetId).sort(), created.map((c) => c.id).sort());

    const combined = await all(owner.api, `action=users.create&result=denied`);
    assert.ok(combined.length >= 1 && combined.every((e) => e.action === 'users.create' && e.result === 'denied'));
  });

  test('cursor paging walks every entry exactly once', async () => {
    const full = await all(owner.api, '');
    const seen = [];
    let cursor = null;
    let total;
    for (let page = 0; page < 100; page++) {
      const res = await owner.api.get(`audit?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      const data = assertOk(res);
      assert.equal(res.body.meta.limit, 3);
      assert.ok(data.length <= 3);
      total ??= res.body.meta.total;
      seen.push(...data.map((e) => e.id));
      cursor = res.body.meta.nextCursor;
      if (!cursor) break;
      assert.equal(data.length, 3, 'only the last page may be short');
    }
    assert.equal(cursor, null, 'paging ended');
    assert.equal(new Set(seen).size, seen.length, 'no duplicates across pages');
    // Paging started after `full` was read; entries written meanwhile would be newer and on page 1.
    assert.deepEqual(seen.slice(-full.length), full.map((e) => e.id));
    assert.ok(total >= full.length);
    const bad = await owner.api.get('audit?cursor=not-a-cursor');
    assertError(bad, 400, 'VALIDATION_ERROR');
  });

  test('CSV export with the same filters', async () => {
    const res = await owner.api.get('audit/export?action=users.create');
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'], /^text\/csv/);
    assert.match(res.headers['content-disposition'] || '', /attachment/);
    const rows = parseCsv(res.text.replace(/\r?\n$/, ''));
    assert.equal(rows[0].join(','), COLUMNS);
    const json = await all(owner.api, 'action=users.create');
    assert.equal(rows.length - 1, json.length, 'one row per entry');
    const col = Object.fromEntries(rows[0].map((c, i) => [c, i]));
    for (const r of rows.slice(1)) {
      assert.equal(r.length, rows[0].length);
      assert.equal(r[col.action], 'users.create');
    }
    assert.deepEqual(rows.slice(1).map((r) => r[col.id]), json.map((e) => e.id), 'same entries, same order');

    const full = await owner.api.get('audit/export');
    const fullRows = parseCsv(full.text.replace(/\r?\n$/, ''));
    assert.ok(fullRows.length - 1 >= json.length);
  });

  test('no passwords, tokens or keys are recorded', async () => {
    const entries = await all(owner.api, '');
    const dump = JSON.stringify(entries) + (await owner.api.get('audit/export')).text;
    assert.ok(!dump.includes(secretPassword), 'password in the audit log');
    assert.ok(!dump.includes(key.key), 'api key secret in the audit log');
    assert.ok(!dump.includes(owner.refreshToken), 'refresh token in the audit log');
    assert.ok(!dump.includes(owner.accessToken), 'access token in the audit log');
    assert.ok(!dump.includes(created[0].inviteToken), 'invite token in the audit log');
  });

  test('operators and viewers cannot read or export the audit log', async () => {
    assertError(await viewer.api.get('audit'), 403, 'AUTHORIZATION_ERROR');
    assertError(await viewer.api.get('audit/export'), 403, 'AUTHORIZATION_ERROR');
  });
});
