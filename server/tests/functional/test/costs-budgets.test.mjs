// Budgets over HTTP: admins create, change and delete them; everyone sees where each stands
// (spent, the period's forecast, percent used, the thresholds crossed) and its history. Crossing a
// threshold notifies a costAlerts webhook once per period, however often budgets are evaluated.
// The account is a GCP one without a cost source, so only the imported bill counts.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertError, assertOk } from '../lib/http.mjs';
import { addMember, registerOwner, waitFor } from '../lib/fixtures.mjs';
import { startWebhookReceiver } from '../lib/receivers.mjs';
import { gcpServiceAccount } from '../lib/cloud-replay.mjs';

const SECRET = 'budget-hook-secret';
const DAY = 86_400_000;
const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** `perDay` of Compute every day of this month up to yesterday (or today on the 1st). */
function thisMonth(perDay) {
  const now = new Date();
  const first = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
  const last = Math.max(first, Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - DAY);
  let csv = 'BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BilledCost,ServiceName,BillingCurrency\n';
  let total = 0;
  for (let t = first; t <= last; t += DAY) {
    csv += `${iso(first)},${iso(next)},${iso(t)},${iso(t + 3_600_000)},${perDay},Compute,USD\n`;
    total += perDay;
  }
  return { csv, total };
}

describe('budgets', () => {
  let srv, hooks, owner, admin, viewer, other, account;
  async function importBill(csv) {
    const started = assertOk(await owner.api.request('POST', `costs/imports?format=focus&providerId=${account.id}`, {
      rawBody: csv,
      headers: { 'Content-Type': 'text/csv' },
    }), 202);
    const job = await waitFor(async () => {
      const j = assertOk(await owner.api.get(`jobs/${started.jobId}`));
      return ['succeeded', 'dead'].includes(j.state) ? j : null;
    }, { timeoutMs: 30000, what: 'the import job' });
    assert.equal(job.state, 'succeeded', JSON.stringify(job));
  }
  const budgetHooks = () => hooks.received.filter((h) => h.path === '/ok/budgets');

  before(async () => {
    hooks = await startWebhookReceiver(SECRET);
    srv = await startServer();
    owner = await registerOwner(srv, { prefix: 'budgets', organizationName: 'Budget Org' });
    admin = await addMember(srv, owner.api, 'admin');
    viewer = await addMember(srv, owner.api, 'viewer');
    other = await registerOwner(srv, { prefix: 'budgets-other' });
    assertOk(await owner.api.post('notification-channels', {
      name: 'Budget hook', type: 'webhook', config: { url: `${hooks.url}/ok/budgets`, secret: SECRET }, events: ['costAlerts'],
    }), 201);
    const nowhere = 'http://127.0.0.1:9';
    account = assertOk(await owner.api.post('providers', {
      provider: 'gcp',
      name: 'Budgeted bill',
      credentials: { serviceAccountJson: JSON.stringify(gcpServiceAccount().keyFile) },
      endpoints: Object.fromEntries(['oauth2', 'compute', 'storage', 'monitoring', 'resourcemanager'].map((k) => [k, nowhere])),
    }), 201);
  });
  after(async () => {
    await srv?.stop();
    await hooks?.stop();
  });

  test('a threshold crossed by the spend notifies once; the status says where the budget stands', async () => {
    const { csv, total } = thisMonth(100);
    await importBill(csv);
    // 60 % of the amount spent: the 50 % threshold is crossed at creation, the 80 % one not.
    const created = assertOk(await admin.api.post('budgets', {
      name: 'Compute monthly',
      amount: total / 0.6,
      currency: 'USD',
      period: 'monthly',
      filters: { service: 'Compute' },
      thresholds: [{ percent: 50, basis: 'actual' }, { percent: 80, basis: 'actual' }],
    }), 201);
    assert.equal(created.status.spent, total);
    assert.ok(Math.abs(created.status.percentUsed - 60) < 1e-6);
    assert.deepEqual(created.status.crossed.map((c) => [c.basis, c.percent]), [['actual', 50]]);
    assert.equal(created.status.state, 'warning');

    await waitFor(() => budgetHooks().length >= 1, { timeoutMs: 20000, what: 'the budget webhook' });
    const [hook] = budgetHooks();
    assert.ok(hook.verified);
    assert.equal(hook.body.kind, 'costAlerts');
    assert.match(hook.body.title, /^Compute monthly has reached 50% of [\d.]+ USD$/);

    // The same bill again (the job evaluates budgets once more): nothing new.
    await importBill(csv);
    const listed = assertOk(await viewer.api.get('budgets'));
    assert.equal(listed.length, 1);
    assert.equal(listed[0].status.crossed.length, 1);
    // More spend crosses 80 %: one more notification.
    await importBill(thisMonth(140).csv);
    await waitFor(() => budgetHooks().length >= 2, { timeoutMs: 20000, what: 'the second budget webhook' });
    assert.match(budgetHooks()[1].body.title, /has reached 80% of/);
    const detail = assertOk(await viewer.api.get(`budgets/${created.id}`));
    assert.equal(detail.history.crossings.length, 2);
    assert.equal(detail.history.periods.length, 12);
    assert.equal(detail.history.periods.at(-1).spent, detail.status.spent);
    assert.equal(budgetHooks().length, 2);
  });

  test('only admins change budgets; bad input is named; other organizations see nothing', async () => {
    assertError(await viewer.api.post('budgets', { name: 'v', amount: 1 }), 403, 'AUTHORIZATION_ERROR');
    const bad = assertError(await admin.api.post('budgets', { name: 'bad', amount: 10, thresholds: [{ percent: 2000 }] }), 400, 'VALIDATION_ERROR');
    assert.match(bad.details.fields.thresholds, /1 to 1000/);
    assertError(await admin.api.post('budgets', { name: 'bad', amount: 10, period: 'weekly' }), 400, 'VALIDATION_ERROR');
    assertError(await admin.api.post('budgets', { name: 'bad', amount: 10, filters: { tag: 'nocolon' } }), 400, 'VALIDATION_ERROR');
    assertError(await admin.api.post('budgets', { name: 'Compute monthly', amount: 10 }), 409, 'CONFLICT');
    const q = assertOk(await admin.api.post('budgets', { name: 'Quarter', amount: 1e9, period: 'quarterly' }), 201);
    assert.equal(q.thresholds.length, 4, 'default thresholds');
    assert.equal(assertOk(await admin.api.patch(`budgets/${q.id}`, { amount: 2e9 })).amount, 2e9);
    assertError(await admin.api.patch(`budgets/${q.id}`, { amount: 0 }), 400, 'VALIDATION_ERROR');
    assertError(await other.api.get(`budgets/${q.id}`), 404, 'NOT_FOUND');
    assertError(await other.api.patch(`budgets/${q.id}`, { amount: 1 }), 404, 'NOT_FOUND');
    assertError(await other.api.delete(`budgets/${q.id}`), 404, 'NOT_FOUND');
    assert.deepEqual(assertOk(await other.api.get('budgets')), []);
    assertOk(await admin.api.delete(`budgets/${q.id}`), 204);
    assertError(await viewer.api.get(`budgets/${q.id}`), 404, 'NOT_FOUND');
    const audit = assertOk(await owner.api.get('audit?action=budgets.delete'));
    assert.equal(audit[0].targetId, q.id);
  });
});
