// WebSocket: first-message auth handshake, ?access_token=, bad token and no-auth closes
// (1008), ping/pong, and org-scoped delivery of user.* and organization.updated events.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertOk } from '../lib/http.mjs';
import { WsClient } from '../lib/ws.mjs';
import { registerOwner, addMember, uniqueEmail, sleep, within } from '../lib/fixtures.mjs';

describe('WebSocket', () => {
  let srv, a, b, aViewer;
  const sockets = [];
  const open = async (opts) => {
    const c = await WsClient.open(srv.url, opts);
    sockets.push(c);
    return c;
  };
  before(async () => {
    srv = await startServer();
    a = await registerOwner(srv, { prefix: 'ws-a', organizationName: 'WS A' });
    b = await registerOwner(srv, { prefix: 'ws-b', organizationName: 'WS B' });
    aViewer = await addMember(srv, a.api, 'viewer');
  });
  after(async () => {
    for (const s of sockets) s.terminate();
    await srv?.stop();
  });

  test('auth handshake with the first message → auth.ok with user and organization', async () => {
    const ws = await open();
    const data = await ws.auth(a.accessToken);
    assert.deepEqual(data, { userId: a.user.id, organizationId: a.organization.id });
    ws.send({ type: 'ping' });
    await ws.next('pong');
    assert.deepEqual(ws.contractProblems, []);
    ws.close();
  });

  test('?access_token= authenticates without a message', async () => {
    const ws = await open({ query: `access_token=${encodeURIComponent(b.accessToken)}` });
    const m = await ws.next('auth.ok');
    assert.equal(m.data.organizationId, b.organization.id);
    ws.close();
  });

  test('a bad token gets an error message and close 1008', async () => {
    const ws = await open();
    ws.send({ type: 'auth', token: 'not.a.jwt' });
    const m = await ws.next('error');
    assert.ok(m.data && typeof m.data.code === 'string', `error message data: ${JSON.stringify(m)}`);
    const closed = await within(ws.closed, 3000);
    assert.ok(closed, 'closed after a bad token');
    assert.equal(closed.code, 1008);
  });

  test('a bad ?access_token= is refused the same way', async () => {
    let ws;
    try {
      ws = await open({ query: 'access_token=garbage' });
    } catch (e) {
      assert.match(e.message, /HTTP 401/, 'either refuse the upgrade with 401 or close 1008');
      return;
    }
    const closed = await within(ws.closed, 3000);
    assert.ok(closed && closed.code === 1008, `close 1008, got ${JSON.stringify(closed)}`);
  });

  test('no auth within 5 s → close 1008', async () => {
    const ws = await open();
    const t0 = Date.now();
    const closed = await within(ws.closed, 9000);
    assert.ok(closed, 'closed within 9 s');
    assert.equal(closed.code, 1008);
    const waited = Date.now() - t0;
    assert.ok(waited >= 4000 && waited <= 8000, `closed after ${waited} ms (want ~5000)`);
  });

  test('non-JSON messages do not crash the session or the server', async () => {
    const ws = await open();
    await ws.auth(a.accessToken);
    ws.send('this is not json');
    ws.send('{"type": 42}');
    ws.ws.send(Buffer.from([0xff, 0x00, 0x12]));
    await sleep(200);
    assert.equal((await srv.api().get('/api/v1/health')).status, 200);
    ws.terminate();
  });

  test('an oversized message closes that session (1009) and nothing else', async () => {
    const big = await open();
    await big.auth(a.accessToken);
    const bystander = await open();
    await bystander.auth(a.accessToken);
    big.send({ type: 'ping', pad: 'x'.repeat(4 * 1024 * 1024) });
    const closed = await within(big.closed, 5000);
    assert.ok(closed, 'closed after a 4 MB message');
    // 1009 when the close frame arrives; 1006 when the TCP reset (server closing while the
    // client is still sending) overtakes it — both are the server refusing the message.
    assert.ok([1009, 1006].includes(closed.code), `close code ${closed.code}`);
    bystander.send({ type: 'ping' });
    await bystander.next('pong');
    bystander.close();
    // Before authentication too.
    const anon = await open();
    anon.send('y'.repeat(4 * 1024 * 1024));
    const c2 = await within(anon.closed, 5000);
    assert.ok(c2, 'unauthenticated oversized message closes the session');
    assert.equal((await srv.api().get('/api/v1/health')).status, 200);
  });

  test('events reach only sessions of the same organization', async () => {
    const wsA = await open();
    await wsA.auth(a.accessToken);
    const wsA2 = await open();
    await wsA2.auth(aViewer.accessToken);
    const wsB = await open();
    await wsB.auth(b.accessToken);

    // user.created in A
    const email = uniqueEmail('ws-new');
    const created = assertOk(await a.api.post('users', { email, name: 'WS New', role: 'viewer' }), 201);
    const ev = await wsA.next((m) => m.type === 'user.created' && m.data?.id === created.id);
    assert.equal(ev.data.email, email);
    assert.equal(ev.data.organizationId, a.organization.id);
    assert.match(ev.timestamp, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    assert.equal(ev.data.inviteToken, undefined, 'the invite token is never broadcast');
    await wsA2.next((m) => m.type === 'user.created' && m.data?.id === created.id);

    // user.updated, user.deleted, organization.updated in A
    assertOk(await a.api.patch(`users/${created.id}`, { role: 'operator' }));
    const up = await wsA.next((m) => m.type === 'user.updated' && m.data?.id === created.id);
    assert.equal(up.data.role, 'operator');
    assertOk(await a.api.delete(`users/${created.id}`), 204);
    await wsA.next((m) => m.type === 'user.deleted' && m.data?.id === created.id);
    assertOk(await a.api.patch('organization', { name: 'WS A Renamed' }));
    const org = await wsA.next((m) => m.type === 'organization.updated');
    assert.equal(org.data.id, a.organization.id);
    assert.equal(org.data.name, 'WS A Renamed');

    // Meanwhile B saw none of it; B's own event reaches B only.
    const bUser = assertOk(await b.api.post('users', { email: uniqueEmail('ws-b'), name: 'B New', role: 'viewer' }), 201);
    await wsB.next((m) => m.type === 'user.created' && m.data?.id === bUser.id);
    await sleep(300);
    const leaked = wsB.messages.filter((m) => m.type !== 'pong');
    assert.deepEqual(leaked, [], 'org B received events of org A');
    assert.ok(!wsA.messages.some((m) => m.data?.id === bUser.id), 'org A received an event of org B');
    for (const c of [wsA, wsA2, wsB]) assert.deepEqual(c.contractProblems, []);
    for (const c of [wsA, wsA2, wsB]) c.close();
  });

  test('a removed user’s open session is closed or receives no more events', async () => {
    const m = await addMember(srv, a.api, 'viewer', { prefix: 'ws-gone' });
    const ws = await open();
    await ws.auth(m.accessToken);
    assertOk(await a.api.delete(`users/${m.user.id}`), 204);
    await sleep(200);
    ws.messages.length = 0;
    assertOk(await a.api.post('users', { email: uniqueEmail('after-gone'), name: 'After', role: 'viewer' }), 201);
    const closed = await within(ws.closed, 800);
    if (!closed) {
      assert.ok(!ws.messages.some((x) => x.type === 'user.created'), 'a removed user keeps receiving org events');
    }
    ws.terminate();
  });
});
