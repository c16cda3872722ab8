// Monitoring with its samples in Prometheus (CLOUDWEAVE_METRICS_URL), the scale-out backend:
// Debian's prometheus started by scripts/emulators/prometheus with its remote-write receiver on.
// The first sync of the simulated cloud starts collection; the week it reaches back lands in
// Prometheus (seen with PromQL there), and metric queries, a resource's metrics, the rule
// preview and a firing alert all read it back through the query API.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertOk } from '../lib/http.mjs';
import { registerOwner, waitFor } from '../lib/fixtures.mjs';
import { connectAndSync } from '../lib/inventory.mjs';
import { startEmulator } from '../lib/emulators.mjs';

describe('monitoring on Prometheus', () => {
  let prometheus, promUrl, srv, owner, account;

  const promql = async (query) => {
    const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(query)}`);
    const body = await res.json();
    assert.equal(body.status, 'success', JSON.stringify(body));
    return body.data.result;
  };

  before(async () => {
    prometheus = await startEmulator('prometheus');
    promUrl = prometheus.env.CLOUDWEAVE_TEST_PROMETHEUS_URL;
    srv = await startServer({ env: { CLOUDWEAVE_SYNC_SCHEDULER_SECONDS: '1', CLOUDWEAVE_METRICS_URL: promUrl } });
    owner = await registerOwner(srv, { prefix: 'monitoring-prom' });
    account = await connectAndSync(owner.api, { scenario: 'startup', seed: 11 });
    await waitFor(async () => {
      const mine = assertOk(await owner.api.get('monitoring/collection')).find((c) => c.providerId === account.id);
      return mine && mine.lastCollectedAt && mine.series > 0 ? mine : null;
    }, { timeoutMs: 30000, what: 'the first collection' });
  });
  after(async () => {
    await srv?.stop();
    await prometheus?.stop();
  });

  test('the collected week is in Prometheus, labelled with organization, account and resource', async () => {
    const [server] = assertOk(await owner.api.get('resources?type=server&limit=1'));
    const series = await promql(`count_over_time(cloudweave_cpu_utilization{resource="${server.id}"}[8d])`);
    assert.equal(series.length, 1);
    assert.equal(series[0].metric.organization, owner.organization.id);
    assert.equal(series[0].metric.account, account.id);
    // A week of 5-minute samples (the first collection reaches 7 days back).
    assert.ok(Number(series[0].value[1]) >= 7 * 288 - 2, `samples: ${series[0].value[1]}`);
  });

  test('queries, a resource\'s metrics and the rule preview read it back', async () => {
    const now = Math.floor(Date.now() / 1000);
    const byType = assertOk(await owner.api.get(`metrics/query?metric=cpu_utilization&groupBy=type&from=${now - 86400}&to=${now}&step=3600`));
    assert.deepEqual(byType.series.map((s) => s.labels.type).sort(), ['database', 'server']);
    for (const s of byType.series) {
      assert.equal(s.points.length, 25);
      assert.ok(s.points.filter(([, v]) => typeof v === 'number').length >= 22, JSON.stringify(s.points.slice(0, 3)));
      for (const [, v] of s.points) if (v !== null) assert.ok(v >= 0 && v <= 100);
    }
    const p95 = assertOk(await owner.api.get(`metrics/query?metric=cpu_utilization&type=server&aggregation=p95&from=${now - 86400}&to=${now}&step=3600`));
    assert.ok(p95.series.length >= 2);

    const [server] = assertOk(await owner.api.get('resources?type=server&limit=1'));
    const to = new Date(Date.now() - 600000).toISOString();
    const from = new Date(Date.now() - 6 * 3600000).toISOString();
    const m = assertOk(await owner.api.get(`resources/${server.id}/metrics?metric=cpu_utilization&from=${from}&to=${to}&step=300`));
    assert.equal(m.source, 'store');
    assert.ok(m.points.length >= 60, `${m.points.length} points`);

    const always = assertOk(await owner.api.post('alert-rules/preview', { metric: 'cpu_utilization', threshold: -1, scope: { type: 'server' } }));
    assert.ok(always.evaluatedSeries >= 2);
    assert.equal(always.wouldHaveFired, always.evaluatedSeries);
  });

  test('a rule evaluated on Prometheus data fires', async () => {
    const rule = assertOk(await owner.api.post('alert-rules', {
      name: 'Any CPU', metric: 'cpu_utilization', aggregation: 'max', window: '15m', operator: 'gt', threshold: -1,
      scope: { type: 'server' }, severity: 'warning',
    }), 201);
    const firing = await waitFor(async () => {
      const list = assertOk(await owner.api.get(`alerts?limit=100&ruleId=${rule.id}`));
      return list.filter((a) => a.state === 'firing').length >= 2 ? list : null;
    }, { timeoutMs: 30000, what: 'alerts firing' });
    assert.ok(firing.every((a) => a.ruleId === rule.id));
  });
});
