// Demo mode: POST/GET/DELETE /demo — loading a scenario connects a demo-flagged simulated
// account, syncs it before answering and sets demo mode (/auth/me, onboarding); clearing
// removes demo rows only, leaving the organization's own accounts and resources untouched.
// Every scenario has demo-web-server-1 and demo-database-1. RBAC, isolation, audit, events.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertError, assertOk } from '../lib/http.mjs';
import { WsClient } from '../lib/ws.mjs';
import { registerOwner, addMember, sleep } from '../lib/fixtures.mjs';
import { connectAndSync, listAll, waitForStatus } from '../lib/inventory.mjs';

const SCENARIOS = ['startup', 'enterprise', 'devops', 'multicloud'];

describe('demo mode', () => {
  let srv, owner, operator, viewer, b;
  const sockets = [];
  before(async () => {
    srv = await startServer();
    owner = await registerOwner(srv, { prefix: 'demo-a', organizationName: 'Demo A' });
    operator = await addMember(srv, owner.api, 'operator');
    viewer = await addMember(srv, owner.api, 'viewer');
    b = await registerOwner(srv, { prefix: 'demo-b', organizationName: 'Demo B' });
  });
  after(async () => {
    for (const s of sockets) s.terminate();
    await srv?.stop();
  });

  /** The organization's own (non-demo) estate, for before/after comparisons. */
  async function ownEstate(api) {
    const accounts = assertOk(await api.get('providers'))
      .filter((a) => !a.isDemo)
      .map(({ id, name, status, resourceCount, isDemo }) => ({ id, name, status, resourceCount, isDemo }))
      .sort((x, y) => (x.id < y.id ? -1 : 1));
    const resources = (await listAll(api, 'sort=name'))
      .items.filter((r) => !r.isDemo)
      .map(({ id, name, type, status, tags, providerId, isDemo }) => ({ id, name, type, status, tags, providerId, isDemo }));
    return { accounts, resources };
  }

  test('before anything is loaded: not in demo mode', async () => {
    assert.deepEqual(assertOk(await owner.api.get('demo')), { isDemo: false, scenario: null, loadedAt: null });
    const me = assertOk(await owner.api.get('auth/me'));
    assert.equal(me.demoMode, false);
    assert.equal(me.demoScenario, null);
  });

  test('load → demo account and resources flagged isDemo, demo mode on; clear → only real data left, unchanged', async () => {
    const real = await connectAndSync(owner.api, { scenario: 'startup', seed: 41, resourceCount: 12 }, { name: 'My real cloud' });
    const mine = assertOk(await owner.api.post('resources', { name: 'my-own-vm', type: 'server', providerId: real.id, region: 'us-east-1', tags: { owner: 'me' } }), 201);
    await waitForStatus(owner.api, mine.id, 'running');
    const before = await ownEstate(owner.api);
    assert.equal(before.resources.length, 13);

    const t0 = Date.now();
    const loaded = assertOk(await owner.api.post('demo', { scenario: 'startup' }), 201);
    assert.equal(loaded.isDemo, true);
    assert.equal(loaded.scenario, 'startup');
    assert.ok(Math.abs(Date.parse(loaded.loadedAt) - t0) < 60000);
    assert.ok(loaded.resources >= 2);
    assert.deepEqual(assertOk(await owner.api.get('demo')), { isDemo: true, scenario: 'startup', loadedAt: loaded.loadedAt });

    const demoAccount = assertOk(await owner.api.get(`providers/${loaded.accountId}`));
    assert.equal(demoAccount.isDemo, true);
    assert.equal(demoAccount.provider, 'simulated');
    assert.equal(demoAccount.status, 'connected', 'synced before the response');
    assert.equal(demoAccount.resourceCount, loaded.resources);
    const demoRows = (await listAll(owner.api, `providerId=${loaded.accountId}`)).items;
    assert.equal(demoRows.length, loaded.resources, 'all demo resources are there when POST /demo answers');
    assert.ok(demoRows.every((r) => r.isDemo === true), 'every demo row has isDemo');
    assert.ok(demoRows.some((r) => r.name === 'demo-web-server-1' && r.type === 'server'));
    assert.ok(demoRows.some((r) => r.name === 'demo-database-1' && r.type === 'database'));

    const me = assertOk(await owner.api.get('auth/me'));
    assert.equal(me.demoMode, true);
    assert.equal(me.demoScenario, 'startup');
    const onboarding = assertOk(await owner.api.get('onboarding'));
    assert.equal(onboarding.steps.find((s) => s.id === 'demo-or-real').completed, true);
    assert.deepEqual(await ownEstate(owner.api), before, 'loading demo data leaves real data alone');

    // Loading another scenario replaces the demo, it does not add a second one.
    const devops = assertOk(await owner.api.post('demo', { scenario: 'devops' }), 201);
    assert.notEqual(devops.accountId, loaded.accountId);
    assertError(await owner.api.get(`providers/${loaded.accountId}`), 404, 'NOT_FOUND');
    const demoAccounts = assertOk(await owner.api.get('providers')).filter((a) => a.isDemo);
    assert.deepEqual(demoAccounts.map((a) => a.id), [devops.accountId]);
    assert.equal(assertOk(await owner.api.get('demo')).scenario, 'devops');
    assert.equal((await listAll(owner.api, `providerId=${loaded.accountId}`)).total, 0, 'the old demo rows are gone');

    assertOk(await owner.api.delete('demo'), 204);
    assert.deepEqual(assertOk(await owner.api.get('demo')), { isDemo: false, scenario: null, loadedAt: null });
    const after = await ownEstate(owner.api);
    assert.deepEqual(after, before, 'clearing demo data leaves real data untouched');
    assert.ok(!assertOk(await owner.api.get('providers')).some((a) => a.isDemo), 'no demo account left');
    const everything = (await listAll(owner.api, '')).items;
    assert.ok(!everything.some((r) => r.isDemo), 'no demo resource left');
    assert.equal(everything.length, 13);
    const me2 = assertOk(await owner.api.get('auth/me'));
    assert.equal(me2.demoMode, false);
    assert.equal(me2.demoScenario, null);
    assertOk(await owner.api.get(`resources/${mine.id}`));
    // Clearing again is fine.
    assertOk(await owner.api.delete('demo'), 204);
  });

  for (const scenario of SCENARIOS) {
    test(`scenario ${scenario}: demo-web-server-1 and demo-database-1, every row isDemo`, async () => {
      const loaded = assertOk(await owner.api.post('demo', { scenario }), 201);
      assert.equal(loaded.scenario, scenario);
      const web = assertOk(await owner.api.get('resources?q=demo-web-server-1')).filter((r) => r.isDemo && r.name === 'demo-web-server-1');
      const db = assertOk(await owner.api.get('resources?q=demo-database-1')).filter((r) => r.isDemo && r.name === 'demo-database-1');
      assert.equal(web.length, 1, 'one demo-web-server-1');
      assert.equal(web[0].type, 'server');
      assert.equal(db.length, 1, 'one demo-database-1');
      assert.equal(db[0].type, 'database');
      const demoRes = await owner.api.get(`resources?providerId=${loaded.accountId}&limit=1`);
      assert.equal(demoRes.body.meta.total, loaded.resources);
      const notDemo = await owner.api.get(`resources?providerId=${loaded.accountId}&limit=500`);
      assert.ok(assertOk(notDemo).every((r) => r.isDemo));
      if (scenario === 'multicloud') {
        const s = assertOk(await owner.api.get('resources/summary'));
        for (const p of ['aws', 'azure', 'gcp']) assert.ok(s.byProvider.some((x) => x.value === p), `multicloud has ${p}`);
      }
    });
  }

  test('demo resources go through the same pipeline: they can be changed and acted on', async () => {
    assertOk(await owner.api.post('demo', { scenario: 'startup' }), 201);
    const web = assertOk(await owner.api.get('resources?q=demo-web-server-1')).find((r) => r.isDemo && r.name === 'demo-web-server-1');
    const patched = assertOk(await operator.api.patch(`resources/${web.id}`, { tags: { ...web.tags, demo: 'yes' } }));
    assert.equal(patched.isDemo, true);
    assert.equal(patched.tags.demo, 'yes');
    assertOk(await operator.api.post(`resources/${web.id}/actions/stop`), 202);
    await waitForStatus(owner.api, web.id, 'stopped');
    assertOk(await owner.api.delete('demo'), 204);
    assertError(await owner.api.get(`resources/${web.id}`), 404, 'NOT_FOUND');
  });

  test('scenario validation: missing or unknown → 400', async () => {
    for (const body of [{}, { scenario: 'huge' }, { scenario: 'Startup' }, { scenario: 1 }, { scenario: null }]) {
      const err = assertError(await owner.api.post('demo', body), 400, 'VALIDATION_ERROR');
      assert.ok(err.details.fields.scenario, JSON.stringify(body));
    }
    assertError(await owner.api.post('demo', undefined, { rawBody: 'scenario=startup', headers: { 'Content-Type': 'application/json' } }), 400, 'INVALID_JSON');
    assert.equal(assertOk(await owner.api.get('demo')).isDemo, false);
  });

  test('RBAC: viewers read the demo state but may not load or clear; operators may', async () => {
    assertOk(await viewer.api.get('demo'));
    assertError(await viewer.api.post('demo', { scenario: 'startup' }), 403, 'AUTHORIZATION_ERROR');
    assert.equal(assertOk(await owner.api.get('demo')).isDemo, false, 'a denied load loads nothing');
    assertOk(await operator.api.post('demo', { scenario: 'startup' }), 201);
    assertError(await viewer.api.delete('demo'), 403, 'AUTHORIZATION_ERROR');
    assert.equal(assertOk(await owner.api.get('demo')).isDemo, true, 'a denied clear clears nothing');
    assertOk(await operator.api.delete('demo'), 204);
    assert.equal(assertOk(await owner.api.get('demo')).isDemo, false);
  });

  test('demo state and rows belong to one organization', async () => {
    const loaded = assertOk(await owner.api.post('demo', { scenario: 'startup' }), 201);
    assert.equal(assertOk(await b.api.get('demo')).isDemo, false);
    assert.equal(assertOk(await b.api.get('auth/me')).demoMode, false);
    assert.equal((await b.api.get('resources?limit=1')).body.meta.total, 0);
    assertError(await b.api.get(`providers/${loaded.accountId}`), 404, 'NOT_FOUND');
    assertOk(await b.api.delete('demo'), 204);
    assert.equal(assertOk(await owner.api.get('demo')).isDemo, true, 'B clearing its demo leaves A’s');
    assertOk(await owner.api.get(`providers/${loaded.accountId}`));
    assertOk(await owner.api.delete('demo'), 204);
  });

  test('audit: demo.load with the scenario and demo.clear', async () => {
    const entries = assertOk(await owner.api.get('audit?limit=500'));
    const loads = entries.filter((e) => e.action === 'demo.load' && e.result === 'success');
    const clears = entries.filter((e) => e.action === 'demo.clear' && e.result === 'success');
    assert.ok(loads.length >= 4 && clears.length >= 2);
    assert.ok(loads.some((e) => e.details?.scenario === 'devops'));
    for (const e of [...loads, ...clears]) assert.equal(e.targetType, 'organization');
  });

  test('events: demo sync events in the contract, nothing for B', async () => {
    const wsA = await WsClient.open(srv.url);
    sockets.push(wsA);
    await wsA.auth(owner.accessToken);
    const wsB = await WsClient.open(srv.url);
    sockets.push(wsB);
    await wsB.auth(b.accessToken);
    const loaded = assertOk(await owner.api.post('demo', { scenario: 'startup' }), 201);
    const done = await wsA.next((m) => m.type === 'sync.completed' && m.data.accountId === loaded.accountId);
    assert.equal(done.data.status, 'connected');
    assert.equal(done.data.total, loaded.resources);
    assert.match(done.id, /^evt_/, 'every event carries its id');
    assertOk(await owner.api.delete('demo'), 204);
    await sleep(300);
    assert.deepEqual(wsB.messages, [], 'organization B saw nothing');
    assert.deepEqual(wsA.contractProblems, [], 'every event matches WsServerMessage');
  });
});
