// Inventory events over the WebSocket: resource.created/updated/deleted for API changes and
// their follow-ups, sync.progress/sync.completed for a requested sync, per-resource events
// for a small first sync and none for a big one — all to the owning organization's sessions
// (every role) and never to another organization; every message matches the contract.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertOk } from '../lib/http.mjs';
import { WsClient } from '../lib/ws.mjs';
import { registerOwner, addMember, sleep } from '../lib/fixtures.mjs';
import { connectAndSync, connectSimulated, waitForSync } from '../lib/inventory.mjs';

describe('inventory events', () => {
  let srv, a, aViewer, b, account, wsA, wsAViewer, wsB;
  const sockets = [];
  const open = async (token) => {
    const c = await WsClient.open(srv.url);
    sockets.push(c);
    await c.auth(token);
    return c;
  };
  before(async () => {
    srv = await startServer();
    a = await registerOwner(srv, { prefix: 'ev-a', organizationName: 'Events A' });
    aViewer = await addMember(srv, a.api, 'viewer');
    b = await registerOwner(srv, { prefix: 'ev-b', organizationName: 'Events B' });
    account = await connectAndSync(a.api, { scenario: 'startup', seed: 61, resourceCount: 20 }, { name: 'Evented' });
    wsA = await open(a.accessToken);
    wsAViewer = await open(aViewer.accessToken);
    wsB = await open(b.accessToken);
  });
  after(async () => {
    for (const s of sockets) s.terminate();
    await srv?.stop();
  });

  test('create → resource.created, then resource.updated when it is running (A’s sessions only)', async () => {
    const r = assertOk(await a.api.post('resources', { name: 'ev-vm', type: 'server', providerId: account.id, region: 'us-east-1', tags: { env: 'ev' } }), 201);
    const created = await wsA.next((m) => m.type === 'resource.created' && m.data.id === r.id);
    assert.equal(created.data.name, 'ev-vm');
    assert.equal(created.data.providerId, account.id);
    assert.equal(created.data.status, 'provisioning');
    assert.deepEqual(created.data.tags, { env: 'ev' });
    await wsAViewer.next((m) => m.type === 'resource.created' && m.data.id === r.id);
    const running = await wsA.next((m) => m.type === 'resource.updated' && m.data.id === r.id && m.data.status === 'running', 20000);
    assert.equal(running.data.name, 'ev-vm');
    assert.deepEqual(running.data, assertOk(await a.api.get(`resources/${r.id}`)), 'the event carries the resource as stored');
  });

  test('patch and actions → resource.updated with the new state', async () => {
    const r = assertOk(await a.api.post('resources', { name: 'ev-vm-2', type: 'server', providerId: account.id, region: 'us-east-1' }), 201);
    await wsA.next((m) => m.type === 'resource.updated' && m.data.id === r.id && m.data.status === 'running', 20000);
    assertOk(await a.api.patch(`resources/${r.id}`, { tags: { changed: 'yes' } }));
    const up = await wsA.next((m) => m.type === 'resource.updated' && m.data.id === r.id && m.data.tags.changed === 'yes');
    assert.equal(up.data.status, 'running');
    assertOk(await a.api.post(`resources/${r.id}/actions/stop`), 202);
    await wsA.next((m) => m.type === 'resource.updated' && m.data.id === r.id && m.data.status === 'stopped', 20000);
  });

  test('delete → resource.updated (terminated), later resource.deleted with ids', async () => {
    const r = assertOk(await a.api.post('resources', { name: 'ev-bucket', type: 'storage', providerId: account.id, region: 'us-east-1' }), 201);
    await wsA.next((m) => m.type === 'resource.created' && m.data.id === r.id);
    assertOk(await a.api.delete(`resources/${r.id}`), 202);
    await wsA.next((m) => m.type === 'resource.updated' && m.data.id === r.id && m.data.status === 'terminated');
    const gone = await wsA.next((m) => m.type === 'resource.deleted' && m.data.id === r.id, 40000);
    assert.deepEqual(gone.data, { id: r.id, providerId: account.id, externalId: r.externalId });
    await wsAViewer.next((m) => m.type === 'resource.deleted' && m.data.id === r.id);
  });

  test('POST /providers/{id}/sync → sync.progress then sync.completed with the job id and statistics', async () => {
    const { jobId } = assertOk(await a.api.post(`providers/${account.id}/sync`), 202);
    const progress = await wsA.next((m) => m.type === 'sync.progress' && m.data.jobId === jobId, 15000);
    assert.equal(progress.data.accountId, account.id);
    assert.ok(progress.data.processed > 0);
    const done = await wsA.next((m) => m.type === 'sync.completed' && m.data.jobId === jobId, 15000);
    assert.equal(done.data.accountId, account.id);
    assert.equal(done.data.status, 'connected');
    assert.equal(done.data.mode, 'full');
    const count = assertOk(await a.api.get(`providers/${account.id}`)).resourceCount;
    assert.equal(done.data.resourceCount, count);
    assert.equal(done.data.total, done.data.created + done.data.updated + done.data.unchanged);
    assert.ok(done.data.durationMs >= 0);
    await wsAViewer.next((m) => m.type === 'sync.completed' && m.data.jobId === jobId);

    const inc = assertOk(await a.api.post(`providers/${account.id}/sync`, { mode: 'incremental' }), 202);
    const incDone = await wsA.next((m) => m.type === 'sync.completed' && m.data.jobId === inc.jobId, 15000);
    assert.equal(incDone.data.mode, 'incremental');
  });

  test('a small first sync announces each resource; a big one only progress and completion', async () => {
    const small = await connectSimulated(a.api, { scenario: 'devops', seed: 62, resourceCount: 30 }, { name: 'Small first sync' });
    const done = await wsA.next((m) => m.type === 'sync.completed' && m.data.accountId === small.id, 20000);
    assert.equal(done.data.created, 30);
    await sleep(200);
    const created = wsA.messages.filter((m) => m.type === 'resource.created' && m.data.providerId === small.id);
    assert.equal(created.length, 30, 'one resource.created per new resource');
    for (const m of created.slice(0, 5))
      assert.deepEqual(m.data, assertOk(await a.api.get(`resources/${m.data.id}`)), 'the event carries the resource as stored');

    const big = await connectSimulated(a.api, { scenario: 'enterprise', seed: 63, resourceCount: 2500 }, { name: 'Big first sync' });
    const bigDone = await wsA.next((m) => m.type === 'sync.completed' && m.data.accountId === big.id, 60000);
    assert.equal(bigDone.data.created, 2500);
    assert.equal(bigDone.data.resourceCount, 2500);
    const progress = wsA.messages.filter((m) => m.type === 'sync.progress' && m.data.accountId === big.id);
    assert.ok(progress.length >= 2, `progress events for a 2,500-resource sync (${progress.length})`);
    const processed = progress.map((m) => m.data.processed);
    assert.deepEqual(processed, [...processed].sort((x, y) => x - y), 'processed only grows');
    assert.ok(processed.at(-1) <= 2500);
    await sleep(200);
    assert.equal(wsA.messages.filter((m) => m.type === 'resource.created' && m.data.providerId === big.id).length, 0, 'no per-resource flood');
    await waitForSync(a.api, big.id, { resourceCount: 2500 });
  });

  test('organization B received none of A’s events; B’s own events reach B only', async () => {
    const leaked = wsB.messages.filter((m) => m.type !== 'pong');
    assert.deepEqual(leaked.map((m) => m.type), [], 'B received A’s events');
    const bAccount = await connectSimulated(b.api, { scenario: 'startup', seed: 64, resourceCount: 5 }, { name: 'B account' });
    await wsB.next((m) => m.type === 'sync.completed' && m.data.accountId === bAccount.id, 20000);
    const r = assertOk(await b.api.post('resources', { name: 'b-vm', type: 'server', providerId: bAccount.id, region: 'us-east-1' }), 201);
    await wsB.next((m) => m.type === 'resource.created' && m.data.id === r.id);
    await sleep(300);
    for (const ws of [wsA, wsAViewer]) {
      assert.ok(!ws.messages.some((m) => m.data?.accountId === bAccount.id || m.data?.providerId === bAccount.id || m.data?.id === r.id), 'A received B’s events');
    }
  });

  test('every inventory event matched the contract', () => {
    for (const ws of [wsA, wsAViewer, wsB]) assert.deepEqual(ws.contractProblems, []);
  });
});
