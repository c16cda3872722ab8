// GET /costs/forecast end to end: a simulated account's 13 months collected, then its month-end
// and next months forecast with intervals that make sense against what it actually spent;
// parameters checked; an organization without costs forecasts nothing. Every wait polls.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertError, assertOk } from '../lib/http.mjs';
import { registerOwner, addMember, waitFor } from '../lib/fixtures.mjs';
import { connectSimulated } from '../lib/inventory.mjs';

const forecast = async (api, params = {}) => assertOk(await api.get(`costs/forecast?${new URLSearchParams(params)}`));

describe('cost forecast', () => {
  let srv, owner, viewer, other, sim;
  before(async () => {
    srv = await startServer();
    owner = await registerOwner(srv, { prefix: 'fc', organizationName: 'Forecast Org' });
    viewer = await addMember(srv, owner.api, 'viewer');
    other = await registerOwner(srv, { prefix: 'fc-other', organizationName: 'Other Forecast Org' });
    sim = await connectSimulated(owner.api, { scenario: 'startup', seed: 21 });
    const started = assertOk(await owner.api.request('POST', `costs/collections?providerId=${sim.id}`), 202);
    await waitFor(async () => {
      const job = assertOk(await owner.api.get(`jobs/${started.jobId}`));
      assert.ok(!['dead', 'cancelled'].includes(job.state), JSON.stringify(job));
      return job.state === 'succeeded';
    }, { timeoutMs: 60000, intervalMs: 100, what: 'the collection job' });
  });
  after(async () => {
    await srv?.stop();
  });

  test('month end and the next months, with intervals around what the account spends', async () => {
    const f = await forecast(viewer.api, { providerId: sim.id });
    const yesterday = new Date(Date.now() - 86400000).toISOString().slice(0, 10);
    assert.equal(f.asOf, yesterday);
    assert.equal(f.currency, 'USD');
    assert.equal(f.method, 'holt-winters');
    assert.equal(f.coverage, 0.8);
    assert.equal(f.monthEnd.month, yesterday.slice(0, 7));
    assert.equal(f.points.length, 3);
    for (const m of [f.monthEnd, ...f.points]) {
      assert.ok(m.lower <= m.amount && m.amount <= m.upper, JSON.stringify(m));
      assert.ok(m.amount > 0, JSON.stringify(m));
    }
    assert.ok(f.monthEnd.actual > 0 && f.monthEnd.actual <= f.monthEnd.amount);
    // Next months follow the last full month's spend (the simulated bill has no big trend).
    const firstOfMonth = `${yesterday.slice(0, 7)}-01`;
    const lastMonthStart = new Date(`${firstOfMonth}T00:00:00Z`);
    lastMonthStart.setUTCMonth(lastMonthStart.getUTCMonth() - 1);
    const lastMonth = assertOk(await viewer.api.get(`costs?${new URLSearchParams({
      providerId: sim.id, from: lastMonthStart.toISOString().slice(0, 10), to: firstOfMonth, granularity: 'monthly',
    })}`));
    const ratio = f.points[0].amount / lastMonth.total;
    assert.ok(ratio > 0.7 && ratio < 1.3, `next month ${f.points[0].amount} vs last month ${lastMonth.total}`);
    // Months follow each other from the one after the current.
    const months = f.points.map((p) => p.month);
    const next = new Date(`${firstOfMonth}T00:00:00Z`);
    next.setUTCMonth(next.getUTCMonth() + 1);
    assert.equal(months[0], next.toISOString().slice(0, 7));
    assert.equal(f.points[0].date, `${months[0]}-01`);

    const longer = await forecast(viewer.api, { providerId: sim.id, months: '6', service: 'Compute' });
    assert.equal(longer.points.length, 6);
    assert.ok(longer.monthEnd.amount < f.monthEnd.amount, 'one service is less than the whole account');
  });

  test('parameters are checked and the range is the forecast own', async () => {
    for (const months of ['0', '13', 'x', '2.5']) {
      const e = assertError(await viewer.api.get(`costs/forecast?months=${months}`), 400, 'VALIDATION_ERROR');
      assert.match(e.details.fields.months, /1 to 12/);
    }
    for (const fixed of ['from', 'to', 'granularity', 'groupBy']) {
      const e = assertError(await viewer.api.get(`costs/forecast?${fixed}=2026-01-01`), 400, 'VALIDATION_ERROR');
      assert.match(e.details.fields[fixed], /chosen by the forecast/);
    }
    assertError(await viewer.api.get('costs/forecast?metric=bogus'), 400, 'VALIDATION_ERROR');
  });

  test('an organization without cost data forecasts zero, and never sees another tenant', async () => {
    const f = await forecast(other.api);
    assert.equal(f.monthEnd.amount, 0);
    assert.ok(f.points.every((p) => p.amount === 0 && p.upper === 0));
    const theirs = await other.api.get(`costs/forecast?providerId=${sim.id}`);
    if (theirs.status === 200) assert.equal(theirs.body.data.monthEnd.amount, 0);
    else assertError(theirs, 404, 'NOT_FOUND');
  });
});
