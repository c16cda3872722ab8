// Two replicas of one deployment (same PostgreSQL database, same Redis, same JWT secret):
// a token from one works on the other, WebSocket events cross replicas through Redis
// pub/sub (still org-scoped, personal notifications only to their user, each event once with
// its `evt_` id), and the rate limit is shared through Redis.
// Needs CLOUDWEAVE_TEST_DATABASE_URL and CLOUDWEAVE_TEST_REDIS_URL (npm run test:services).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertOk } from '../lib/http.mjs';
import { WsClient } from '../lib/ws.mjs';
import { registerOwner, addMember, uniqueEmail, sleep } from '../lib/fixtures.mjs';
import { connectAndSync } from '../lib/inventory.mjs';

const services = process.env.CLOUDWEAVE_TEST_DATABASE_URL && process.env.CLOUDWEAVE_TEST_REDIS_URL;
const skip = services ? false : 'needs CLOUDWEAVE_TEST_DATABASE_URL and CLOUDWEAVE_TEST_REDIS_URL';

describe('two replicas behind one database and Redis', { skip }, () => {
  let r1, r2;
  const sockets = [];
  before(async () => {
    r1 = await startServer();
    r2 = await startServer({ shareWith: r1 });
  });
  after(async () => {
    for (const s of sockets) s.terminate();
    await r2?.stop();
    await r1?.stop();
  });

  test('a session from replica 1 works on replica 2', async () => {
    const owner = await registerOwner(r1);
    const me = assertOk(await r2.api({ token: owner.accessToken }).get('auth/me'));
    assert.equal(me.id, owner.user.id);
    const refreshed = assertOk(await r2.api().post('auth/refresh', { refreshToken: owner.refreshToken }));
    assert.ok(refreshed.accessToken);
  });

  test('a demotion or removal on replica 1 applies on replica 2 at once (cached users are dropped through Redis)', async () => {
    const owner = await registerOwner(r1, { prefix: 'rep-roles' });
    const admin = await addMember(r1, owner.api, 'admin');
    const onR2 = r2.api({ token: admin.accessToken });
    assertOk(await onR2.get('users'));  // replica 2 now has the admin cached
    assertOk(await onR2.post('users', { email: uniqueEmail('by-admin'), name: 'By Admin', role: 'viewer' }), 201);
    assertOk(await owner.api.patch(`users/${admin.user.id}`, { role: 'viewer' }));
    await sleep(100);  // Redis pub/sub delivers the notice asynchronously, within milliseconds
    const denied = await onR2.post('users', { email: uniqueEmail('by-viewer'), name: 'By Viewer', role: 'viewer' });
    assert.equal(denied.status, 403, 'the demoted admin still acted as admin on replica 2');
    const me = assertOk(await onR2.get('auth/me'));
    assert.equal(me.role, 'viewer');
    assertOk(await r1.api({ token: owner.accessToken }).patch('organization', { name: 'Renamed Across Replicas' }));
    await sleep(100);
    assert.equal(assertOk(await onR2.get('auth/me')).organizationName, 'Renamed Across Replicas');
    assert.equal((await owner.api.delete(`users/${admin.user.id}`)).status, 204);
    await sleep(100);
    assert.equal((await onR2.get('auth/me')).status, 401, 'a removed user keeps access on replica 2');
  });

  test('logging out on replica 1 ends the access token on replica 2 at once', async () => {
    const owner = await registerOwner(r1, { prefix: 'rep-logout' });
    const onR2 = r2.api({ token: owner.accessToken });
    assertOk(await onR2.get('auth/me'));  // replica 2 now knows the session is live
    assertOk(await r1.api().post('auth/logout', { refreshToken: owner.refreshToken }), 204);
    assert.equal((await onR2.get('auth/me')).status, 401);
  });

  test('an event on replica 1 reaches a WebSocket on replica 2, only in the same organization', async () => {
    const a = await registerOwner(r1, { prefix: 'rep-a' });
    const b = await registerOwner(r1, { prefix: 'rep-b' });
    const wsA = await WsClient.open(r2.url);
    sockets.push(wsA);
    await wsA.auth(a.accessToken);
    const wsB = await WsClient.open(r2.url);
    sockets.push(wsB);
    await wsB.auth(b.accessToken);
    await sleep(100);
    const created = assertOk(await a.api.post('users', { email: uniqueEmail('rep'), name: 'Rep', role: 'viewer' }), 201);
    const ev = await wsA.next((m) => m.type === 'user.created' && m.data?.id === created.id, 5000);
    assert.equal(ev.data.organizationId, a.organization.id);
    await sleep(300);
    assert.ok(!wsB.messages.some((m) => m.data?.id === created.id), 'org B got org A’s event across replicas');
    // Delivered once, not once per replica.
    await sleep(200);
    assert.ok(!wsA.messages.some((m) => m.type === 'user.created' && m.data?.id === created.id), 'duplicate delivery');
  });

  /** A WebSocket on `srv`, authenticated as `session` (closed after the file). */
  const socket = async (srv, session) => {
    const ws = await WsClient.open(srv.url);
    sockets.push(ws);
    await ws.auth(session.accessToken);
    return ws;
  };
  /** Event ids seen more than once on a socket (delivery is at least once: ids make it exactly once for a client). */
  const duplicateIds = (ws) => {
    const seen = new Set();
    return ws.messages.filter((m) => m.id && (seen.has(m.id) || !seen.add(m.id))).map((m) => `${m.type} ${m.id}`);
  };
  // Longer than the bus's outbox poll (events/event_bus.hpp, poll_ms 1 s): a second delivery of
  // the same event, by Redis and by replica 2 picking it up from the shared outbox, would show.
  const QUIET_MS = 1200;

  test('a resource created through replica 1 reaches replica 2 as resource.created with an event id, exactly once', async () => {
    const a = await registerOwner(r1, { prefix: 'rep-res-a' });
    const b = await registerOwner(r1, { prefix: 'rep-res-b' });
    const account = await connectAndSync(a.api, { scenario: 'startup', seed: 16, resourceCount: 3 }, { name: 'Replicated' });
    const wsA = await socket(r2, a);
    const wsB = await socket(r2, b);

    const r = assertOk(await a.api.post('resources', { name: 'rep-vm', type: 'server', providerId: account.id, region: 'us-east-1' }), 201);
    const created = await wsA.next((m) => m.type === 'resource.created' && m.data.id === r.id, 5000);
    assert.match(created.id, /^evt_/, JSON.stringify(created));
    assert.equal(created.data.name, 'rep-vm');
    assert.equal(created.data.providerId, account.id);
    // The follow-up (provisioning → running, written by replica 1's job) crosses too.
    const running = await wsA.next((m) => m.type === 'resource.updated' && m.data.id === r.id && m.data.status === 'running', 20000);
    assert.match(running.id, /^evt_/);
    assert.notEqual(running.id, created.id);

    await sleep(QUIET_MS);
    const again = wsA.messages.filter((m) => m.type === 'resource.created' && m.data?.id === r.id);
    assert.deepEqual(again, [], 'resource.created delivered twice on replica 2');
    assert.ok(!wsA.messages.some((m) => m.id === created.id || m.id === running.id), 'an event id came twice');
    assert.deepEqual(duplicateIds(wsA), []);
    assert.deepEqual(wsB.messages, [], 'another organization’s socket on replica 2 got events');
    assert.deepEqual(wsA.contractProblems, []);
  });

  test('an in-app channel test through replica 1 reaches the caller’s own socket on replica 2, and only it', async () => {
    const u = await registerOwner(r1, { prefix: 'rep-note-u' });
    const colleague = await addMember(r1, u.api, 'admin', { prefix: 'rep-note-colleague' });
    const other = await registerOwner(r1, { prefix: 'rep-note-other' });
    const wsU = await socket(r2, u);
    const wsColleague = await socket(r2, colleague);
    const wsOther = await socket(r2, other);

    const channel = assertOk(await u.api.post('notification-channels', { name: 'Center', type: 'in_app', config: {} }), 201);
    assert.deepEqual(assertOk(await u.api.post(`notification-channels/${channel.id}/test`)), { delivered: true });
    const live = await wsU.next('notification', 5000);
    assert.match(live.id, /^evt_/, JSON.stringify(live));
    // The center (read through replica 2) holds the notification the event carried.
    const center = assertOk(await r2.api({ token: u.accessToken }).get('notifications?limit=10'));
    assert.deepEqual(center.map((n) => n.id), [live.data.id]);
    assert.deepEqual(live.data, center[0]);

    await sleep(QUIET_MS);
    assert.ok(!wsU.messages.some((m) => m.type === 'notification'), `the notification came twice: ${JSON.stringify(wsU.messages)}`);
    assert.deepEqual(duplicateIds(wsU), []);
    assert.ok(!wsColleague.messages.some((m) => m.type === 'notification'), 'a colleague got the caller’s test notification');
    assert.deepEqual(wsOther.messages, [], 'another organization’s socket on replica 2 got events');
    assert.deepEqual(wsU.contractProblems, []);
  });
});

describe('rate limit shared through Redis', { skip }, () => {
  let r1, r2;
  before(async () => {
    r1 = await startServer({ env: { CLOUDWEAVE_RATE_LIMIT: '20' } });
    r2 = await startServer({ shareWith: r1, env: { CLOUDWEAVE_RATE_LIMIT: '20' } });
  });
  after(async () => {
    await r2?.stop();
    await r1?.stop();
  });

  test('requests spread over two replicas share one budget', async () => {
    let passed = 0;
    let limited = 0;
    for (let i = 0; i < 40; i++) {
      const srv = i % 2 ? r2 : r1;
      const res = await srv.api().get('/api/v1/auth/me');
      if (res.status === 429) limited++;
      else passed++;
    }
    assert.ok(limited > 0, 'no 429 at all');
    assert.ok(passed <= 26, `${passed} of 40 passed at 20/min over two replicas: the limit is not shared`);
  });
});

describe('periodic tasks across replicas', { skip }, () => {
  test('the sync scheduler runs once per period in the cluster, not once per replica', async () => {
    const env = { CLOUDWEAVE_SYNC_SCHEDULER_SECONDS: '1' };
    const a = await startServer({ env });
    const b = await startServer({ env, shareWith: a });
    try {
      const runs = async (srv) => {
        const text = (await srv.api().get('/metrics', { validate: false })).text;
        const m = /cloudweave_periodic_task_runs_total\{task="inventory\.schedule_syncs"\} (\d+)/.exec(text);
        return m ? Number(m[1]) : 0;
      };
      const before = (await runs(a)) + (await runs(b));
      const started = Date.now();
      await sleep(6000);  // a rate: about six one-second periods
      const periods = (Date.now() - started) / 1000;
      const [ra, rb] = [await runs(a), await runs(b)];
      const ran = ra + rb - before;
      assert.ok(ran >= periods - 2 && ran <= periods + 2, `${ran} runs in ${periods.toFixed(1)} s across two replicas (a ${ra}, b ${rb}); twice that would mean once per replica`);
    } finally {
      await b.stop();
      await a.stop();
    }
  });
});
