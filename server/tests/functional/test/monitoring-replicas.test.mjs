// Two replicas (same PostgreSQL and Redis) both running the monitoring tasks every second: the
// collection and the rule evaluation are once-per-cluster periodic tasks, so each rule is
// evaluated once per cycle — an alert per resource, each transition recorded once — whichever
// replica's scheduler won the cycle.
// Needs CLOUDWEAVE_TEST_DATABASE_URL and CLOUDWEAVE_TEST_REDIS_URL (npm run test:services).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertOk } from '../lib/http.mjs';
import { registerOwner, waitFor, sleep } from '../lib/fixtures.mjs';
import { connectAndSync } from '../lib/inventory.mjs';

const services = process.env.CLOUDWEAVE_TEST_DATABASE_URL && process.env.CLOUDWEAVE_TEST_REDIS_URL;
const skip = services ? false : 'needs CLOUDWEAVE_TEST_DATABASE_URL and CLOUDWEAVE_TEST_REDIS_URL';

describe('monitoring on two replicas', { skip }, () => {
  let r1, r2, owner;
  before(async () => {
    const env = { CLOUDWEAVE_SYNC_SCHEDULER_SECONDS: '1' };
    r1 = await startServer({ env });
    r2 = await startServer({ shareWith: r1, env });
    owner = await registerOwner(r1, { prefix: 'mon-replicas' });
    const account = await connectAndSync(owner.api, { scenario: 'startup', seed: 5 });
    await waitFor(async () => {
      const mine = assertOk(await owner.api.get('monitoring/collection')).find((c) => c.providerId === account.id);
      return mine && mine.series > 0 ? mine : null;
    }, { timeoutMs: 30000, what: 'the first collection' });
  });
  after(async () => {
    await r2?.stop();
    await r1?.stop();
  });

  test('each rule is evaluated once per cycle: one alert per resource, each transition once', async () => {
    const servers = assertOk(await owner.api.get('resources?type=server&limit=100'));
    const rule = assertOk(await owner.api.post('alert-rules', {
      name: 'Any CPU on any server', metric: 'cpu_utilization', aggregation: 'max', window: '15m', operator: 'gt',
      threshold: -1, for: '2m', scope: { type: 'server' }, severity: 'warning',
    }), 201);
    const alerts = async () => assertOk(await owner.api.get(`alerts?limit=500&ruleId=${rule.id}`));
    await waitFor(async () => ((await alerts()).length >= servers.length ? true : null),
      { timeoutMs: 30000, what: 'an alert per server' });
    // Several more cycles on both replicas.
    await sleep(4000);
    const list = await alerts();
    assert.equal(list.length, servers.length, 'one alert per resource, not one per replica');
    assert.equal(new Set(list.map((a) => a.resourceId)).size, servers.length);
    for (const a of list) {
      const history = assertOk(await owner.api.get(`alerts/${a.id}/history`));
      const moves = history.map((t) => `${t.from}->${t.to}`);
      assert.equal(new Set(moves).size, moves.length, `a transition recorded twice: ${moves.join(', ')}`);
      assert.ok(moves.includes('inactive->pending'), moves.join(', '));
    }
  });
});
