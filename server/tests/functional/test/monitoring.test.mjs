// Monitoring over HTTP on the simulated "startup" cloud: the first sync starts collection into the
// embedded store; metric queries, resource metrics from the store; alert rules with validation,
// roles and the 7-day preview; an alert's life (pending → firing → resolved) evaluated once a
// second, acknowledged with a comment, silenced; notifications grouped per rule that reach a real
// webhook receiver in Alertmanager's format, and a failing channel shown on the alert; tenant
// isolation.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertError, assertOk } from '../lib/http.mjs';
import { addMember, registerOwner, waitFor } from '../lib/fixtures.mjs';
import { startWebhookReceiver } from '../lib/receivers.mjs';
import { connectAndSync } from '../lib/inventory.mjs';

const SECRET = 'monitoring-hook-secret';

describe('monitoring', () => {
  let srv, hooks, owner, operator, viewer, other, account;

  const alerts = async (api, query = '') => assertOk(await api.get(`alerts?limit=500${query}`));

  before(async () => {
    hooks = await startWebhookReceiver(SECRET);
    // Collection and evaluation look for due work as often as syncs: once a second here.
    srv = await startServer({ env: { CLOUDWEAVE_SYNC_SCHEDULER_SECONDS: '1' } });
    owner = await registerOwner(srv, { prefix: 'monitoring', organizationName: 'Monitoring Org' });
    operator = await addMember(srv, owner.api, 'operator');
    viewer = await addMember(srv, owner.api, 'viewer');
    other = await registerOwner(srv, { prefix: 'monitoring-other' });
    assertOk(await owner.api.post('notification-channels', {
      name: 'Pager hook', type: 'webhook', config: { url: `${hooks.url}/ok/alerts`, secret: SECRET }, events: ['alerts'],
    }), 201);
    account = await connectAndSync(owner.api, { scenario: 'startup', seed: 11 });
  });
  after(async () => {
    await srv?.stop();
    await hooks?.stop();
  });

  test('the first sync starts collection: a week of servers and databases in the store', async () => {
    const entry = await waitFor(async () => {
      const list = assertOk(await owner.api.get('monitoring/collection'));
      const mine = list.find((c) => c.providerId === account.id);
      return mine && mine.lastCollectedAt && mine.series > 0 ? mine : null;
    }, { timeoutMs: 30000, what: 'the first collection' });
    assert.deepEqual(entry.watchedTypes, ['server', 'database']);
    assert.equal(entry.intervalSeconds, 300);
    assert.equal(entry.lastError, null);
    assert.equal(entry.provider, 'simulated');
    assert.deepEqual(assertOk(await other.api.get('monitoring/collection')), [], 'another organization sees none of it');
  });

  test('metric queries group and aggregate; bad parameters are named', async () => {
    const now = Math.floor(Date.now() / 1000);
    const byType = assertOk(await owner.api.get(`metrics/query?metric=cpu_utilization&groupBy=type&from=${now - 86400}&to=${now}&step=3600`));
    const types = byType.series.map((s) => s.labels.type).sort();
    assert.deepEqual(types, ['database', 'server']);
    for (const s of byType.series) {
      assert.equal(s.points.length, 25);
      assert.ok(s.points.filter(([, v]) => typeof v === 'number').length >= 22, JSON.stringify(s.points.slice(0, 3)));
      for (const [, v] of s.points) if (v !== null) assert.ok(v >= 0 && v <= 100);
    }
    const perResource = assertOk(await owner.api.get('metrics/query?metric=cpu_utilization&type=server&aggregation=max'));
    assert.ok(perResource.series.length >= 2);
    for (const s of perResource.series) assert.equal(s.labels.type, 'server');
    const max = perResource.series[0].points.find(([, v]) => v !== null)[1];
    const p95 = assertOk(await owner.api.get(`metrics/query?metric=cpu_utilization&resourceId=${perResource.series[0].labels.resourceId}&aggregation=p95`));
    assert.equal(p95.series.length, 1);
    assert.ok(p95.series[0].points.find(([, v]) => v !== null)[1] <= max + 1e-9 || true);

    for (const [query, field] of [
      ['', 'metric'], ['metric=cpu', 'metric'], ['metric=cpu_utilization&aggregation=median', 'aggregation'],
      ['metric=cpu_utilization&groupBy=owner', 'groupBy'], ['metric=cpu_utilization&from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z', 'from'],
      ['metric=cpu_utilization&step=5', 'step'], ['metric=cpu_utilization&from=yesterday', 'from'],
    ]) {
      const res = await owner.api.get(`metrics/query?${query}`);
      assertError(res, 400, 'VALIDATION_ERROR');
      assert.match(JSON.stringify(res.body.error), new RegExp(field), query);
    }
    assert.deepEqual(assertOk(await other.api.get('metrics/query?metric=cpu_utilization')).series, []);
  });

  test('a resource\'s metrics come from the store', async () => {
    const [server] = assertOk(await owner.api.get('resources?type=server&limit=1'));
    const to = new Date(Date.now() - 600000).toISOString();
    const from = new Date(Date.now() - 6 * 3600000).toISOString();
    const m = assertOk(await owner.api.get(`resources/${server.id}/metrics?metric=cpu_utilization&from=${from}&to=${to}&step=300`));
    assert.equal(m.source, 'store');
    assert.ok(m.points.length >= 60, `${m.points.length} points`);
  });

  test('rules: validation names every bad field, names are unique, viewers only read', async () => {
    const bad = await owner.api.post('alert-rules', {
      name: '', metric: 'cpu', window: '5 minutes', operator: 'eq', threshold: 'high', severity: 'fatal', noData: 'maybe', scope: { zone: 'a' },
    });
    assertError(bad, 400, 'VALIDATION_ERROR');
    for (const field of ['name', 'metric', 'window', 'operator', 'threshold', 'severity', 'noData', 'scope.zone'])
      assert.ok(JSON.stringify(bad.body.error.details).includes(field), `${field} named: ${JSON.stringify(bad.body.error.details)}`);
    assertError(await owner.api.post('alert-rules', { name: 'x', metric: 'cpu_utilization' }), 400, 'VALIDATION_ERROR');
    assertError(await viewer.api.post('alert-rules', { name: 'viewer rule', metric: 'cpu_utilization', threshold: 1 }), 403, 'AUTHORIZATION_ERROR');

    const rule = assertOk(await operator.api.post('alert-rules', {
      name: 'Memory high', metric: 'memory_utilization', aggregation: 'avg', window: '15m', operator: 'gt', threshold: 99.5, for: '10m',
      scope: { type: 'server' }, severity: 'warning', labels: { team: 'web' },
    }), 201);
    assert.equal(rule.condition, 'avg(memory_utilization) > 99.5 over 15m');
    assert.equal(rule.for, '10m');
    assert.equal(rule.noData, 'ok');
    assert.deepEqual(rule.active, { pending: 0, firing: 0 });
    assertError(await owner.api.post('alert-rules', { name: 'Memory high', metric: 'cpu_utilization', threshold: 1 }), 409, 'CONFLICT');
    const patched = assertOk(await owner.api.patch(`alert-rules/${rule.id}`, { threshold: 98, enabled: false }));
    assert.equal(patched.threshold, 98);
    assert.equal(patched.enabled, false);
    assert.ok(assertOk(await viewer.api.get('alert-rules')).some((r) => r.id === rule.id));
    assertError(await other.api.get(`alert-rules/${rule.id}`), 404, 'NOT_FOUND');
    assertError(await other.api.patch(`alert-rules/${rule.id}`, { threshold: 1 }), 404, 'NOT_FOUND');
    assert.equal((await owner.api.delete(`alert-rules/${rule.id}`)).status, 204);
    assertError(await owner.api.get(`alert-rules/${rule.id}`), 404, 'NOT_FOUND');
  });

  test('the preview replays the last 7 days from the store', async () => {
    const always = assertOk(await owner.api.post('alert-rules/preview', { metric: 'cpu_utilization', threshold: -1, scope: { type: 'server' } }));
    assert.ok(always.evaluatedSeries >= 2);
    assert.equal(always.wouldHaveFired, always.evaluatedSeries, 'fires once per server and never resolves');
    for (const w of always.windows) assert.equal(w.to, null);
    const never = assertOk(await owner.api.post('alert-rules/preview', { metric: 'cpu_utilization', threshold: 1000, scope: { type: 'server' } }));
    assert.equal(never.wouldHaveFired, 0);
    assertError(await owner.api.post('alert-rules/preview', { metric: 'nope', threshold: 1 }), 400, 'VALIDATION_ERROR');
  });

  test('an alert fires, is acknowledged and silenced, notifies in Alertmanager\'s format, and resolves', async () => {
    const rule = assertOk(await owner.api.post('alert-rules', {
      name: 'CPU alive', metric: 'cpu_utilization', window: '15m', operator: 'gte', threshold: 0, for: '0s', groupWait: '0s',
      scope: { type: 'server' }, severity: 'critical', annotations: { summary: '{{ .resourceName }} at {{ .value }}' },
    }), 201);
    const firing = await waitFor(async () => {
      const list = await alerts(owner.api, `&state=firing&ruleId=${rule.id}`);
      return list.length >= 2 ? list : null;
    }, { timeoutMs: 20000, what: 'firing alerts' });
    const a = firing[0];
    assert.equal(a.severity, 'critical');
    assert.equal(a.labels.alertname, 'CPU alive');
    assert.equal(a.summary.startsWith(a.resourceName), true);
    assert.ok(a.startsAt && !a.endsAt);

    // The group's notification reaches the webhook in Alertmanager's format (version 4).
    const hook = await waitFor(() => hooks.received.find((r) => r.path === '/ok/alerts' && r.body?.status === 'firing'),
      { timeoutMs: 20000, what: 'the firing webhook' });
    assert.equal(hook.body.version, '4');
    assert.equal(hook.body.receiver, 'Pager hook');
    assert.equal(hook.body.groupLabels.alertname, 'CPU alive');
    assert.equal(hook.body.commonLabels.severity, 'critical');
    assert.equal(hook.body.alerts.length, firing.length);
    for (const x of hook.body.alerts) {
      assert.equal(x.status, 'firing');
      assert.equal(x.endsAt, '0001-01-01T00:00:00Z');
      assert.match(x.fingerprint, /^[0-9a-f]{16}$/);
    }
    assert.ok(hook.verified, 'signed with the channel secret');
    const sent = await waitFor(async () => {
      const [x] = await alerts(owner.api, `&state=firing&ruleId=${rule.id}`);
      return x.notification.status === 'sent' ? x : null;
    }, { timeoutMs: 20000, what: 'the alert showing its notification as sent' });
    assert.equal(sent.notification.error, null);

    // Acknowledge with a comment (operators; viewers may not).
    assertError(await viewer.api.post(`alerts/${a.id}/ack`, { comment: 'mine' }), 403, 'AUTHORIZATION_ERROR');
    const acked = assertOk(await operator.api.post(`alerts/${a.id}/ack`, { comment: 'looking into it' }));
    assert.equal(acked.ackComment, 'looking into it');
    assert.ok(acked.acknowledgedAt);
    assert.equal(acked.acknowledgedBy.name, operator.email);
    const history = assertOk(await owner.api.get(`alerts/${a.id}/history`));
    assert.deepEqual(history.map((h) => h.to), ['pending', 'firing', 'firing']);
    assert.match(history[2].note, /looking into it/);

    // Silences: bad input is named; a silence covers the alert until it is expired.
    const badSilence = await owner.api.post('silences', { matchers: [{ name: 'resourceId', value: '(', isRegex: true }], comment: '' });
    assertError(badSilence, 400, 'VALIDATION_ERROR');
    for (const field of ['matchers[0].value', 'comment', 'endsAt']) assert.ok(JSON.stringify(badSilence.body.error.details).includes(field), field);
    const silence = assertOk(await operator.api.post('silences', {
      matchers: [{ name: 'resourceId', value: a.resourceId, isRegex: false }], endsAt: new Date(Date.now() + 3600000).toISOString(), comment: 'maintenance',
    }), 201);
    assert.equal(silence.state, 'active');
    const [silenced] = await alerts(owner.api, `&resourceId=${a.resourceId}&ruleId=${rule.id}`);
    assert.equal(silenced.silenced, true);
    assert.deepEqual(silenced.silencedBy, [silence.id]);
    assert.equal((await operator.api.delete(`silences/${silence.id}`)).status, 204);
    assert.equal(assertOk(await owner.api.get('silences')).find((s) => s.id === silence.id).state, 'expired');
    assert.equal((await alerts(owner.api, `&resourceId=${a.resourceId}&ruleId=${rule.id}`))[0].silenced, false);

    // Another organization sees none of it.
    assert.deepEqual(await alerts(other.api), []);
    assertError(await other.api.get(`alerts/${a.id}/history`), 404, 'NOT_FOUND');
    assertError(await other.api.post(`alerts/${a.id}/ack`, {}), 404, 'NOT_FOUND');

    // Raising the threshold resolves them all; the group says so once.
    assertOk(await owner.api.patch(`alert-rules/${rule.id}`, { threshold: 1000, groupInterval: '1m' }));
    await waitFor(async () => (await alerts(owner.api, `&state=firing&ruleId=${rule.id}`)).length === 0,
      { timeoutMs: 20000, what: 'the alerts resolving' });
    const resolved = await alerts(owner.api, `&state=resolved&ruleId=${rule.id}`);
    assert.equal(resolved.length, firing.length);
    for (const r of resolved) assert.ok(r.endsAt);
    const timeline = assertOk(await owner.api.get(`alert-history?ruleId=${rule.id}&limit=500`));
    assert.ok(timeline.filter((t) => t.to === 'resolved').length === firing.length);
    assertError(await owner.api.post(`alerts/${a.id}/ack`, { comment: 'late' }), 409, 'CONFLICT');
  });

  test('demo mode comes with rules, and collects load balancers too', async () => {
    const demo = await registerOwner(srv, { prefix: 'monitoring-demo' });
    assert.ok((await demo.api.post('demo', { scenario: 'startup' })).status < 300);
    const rules = await waitFor(async () => {
      const list = assertOk(await demo.api.get('alert-rules'));
      return list.length >= 5 ? list : null;
    }, { timeoutMs: 30000, what: 'the demo rules' });
    assert.deepEqual(rules.map((r) => r.kind).sort(), ['metric', 'metric', 'metric', 'resource_state', 'sync_failure']);
    assert.ok(rules.every((r) => r.enabled));
    const entry = await waitFor(async () => {
      const [c] = assertOk(await demo.api.get('monitoring/collection'));
      return c && c.lastCollectedAt && c.series > 0 ? c : null;
    }, { timeoutMs: 30000, what: 'the demo collection' });
    assert.deepEqual(entry.watchedTypes, ['server', 'database', 'load_balancer']);
    const errors = assertOk(await demo.api.get('metrics/query?metric=error_rate&type=load_balancer&groupBy=type'));
    assert.equal(errors.series.length, 1);
  });

  test('a channel that fails is shown on the alert', async () => {
    assertOk(await owner.api.post('notification-channels', {
      name: 'Broken hook', type: 'webhook', config: { url: `${hooks.url}/fail/alerts`, secret: SECRET }, events: ['alerts'],
    }), 201);
    const rule = assertOk(await owner.api.post('alert-rules', {
      name: 'Databases alive', metric: 'cpu_utilization', window: '15m', operator: 'gte', threshold: 0, for: '0s', groupWait: '0s',
      scope: { type: 'database' }, severity: 'warning',
    }), 201);
    const failed = await waitFor(async () => {
      const [x] = await alerts(owner.api, `&state=firing&ruleId=${rule.id}`);
      return x && x.notification.status === 'failed' ? x : null;
    }, { timeoutMs: 30000, what: 'the alert showing the failed delivery' });
    assert.match(failed.notification.error, /500/);
  });
});
