// Cost anomalies over HTTP: a bill whose last weeks are steady but for one day, two days ago,
// when one resource in another region cost 400 more. The import's job detects it per service and
// per account, names what drove it, announces it once to a costAlerts webhook, and a dismissal
// (with a reason, by an operator) sticks. The account is a GCP one without a cost source, so no
// collection writes over the imported bill.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertError, assertOk } from '../lib/http.mjs';
import { addMember, registerOwner, waitFor } from '../lib/fixtures.mjs';
import { startWebhookReceiver } from '../lib/receivers.mjs';
import { gcpServiceAccount } from '../lib/cloud-replay.mjs';

const SECRET = 'anomaly-hook-secret';
const DAY = 86_400_000;
const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
const dayOf = (ms) => new Date(ms).toISOString().slice(0, 10);

/** 88 days up to yesterday: Compute 100 a day (60 on Sundays and Mondays), Storage 20, and the spike. */
function bill(spikeDay) {
  const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
  let csv = 'BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BilledCost,ServiceName,RegionId,ResourceId,BillingCurrency\n';
  for (let t = today - 88 * DAY; t < today; t += DAY) {
    const d = new Date(t);
    const start = iso(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
    const end = iso(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
    const row = (cost, service, region, resource) => `${start},${end},${iso(t)},${iso(t + 3_600_000)},${cost},${service},${region},${resource},USD\n`;
    const quiet = d.getUTCDay() === 0 || d.getUTCDay() === 1;
    csv += row((quiet ? 60 : 100) + ((t / DAY) % 3), 'Compute', 'us-east-1', 'vm-1');
    csv += row(20, 'Storage', 'us-east-1', 'disk-1');
    if (dayOf(t) === spikeDay) csv += row(400, 'Compute', 'us-west-2', 'vm-2');
  }
  return csv;
}

describe('cost anomalies', () => {
  let srv, hooks, owner, operator, viewer, other, account;
  const spikeDay = dayOf(Date.now() - 2 * DAY);
  before(async () => {
    hooks = await startWebhookReceiver(SECRET);
    srv = await startServer();
    owner = await registerOwner(srv, { prefix: 'anomalies', organizationName: 'Anomaly Org' });
    operator = await addMember(srv, owner.api, 'operator');
    viewer = await addMember(srv, owner.api, 'viewer');
    other = await registerOwner(srv, { prefix: 'anomalies-other' });
    assertOk(await owner.api.post('notification-channels', {
      name: 'Cost hook', type: 'webhook', config: { url: `${hooks.url}/ok/costs`, secret: SECRET }, events: ['costAlerts'],
    }), 201);
    const nowhere = 'http://127.0.0.1:9';
    account = assertOk(await owner.api.post('providers', {
      provider: 'gcp',
      name: 'Imported bill',
      credentials: { serviceAccountJson: JSON.stringify(gcpServiceAccount().keyFile) },
      endpoints: Object.fromEntries(['oauth2', 'compute', 'storage', 'monitoring', 'resourcemanager'].map((k) => [k, nowhere])),
    }), 201);
    const started = assertOk(await owner.api.request('POST', `costs/imports?format=focus&providerId=${account.id}`, {
      rawBody: bill(spikeDay),
      headers: { 'Content-Type': 'text/csv' },
    }), 202);
    const imp = await waitFor(async () => {
      const i = assertOk(await owner.api.get(`costs/imports/${started.importId}`));
      return ['succeeded', 'failed'].includes(i.state) ? i : null;
    }, { timeoutMs: 30000, what: 'the import' });
    assert.equal(imp.state, 'succeeded', JSON.stringify(imp.errors));
  });
  after(async () => {
    await srv?.stop();
    await hooks?.stop();
  });

  test('the spike is found per service and per account, with what drove it', async () => {
    const anomalies = await waitFor(async () => {
      const list = assertOk(await viewer.api.get('costs/anomalies'));
      return list.length >= 2 ? list : null;
    }, { timeoutMs: 30000, what: 'anomalies after the import' });
    assert.equal(anomalies.length, 2, JSON.stringify(anomalies.map((a) => [a.scope, a.date])));
    const byScope = Object.fromEntries(anomalies.map((a) => [a.scope.dimension, a]));
    assert.equal(byScope.service.scope.key, 'Compute');
    assert.equal(byScope.account.scope.key, account.id);
    for (const a of anomalies) {
      assert.equal(a.date, spikeDay);
      assert.equal(a.status, 'open');
      assert.equal(a.currency, 'USD');
      assert.ok(Math.abs(a.impact - 400) < 40, `impact ${a.impact}`);
      assert.ok(a.actual > a.expected);
      const first = (dimension) => a.drivers.find((d) => d.dimension === dimension)?.key;
      assert.equal(first('region'), 'us-west-2');
      assert.equal(first('resource'), 'vm-2');
    }
    assert.equal(byScope.account.drivers.find((d) => d.dimension === 'service').key, 'Compute');
  });

  test('a new anomaly is announced once to the costAlerts channel', async () => {
    await waitFor(() => hooks.received.filter((h) => h.path === '/ok/costs').length >= 2, { timeoutMs: 20000, what: 'two cost webhooks' });
    const costs = hooks.received.filter((h) => h.path === '/ok/costs');
    assert.equal(costs.length, 2, 'one per anomaly (service and account)');
    for (const h of costs) {
      assert.ok(h.verified, 'signed');
      assert.equal(h.body.kind, 'costAlerts');
      assert.match(h.body.title, /^Cost anomaly in (Compute|account Imported bill): \+(3\d\d|4\d\d)\.\d\d USD$/);
    }
    // Importing the same bill again detects the same anomalies: nothing new is announced.
    const again = assertOk(await owner.api.request('POST', `costs/imports?format=focus&providerId=${account.id}`, {
      rawBody: bill(spikeDay),
      headers: { 'Content-Type': 'text/csv' },
    }), 202);
    const job = await waitFor(async () => {
      const j = assertOk(await owner.api.get(`jobs/${again.jobId}`));
      return ['succeeded', 'dead'].includes(j.state) ? j : null;
    }, { timeoutMs: 30000, what: 'the second import' });
    assert.equal(job.state, 'succeeded');
    assert.equal(assertOk(await viewer.api.get('costs/anomalies')).length, 2);
    assert.equal(hooks.received.filter((h) => h.path === '/ok/costs').length, 2);
  });

  test('dismissing takes a reason and an operator; it sticks; filters and tenants', async () => {
    const [first] = assertOk(await viewer.api.get('costs/anomalies?status=open'));
    assertError(await viewer.api.post(`costs/anomalies/${first.id}/dismiss`, { reason: 'x' }), 403, 'AUTHORIZATION_ERROR');
    const noReason = assertError(await operator.api.post(`costs/anomalies/${first.id}/dismiss`, {}), 400, 'VALIDATION_ERROR');
    assert.match(noReason.details.fields.reason, /required/);
    assertError(await other.api.post(`costs/anomalies/${first.id}/dismiss`, { reason: 'mine now' }), 404, 'NOT_FOUND');
    const dismissed = assertOk(await operator.api.post(`costs/anomalies/${first.id}/dismiss`, { reason: 'the planned load test' }));
    assert.equal(dismissed.status, 'dismissed');
    assert.equal(dismissed.dismissedReason, 'the planned load test');
    assert.ok(dismissed.dismissedAt);
    assertError(await operator.api.post(`costs/anomalies/${first.id}/dismiss`, { reason: 'again' }), 409, 'CONFLICT');
    assert.equal(assertOk(await viewer.api.get('costs/anomalies?status=dismissed')).length, 1);
    assert.equal(assertOk(await viewer.api.get('costs/anomalies?status=open')).length, 1);
    assert.equal(assertOk(await viewer.api.get(`costs/anomalies?from=${dayOf(Date.now())}`)).length, 0);
    assertError(await viewer.api.get('costs/anomalies?status=closed'), 400, 'VALIDATION_ERROR');
    assertError(await viewer.api.get('costs/anomalies?from=yesterday'), 400, 'VALIDATION_ERROR');
    assert.deepEqual(assertOk(await other.api.get('costs/anomalies')), []);
    const audit = assertOk(await owner.api.get('audit?action=costs.anomaly.dismiss'));
    assert.equal(audit[0].targetId, first.id);
  });
});
