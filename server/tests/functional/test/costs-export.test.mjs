// Cost exports, per-resource costs and top movers over HTTP, on a simulated account whose
// inventory is synced before its 13 months of costs are collected (so rows link to resources):
// the breakdown CSV matches GET /costs, the FOCUS CSV adds up to the same totals and imports
// back unchanged, a resource's costs are its rows', and another organization exports nothing.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertError, assertOk } from '../lib/http.mjs';
import { addMember, registerOwner, waitFor } from '../lib/fixtures.mjs';
import { connectSimulated, waitForSync } from '../lib/inventory.mjs';
import { parseCsv } from '../lib/csv.mjs';

const close = (actual, expected, what) =>
  assert.ok(Math.abs(actual - expected) <= 1e-6 + 1e-9 * Math.abs(expected), `${what}: ${actual} ≠ ${expected}`);

const costs = async (api, params) => assertOk(await api.get(`costs?${new URLSearchParams(params)}`));

async function exportCsv(api, params) {
  const res = await api.get(`costs/export?${new URLSearchParams(params)}`);
  assert.equal(res.status, 200, res.text);
  assert.match(res.headers['content-type'], /^text\/csv/);
  assert.match(res.headers['content-disposition'], /^attachment; filename="costs-.*\.csv"$/);
  const [header, ...rows] = parseCsv(res.text);
  return { header, rows: rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))), text: res.text };
}

describe('cost exports and per-resource costs', () => {
  let srv, owner, other, account, month;
  before(async () => {
    srv = await startServer({ env: { CLOUDWEAVE_SYNC_SCHEDULER_SECONDS: '1' } });
    owner = await registerOwner(srv, { prefix: 'cost-export', organizationName: 'Export Org' });
    other = await registerOwner(srv, { prefix: 'cost-export-other', organizationName: 'Other Export Org' });
    account = await connectSimulated(owner.api, { scenario: 'startup', seed: 5 });
    await waitForSync(owner.api, account.id);
    // The first collection follows the first sync; the scheduler runs it within seconds.
    await waitFor(async () => {
      const c = assertOk(await owner.api.get('costs/collections')).find((x) => x.providerId === account.id);
      assert.notEqual(c?.state, 'failed', JSON.stringify(c));
      return c?.state === 'succeeded';
    }, { timeoutMs: 60000, intervalMs: 200, what: 'the first collection' });
    const now = new Date();
    const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
    const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    month = { from: first.toISOString().slice(0, 10), to: next.toISOString().slice(0, 10), providerId: account.id };
  });
  after(async () => {
    await srv?.stop();
  });

  test('a breakdown as CSV holds what GET /costs answers, with the previous period beside it', async () => {
    const q = { ...month, groupBy: 'service', granularity: 'weekly' };
    const api = await costs(owner.api, q);
    const { header, rows } = await exportCsv(owner.api, { ...q, format: 'csv' });
    assert.deepEqual(header.slice(0, 2), ['service', 'currency']);
    assert.deepEqual(header.slice(2, -2), api.series[0].points.map((p) => p.date));
    assert.deepEqual(header.slice(-2), ['total', 'previousTotal']);
    assert.equal(rows.length, api.series.length);
    for (const s of api.series) {
      const row = rows.find((r) => r.service === s.key.service);
      assert.ok(row, s.key.service);
      assert.equal(row.currency, api.currency);
      close(Number(row.total), s.total, `${s.key.service} total`);
      close(Number(row.previousTotal), s.previousTotal, `${s.key.service} previous`);
      s.points.forEach((p) => close(Number(row[p.date]), p.amount, `${s.key.service} ${p.date}`));
    }
    // Top movers: the groups whose cost changed most, their change consistent with the series.
    assert.ok(api.movers.length > 0 && api.movers.length <= 5);
    for (const m of api.movers) {
      close(m.change, m.total - m.previousTotal, 'change');
      if (m.previousTotal > 0) close(m.changePercent, (m.change / m.previousTotal) * 100, 'changePercent');
    }
    const sizes = api.movers.map((m) => Math.abs(m.change));
    assert.deepEqual(sizes, [...sizes].sort((a, b) => b - a), 'largest change first');
    close(api.series.reduce((a, s) => a + s.previousTotal, 0), api.previousTotal, 'previous totals add up');
  });

  test('the rows as FOCUS CSV add up to the breakdown and import back to the same costs', async () => {
    const { header, rows, text } = await exportCsv(owner.api, { ...month, format: 'focus' });
    for (const column of ['BilledCost', 'EffectiveCost', 'ChargePeriodStart', 'ServiceName', 'ResourceId', 'Tags'])
      assert.ok(header.includes(column), column);
    const byService = {};
    for (const r of rows) byService[r.ServiceName] = (byService[r.ServiceName] || 0) + Number(r.BilledCost);
    const api = await costs(owner.api, { ...month, groupBy: 'service' });
    assert.equal(Object.keys(byService).length, api.series.length);
    for (const s of api.series) close(byService[s.key.service], s.total, s.key.service);
    assert.ok(rows.every((r) => r.ChargePeriodStart >= month.from && r.ChargePeriodStart < month.to));

    const copy = await connectSimulated(owner.api, { scenario: 'startup', seed: 6 }, { name: 'FOCUS copy' });
    const started = assertOk(await owner.api.request('POST', `costs/imports?format=focus&providerId=${copy.id}`, {
      rawBody: text,
      headers: { 'Content-Type': 'text/csv' },
    }), 202);
    const imp = await waitFor(async () => {
      const i = assertOk(await owner.api.get(`costs/imports/${started.importId}`));
      return ['succeeded', 'failed'].includes(i.state) ? i : null;
    }, { timeoutMs: 60000, intervalMs: 100, what: 'the re-import' });
    assert.equal(imp.state, 'succeeded', JSON.stringify(imp.errors));
    assert.equal(imp.rows, rows.length);
    for (const metric of ['billed', 'effective', 'list']) {
      const a = await costs(owner.api, { ...month, metric });
      const b = await costs(owner.api, { ...month, providerId: copy.id, metric });
      close(b.total, a.total, `${metric} after the round trip`);
    }
  });

  test("a resource's costs: its own rows, per day and forecast, for the resource drawer", async () => {
    const resources = assertOk(await owner.api.get(`resources?providerId=${account.id}&limit=200`));
    const byResource = await costs(owner.api, { ...month, groupBy: 'resource', limit: '1000' });
    const withCost = resources.find((r) => byResource.series.some((s) => s.key.resource === r.externalId && s.total > 0));
    assert.ok(withCost, 'some inventory resource has costs');
    const expected = byResource.series.find((s) => s.key.resource === withCost.externalId).total;
    const own = await costs(owner.api, { ...month, resourceId: withCost.id });
    close(own.total, expected, `the costs of ${withCost.name}`);
    const forecast = assertOk(await owner.api.get(`costs/forecast?resourceId=${withCost.id}&months=1`));
    assert.equal(forecast.currency, own.currency);
    assert.ok(forecast.monthEnd.amount > 0);
    const nothing = await costs(owner.api, { ...month, resourceId: 'res_does_not_exist' });
    assert.equal(nothing.total, 0);
    const mixed = assertError(await owner.api.get(`costs?resourceId=${withCost.id}&tag=env:prod`), 400, 'VALIDATION_ERROR');
    assert.match(mixed.details.fields.resourceId, /tag/);
  });

  test('exports check their parameters; another organization exports nothing of it', async () => {
    assertError(await owner.api.get('costs/export?format=xlsx'), 400, 'VALIDATION_ERROR');
    assertError(await owner.api.get('costs/export?format=csv&granularity=hourly'), 400, 'VALIDATION_ERROR');
    const theirs = await exportCsv(other.api, { from: month.from, to: month.to, format: 'focus' });
    assert.equal(theirs.rows.length, 0);
    const withId = await exportCsv(other.api, { ...month, format: 'focus' });
    assert.equal(withId.rows.length, 0, "naming the other organization's account does not reach its rows");
    const breakdown = await exportCsv(other.api, { ...month, format: 'csv', groupBy: 'service' });
    assert.equal(breakdown.rows.length, 0);
  });

  test('exchange rates: mixed currencies add up in the base only with a rate for each; admins set them', async () => {
    const mixed = await connectSimulated(owner.api, { scenario: 'startup', seed: 9 }, { name: 'Two currencies' });
    const header = 'BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BilledCost,ServiceName,BillingCurrency\n';
    const row = (day, cost, currency) => `2023-03-01T00:00:00Z,2023-04-01T00:00:00Z,2023-03-${day}T00:00:00Z,2023-03-${day}T01:00:00Z,${cost},Compute,${currency}\n`;
    const started = assertOk(await owner.api.request('POST', `costs/imports?format=focus&providerId=${mixed.id}`, {
      rawBody: header + row('01', 10, 'USD') + row('02', 20, 'EUR'),
      headers: { 'Content-Type': 'text/csv' },
    }), 202);
    await waitFor(async () => assertOk(await owner.api.get(`costs/imports/${started.importId}`)).state === 'succeeded', { timeoutMs: 30000, what: 'the import' });
    const march = { from: '2023-03-01', to: '2023-04-01', providerId: mixed.id };

    const refused = assertError(await owner.api.get(`costs?${new URLSearchParams(march)}`), 400, 'VALIDATION_ERROR');
    assert.deepEqual(refused.details.currencies, ['EUR', 'USD']);
    assert.match(refused.message, /exchange rates/);

    const viewer = await addMember(srv, owner.api, 'viewer');
    assertError(await viewer.api.put('costs/exchange-rates', { base: 'USD', rates: { EUR: 1.1 } }), 403, 'AUTHORIZATION_ERROR');
    const bad = assertError(await owner.api.put('costs/exchange-rates', { base: 'USD', rates: { EUR: 0 } }), 400, 'VALIDATION_ERROR');
    assert.match(bad.details.fields.rates, /EUR must be a positive number/);
    const set = assertOk(await owner.api.put('costs/exchange-rates', { base: 'USD', rates: { EUR: 1.1 } }));
    assert.deepEqual(set.rates, { EUR: 1.1 });
    assert.deepEqual(assertOk(await viewer.api.get('costs/exchange-rates')).rates, { EUR: 1.1 });

    const converted = await costs(viewer.api, march);
    assert.equal(converted.currency, 'USD');
    close(converted.total, 10 + 20 * 1.1, 'converted total');
    assert.equal(converted.exchangeRates.base, 'USD');
    const euros = await costs(viewer.api, { ...march, currency: 'EUR' });
    assert.equal(euros.total, 20);
    assert.equal(euros.exchangeRates, null);
    assert.equal(assertOk(await other.api.get('costs/exchange-rates')).base, null, 'another organization has its own rates');

    const audit = assertOk(await owner.api.get('audit?action=costs.exchange_rates.update'));
    assert.equal(audit[0].action, 'costs.exchange_rates.update');
    assertOk(await owner.api.put('costs/exchange-rates', { base: 'USD', rates: {} }));
    assertError(await owner.api.get(`costs?${new URLSearchParams(march)}`), 400, 'VALIDATION_ERROR');
  });
});
