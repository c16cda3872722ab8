// Costs end to end: genuine FOCUS files (the specification's own examples) imported through the
// streamed upload and checked against sums computed here from the CSV; re-imports that replace
// instead of adding; malformed files that import nothing and say where; other formats refused
// clearly; a simulated account's 13 months of history collected and broken down; demo accounts
// collected by the scheduler; tenants kept apart. Every wait polls; nothing sleeps.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startServer } from '../lib/server.mjs';
import { assertError, assertOk } from '../lib/http.mjs';
import { registerOwner, addMember, waitFor } from '../lib/fixtures.mjs';
import { connectSimulated } from '../lib/inventory.mjs';
import { repoRoot, binPath } from '../lib/paths.mjs';
import { rawExchange } from '../lib/raw.mjs';
import { gcpServiceAccount, startCloudReplay } from '../lib/cloud-replay.mjs';
import { parseCsv } from '../lib/csv.mjs';

const focusDir = join(repoRoot, 'server/tests/testdata/focus');
const FLEX = 'one_hundred_percent_utilization_with_commitment_discount_flexibility_with_2_resources.csv';
const readFocus = (name) => readFileSync(join(focusDir, name));

/** Rows as objects keyed by header name. */
function focusRows(buf) {
  const [header, ...rows] = parseCsv(buf.toString('utf8'));
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

function sumBy(rows, keyOf, column) {
  const out = {};
  for (const r of rows) {
    const k = keyOf(r);
    out[k] = (out[k] || 0) + Number(r[column]);
  }
  return out;
}

// Sums of the same doubles in another order differ in the last bits.
const close = (actual, expected, what) =>
  assert.ok(Math.abs(actual - expected) <= 1e-9 + 1e-9 * Math.abs(expected), `${what}: ${actual} ≠ ${expected}`);

async function upload(api, accountId, body, { format = 'focus', contentType = 'text/csv', query = '' } = {}) {
  return api.request('POST', `costs/imports?format=${format}&providerId=${encodeURIComponent(accountId)}${query}`, {
    rawBody: body,
    headers: { 'Content-Type': contentType },
  });
}

async function importFile(api, accountId, body, opts) {
  const started = assertOk(await upload(api, accountId, body, opts), 202);
  assert.match(started.importId, /^imp_/);
  assert.ok(started.jobId);
  return waitFor(
    async () => {
      const imp = assertOk(await api.get(`costs/imports/${started.importId}`));
      return imp.state === 'succeeded' || imp.state === 'failed' ? imp : null;
    },
    { timeoutMs: 30000, intervalMs: 50, what: `import ${started.importId}` },
  );
}

const costs = async (api, params) => assertOk(await api.get(`costs?${new URLSearchParams(params)}`));
const JANUARY_2023 = { from: '2023-01-01', to: '2023-02-01' };

describe('costs', () => {
  let srv, owner, viewer, other, account, account2;
  before(async () => {
    // Collections due are queued every second, so demo accounts get their costs promptly.
    srv = await startServer({ env: { CLOUDWEAVE_SYNC_SCHEDULER_SECONDS: '1' } });
    owner = await registerOwner(srv, { prefix: 'costs', organizationName: 'Cost Org' });
    viewer = await addMember(srv, owner.api, 'viewer');
    other = await registerOwner(srv, { prefix: 'costs-other', organizationName: 'Other Cost Org' });
    account = await connectSimulated(owner.api, { scenario: 'startup' });
    account2 = await connectSimulated(owner.api, { scenario: 'startup', seed: 2 });
  });
  after(async () => {
    await srv?.stop();
  });

  test('a genuine FOCUS file imports; totals per service, resource and day match the CSV', async () => {
    const file = readFocus(FLEX);
    const rows = focusRows(file);
    const imp = await importFile(owner.api, account2.id, file);
    assert.equal(imp.state, 'succeeded', JSON.stringify(imp.errors));
    assert.equal(imp.rows, rows.length);
    assert.deepEqual(imp.periods, ['2023-01-01']);
    assert.deepEqual(imp.errors, []);
    assert.match(imp.warnings[0], /BillingCurrency/, 'the spec example lacks mandatory columns: a warning, not a failure');

    const q = { ...JANUARY_2023, providerId: account2.id };
    for (const [metric, column] of [['billed', 'BilledCost'], ['effective', 'EffectiveCost'], ['list', 'ListCost']]) {
      const byService = await costs(viewer.api, { ...q, groupBy: 'service', metric });
      const expected = sumBy(rows, (r) => r.ServiceName || '', column);
      assert.deepEqual(Object.keys(expected).sort(), byService.series.map((s) => s.key.service).sort());
      for (const s of byService.series) close(s.total, expected[s.key.service], `${metric} of ${s.key.service}`);
      close(byService.total, Object.values(expected).reduce((a, b) => a + b, 0), `${metric} total`);
    }
    const byResource = await costs(viewer.api, { ...q, groupBy: 'resource,chargeCategory', metric: 'effective' });
    const expected = sumBy(rows, (r) => `${r.ResourceId}|${r.ChargeCategory}`, 'EffectiveCost');
    assert.equal(byResource.series.length, Object.keys(expected).length);
    for (const s of byResource.series) close(s.total, expected[`${s.key.resource}|${s.key.chargeCategory}`], JSON.stringify(s.key));

    const daily = await costs(viewer.api, { ...q });
    const perDay = sumBy(rows, (r) => r.ChargePeriodStart.slice(0, 10), 'BilledCost');
    assert.equal(daily.series.length, 1);
    assert.equal(daily.series[0].points.length, 31, 'every day of the range, zero where nothing was charged');
    for (const p of daily.series[0].points) close(p.amount, perDay[p.date] || 0, `day ${p.date}`);
    assert.equal(daily.currency, 'USD', 'the file has no BillingCurrency: the import currency applies');
  });

  test('re-importing does not double count; another file for the period replaces it; gzip works', async () => {
    const file = readFocus('commitment_discount_usage_scenario_3.csv');
    const rows = focusRows(file);
    const total = rows.reduce((a, r) => a + Number(r.EffectiveCost), 0);
    const q = { ...JANUARY_2023, providerId: account.id, metric: 'effective' };
    assert.equal((await importFile(owner.api, account.id, file)).state, 'succeeded');
    close((await costs(owner.api, q)).total, total, 'after the first import');
    assert.equal((await importFile(owner.api, account.id, file)).state, 'succeeded');
    close((await costs(owner.api, q)).total, total, 'after importing the same file again');

    const other4 = readFocus('commitment_discount_usage_scenario_4.csv');
    const gz = await importFile(owner.api, account.id, gzipSync(other4), { contentType: 'application/gzip' });
    assert.equal(gz.state, 'succeeded', JSON.stringify(gz.errors));
    const total4 = focusRows(other4).reduce((a, r) => a + Number(r.EffectiveCost), 0);
    close((await costs(owner.api, q)).total, total4, 'the period now holds only the second file');
  });

  test('malformed files import nothing and name the row and column', async () => {
    const q = { ...JANUARY_2023, providerId: account.id, metric: 'effective' };
    const before = (await costs(owner.api, q)).total;

    // The spec's own example has a ChargePeriodEnd at hour 30.
    const hour30 = await importFile(owner.api, account.id, readFocus('commitment_discount_purchase_scenario_2.csv'));
    assert.equal(hour30.state, 'failed');
    assert.equal(hour30.rows, 0);
    assert.deepEqual(hour30.errors.map((e) => [e.row, e.column]), [[4, 'ChargePeriodEnd']]);
    assert.match(hour30.errors[0].message, /2023-02-01T30:00:00Z.*ISO 8601/);

    // Spreadsheet formatting: "$10,000.00 " and 5/1/25.
    const saas = await importFile(owner.api, account.id, readFocus('simple_saas_agreements_a1.csv'));
    assert.equal(saas.state, 'failed');
    const cols = saas.errors.filter((e) => e.row === 2).map((e) => e.column);
    for (const c of ['BilledCost', 'BillingPeriodStart', 'BillingPeriodEnd', 'ChargePeriodStart']) assert.ok(cols.includes(c), c);
    assert.match(saas.errors.find((e) => e.column === 'BilledCost').message, /not a decimal number/);

    // Not FOCUS at all: an Azure EA export.
    const ea = await importFile(owner.api, account.id, readFocus('azure-ea-sample-anonymous-ea-export-dataset.csv'));
    assert.equal(ea.state, 'failed');
    assert.equal(ea.errors[0].row, 1);
    assert.match(ea.errors[0].message, /not a FOCUS header/);

    // A truncated gzip is not a shorter file.
    const big = Buffer.concat([readFocus(FLEX), Buffer.from(Array.from({ length: 4000 }, (_, i) =>
      `2023-01-01T00:00:00Z,2023-02-01T00:00:00Z,2023-01-01T00:00:00Z,2023-01-01T01:00:00Z,Usage,Usage-Based,Standard,r-${i},1,1,1,0,1,1,1,Hour,S,P,,,,,\n`).join(''))]);
    const gz = gzipSync(big);
    const cut = await importFile(owner.api, account.id, gz.subarray(0, Math.floor(gz.length / 2)), { contentType: 'application/gzip' });
    assert.equal(cut.state, 'failed');
    assert.match(cut.errors[0].message, /truncated/);

    // A bad row far down: the first 100 problems, nothing imported.
    let rows = readFocus('commitment_discount_usage_scenario_4.csv').toString().trimEnd();
    for (let i = 0; i < 150; i++) rows += '\n2023-01-01T00:00:00Z,2023-02-01T00:00:00Z,2023-01-01,2023-01-02,Usage,Usage-Based,Standard,r,abc,1,1,Hour,,,,';
    const many = await importFile(owner.api, account.id, Buffer.from(rows));
    assert.equal(many.errors.length, 100);
    assert.deepEqual(many.errors[0], { row: 4, column: 'BilledCost', message: "'abc' is not a decimal number" });

    close((await costs(owner.api, q)).total, before, 'no failed import changed anything');
  });

  test('unknown formats and Parquet are refused clearly, before the body is read', async () => {
    const e = assertError(await upload(owner.api, account.id, 'x', { format: 'xlsx' }), 400, 'VALIDATION_ERROR');
    assert.match(e.details.fields.format, /focus, aws-cur, aws-cur2, azure, gcp, oci/);
    const parquet = assertError(await upload(owner.api, account.id, 'PAR1', { format: 'parquet' }), 400, 'VALIDATION_ERROR');
    assert.match(parquet.details.fields.format, /Parquet/);
    const typed = assertError(await upload(owner.api, account.id, 'PAR1', { contentType: 'application/vnd.apache.parquet' }), 400, 'VALIDATION_ERROR');
    assert.match(typed.message, /Parquet/);
    const sniffed = await importFile(owner.api, account.id, Buffer.from('PAR1\0\0\0\0PAR1'));
    assert.match(sniffed.errors[0].message, /Parquet/);
    assertError(await upload(owner.api, '', 'x'), 400, 'VALIDATION_ERROR');
    assertError(await upload(viewer.api, account.id, 'x'), 403, 'AUTHORIZATION_ERROR');
    assertError(await upload(other.api, account.id, 'x'), 404, 'NOT_FOUND');
  });

  test('an upload claiming more than 10 GiB is refused before a byte is stored', async () => {
    const before = assertOk(await owner.api.get('jobs?type=costs.import&limit=500'));
    const claimed = 11 * 1024 ** 3;
    const res = await rawExchange(srv.port, `POST /api/v1/costs/imports?format=focus&providerId=${account.id} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${owner.accessToken}\r\nContent-Type: text/csv\r\nContent-Length: ${claimed}\r\n\r\nBilledCost\n`);
    assert.equal(res.status, 413, res.text.slice(0, 300));
    assert.match(res.body, /PAYLOAD_TOO_LARGE/);
    const after = assertOk(await owner.api.get('jobs?type=costs.import&limit=500'));
    assert.equal(after.length, before.length, 'no import was queued');
  });

  test('GET /costs checks its parameters and never adds currencies up', async () => {
    for (const [params, field] of [
      [{ from: '2023-02-30' }, 'from'],
      [{ from: '2023-02-01', to: '2023-01-01' }, 'from'],
      [{ granularity: 'hourly' }, 'granularity'],
      [{ metric: 'cheapest' }, 'metric'],
      [{ groupBy: 'service,region,account' }, 'groupBy'],
      [{ groupBy: 'colour' }, 'groupBy'],
      [{ tag: 'team:web' }, 'tag'],
      [{ currency: 'dollars' }, 'currency'],
    ]) {
      const e = assertError(await owner.api.get(`costs?${new URLSearchParams(params)}`), 400, 'VALIDATION_ERROR');
      assert.ok(e.details.fields[field], `${JSON.stringify(params)} → ${JSON.stringify(e.details)}`);
    }
    const euro = `BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BilledCost,BillingCurrency,ServiceName\n2022-12-01,2023-01-01,2022-12-05,2022-12-06,3.5,EUR,X\n2022-12-01,2023-01-01,2022-12-05,2022-12-06,2,USD,X\n`;
    assert.equal((await importFile(owner.api, account2.id, Buffer.from(euro))).state, 'succeeded');
    const december = { from: '2022-12-01', to: '2023-01-01' };
    const mixed = assertError(await owner.api.get(`costs?${new URLSearchParams(december)}`), 400, 'VALIDATION_ERROR');
    assert.deepEqual(mixed.details.currencies, ['EUR', 'USD']);
    const eur = await costs(owner.api, { ...december, currency: 'EUR' });
    assert.equal(eur.currency, 'EUR');
    close(eur.total, 3.5, 'EUR only');
  });

  test('another organization sees none of it', async () => {
    const mine = await importFile(owner.api, account.id, readFocus('commitment_discount_usage_scenario_4.csv'));
    assertError(await other.api.get(`costs/imports/${mine.id}`), 404, 'NOT_FOUND');
    const theirs = await costs(other.api, { ...JANUARY_2023, groupBy: 'service' });
    assert.equal(theirs.total, 0);
    assert.deepEqual(theirs.series, []);
    assert.equal(theirs.currency, null);
    assertError(await other.api.request('POST', `costs/collections?providerId=${account.id}`), 404, 'NOT_FOUND');
    assert.deepEqual(assertOk(await other.api.get('costs/collections')), []);
  });

  test('a simulated account: 13 months collected, seasonality and charge categories in the breakdowns', async () => {
    const sim = await connectSimulated(owner.api, { scenario: 'startup', seed: 11 });
    const started = assertOk(await owner.api.request('POST', `costs/collections?providerId=${sim.id}`), 202);
    await waitFor(async () => {
      const job = assertOk(await owner.api.get(`jobs/${started.jobId}`));
      assert.ok(!['dead', 'cancelled'].includes(job.state), JSON.stringify(job));
      return job.state === 'succeeded';
    }, { timeoutMs: 60000, intervalMs: 100, what: 'the collection job' });
    const collection = assertOk(await owner.api.get('costs/collections')).find((c) => c.providerId === sim.id);
    assert.equal(collection.state, 'succeeded', JSON.stringify(collection));
    assert.ok(collection.rows > 5000);

    const today = new Date().toISOString().slice(0, 10);
    const year = { from: collection.collectedFrom, to: today, providerId: sim.id, granularity: 'monthly' };
    const byCategory = await costs(viewer.api, { ...year, groupBy: 'chargeCategory' });
    const cat = Object.fromEntries(byCategory.series.map((s) => [s.key.chargeCategory, s.total]));
    assert.ok(cat.Usage > 0 && cat.Purchase > 0 && cat.Tax > 0 && cat.Credit < 0, JSON.stringify(cat));
    assert.ok(byCategory.series[0].points.length >= 13);
    const two = await costs(viewer.api, { ...year, groupBy: 'service,region', limit: '1000' });
    close(two.series.reduce((a, s) => a + s.total, 0), byCategory.total, 'service × region adds up to the total');
    assert.ok(two.series.every((s) => 'service' in s.key && 'region' in s.key));
    const weekly = await costs(viewer.api, { ...year, granularity: 'weekly', service: 'Compute', metric: 'list' });
    assert.ok(weekly.series[0].points.every((p) => new Date(`${p.date}T00:00:00Z`).getUTCDay() === 1), 'weeks start on Monday');
    const amortized = await costs(viewer.api, { ...year, metric: 'amortized' });
    assert.ok(amortized.total > 0 && amortized.previousTotal >= 0);

    // Tags: the organization picks the keys; their rollups are built from the rows already there.
    const notYet = assertError(await viewer.api.get(`costs?${new URLSearchParams({ ...year, groupBy: 'tag:env' })}`), 400, 'VALIDATION_ERROR');
    assert.match(notYet.details.fields.groupBy, /tag-keys/);
    assertError(await viewer.api.put('costs/tag-keys', { keys: ['env'] }), 403, 'AUTHORIZATION_ERROR');
    assert.deepEqual(assertOk(await owner.api.put('costs/tag-keys', { keys: ['team', 'env'] })), { keys: ['env', 'team'] });
    assert.deepEqual(assertOk(await viewer.api.get('costs/tag-keys')), { keys: ['env', 'team'] });
    const byEnv = await costs(viewer.api, { ...year, groupBy: 'tag:env,service' });
    close(byEnv.series.reduce((a, s) => a + s.total, 0), byCategory.total, 'env × service adds up to the total');
    const envs = new Set(byEnv.series.map((s) => s.key['tag:env']));
    assert.ok(envs.has('prod') && envs.has(''), [...envs].join(','));
    const prod = await costs(viewer.api, { ...year, tag: 'env:prod' });
    const prodFromGroups = byEnv.series.filter((s) => s.key['tag:env'] === 'prod').reduce((a, s) => a + s.total, 0);
    close(prod.total, prodFromGroups, 'the env:prod filter');
  });

  test('a GCP account without billingExportTable: its collection says what to configure', async () => {
    // Endpoints nobody listens on: the connection test fails (the account is kept, in error);
    // the collection does not even need the network to know there is no table to read.
    const nowhere = 'http://127.0.0.1:9';
    const gcp = assertOk(await owner.api.post('providers', {
      provider: 'gcp',
      name: 'GCP costs',
      credentials: { serviceAccountJson: JSON.stringify(gcpServiceAccount().keyFile) },
      endpoints: Object.fromEntries(['oauth2', 'compute', 'storage', 'monitoring', 'resourcemanager'].map((k) => [k, nowhere])),
    }), 201);
    const started = assertOk(await owner.api.request('POST', `costs/collections?providerId=${gcp.id}`), 202);
    const job = await waitFor(async () => {
      const j = assertOk(await owner.api.get(`jobs/${started.jobId}`));
      return ['succeeded', 'dead', 'cancelled'].includes(j.state) ? j : null;
    }, { timeoutMs: 30000, intervalMs: 100, what: 'the GCP collection job' });
    assert.equal(job.state, 'succeeded', 'an unsupported source is an answer, not a crash');
    const collection = assertOk(await owner.api.get('costs/collections')).find((c) => c.providerId === gcp.id);
    assert.equal(collection.state, 'unsupported');
    assert.match(collection.error, /gcp accounts have no cost data.*BigQuery.*settings\.billingExportTable.*bigquery\.jobs\.create/s);

    // The setting is checked where it is given: a 400 naming the field, nothing changed.
    const bad = assertError(await owner.api.patch(`providers/${gcp.id}`, { billingExportTable: 'billing.some_table' }), 400, 'VALIDATION_ERROR');
    assert.match(bad.details.fields.billingExportTable, /gcp_billing_export_v1_/);
    assert.equal(assertOk(await owner.api.get(`providers/${gcp.id}`)).billingExportTable, undefined);
    const notGcp = assertError(await owner.api.post('providers', {
      provider: 'simulated', name: 'Sim with a table', credentials: { scenario: 'startup' }, billingExportTable: 'my-billing.ds.gcp_billing_export_v1_01ABCD',
    }), 400, 'VALIDATION_ERROR');
    assert.match(notGcp.details.fields.billingExportTable, /not a setting of simulated accounts/);
  });

  test('a GCP account with billingExportTable: 13 months read from BigQuery (query, wait, pages) into FOCUS rows', async () => {
    const cloud = await startCloudReplay();
    try {
      const key = gcpServiceAccount();
      cloud.gcpKeyPem = key.pem;
      // One day of each month asked: Compute with a credit, Storage, and the month's tax.
      cloud.billingRows = (from) => [
        [from, 'Compute Engine', '2E27-4F75-95CD', 'N1 Predefined Instance Core running in Americas', 'us-central1', 'proj-a', 'Project A', 'regular', 'USD', 'seconds', '86400', '10', '-2'],
        [from, 'Cloud Storage', 'E5F0-6A5D-7BAD', 'Standard Storage US Multi-region', 'us', 'proj-a', 'Project A', 'regular', 'USD', 'gibibyte month', '3.5', '1.25', '0'],
        [from, 'Invoice', null, 'Tax', null, null, null, 'tax', 'USD', null, null, '0.5', '0'],
      ];
      const table = 'my-billing.billing_ds.gcp_billing_export_v1_01ABCD_234567_89ABCD';
      const gcp = assertOk(await owner.api.post('providers', {
        provider: 'gcp',
        name: 'GCP billing export',
        credentials: { serviceAccountJson: JSON.stringify(key.keyFile) },
        endpoints: cloud.gcpEndpoints(),
        billingExportTable: table,
      }), 201);
      assert.equal(gcp.billingExportTable, table);
      const started = assertOk(await owner.api.request('POST', `costs/collections?providerId=${gcp.id}`), 202);
      await waitFor(async () => {
        const j = assertOk(await owner.api.get(`jobs/${started.jobId}`));
        assert.ok(!['dead', 'cancelled'].includes(j.state), JSON.stringify(j));
        return j.state === 'succeeded';
      }, { timeoutMs: 60000, intervalMs: 100, what: 'the GCP collection job' });
      const collection = assertOk(await owner.api.get('costs/collections')).find((c) => c.providerId === gcp.id);
      assert.equal(collection.state, 'succeeded', JSON.stringify(collection));
      assert.equal(collection.rows, 13 * 3);

      const queries = cloud.requests.filter((r) => r.method === 'POST' && r.target.startsWith('/bigquery/v2/projects/cloud-custodian/queries'));
      assert.ok(queries.length >= 13 && queries.length % 13 === 0, `one query per month (${queries.length})`);
      const q = JSON.parse(queries[0].body);
      assert.equal(q.useLegacySql, false);
      assert.ok(q.query.includes(`FROM \`${table}\``));
      const polls = cloud.requests.filter((r) => r.method === 'GET' && r.target.includes('/queries/job_'));
      assert.ok(polls.some((r) => r.target.includes('pageToken=2')), 'followed the pages');

      const today = new Date().toISOString().slice(0, 10);
      const range = { from: collection.collectedFrom, to: today, providerId: gcp.id, granularity: 'monthly' };
      const byService = await costs(viewer.api, { ...range, groupBy: 'service' });
      const svc = Object.fromEntries(byService.series.map((s) => [s.key.service, s.total]));
      close(svc['Compute Engine'], 13 * 10, 'Compute Engine billed');
      close(svc['Cloud Storage'], 13 * 1.25, 'Cloud Storage billed');
      const byCategory = await costs(viewer.api, { ...range, groupBy: 'chargeCategory' });
      const cat = Object.fromEntries(byCategory.series.map((s) => [s.key.chargeCategory, s.total]));
      close(cat.Tax, 13 * 0.5, 'tax');
      const amortized = await costs(viewer.api, { ...range, metric: 'amortized' });
      close(amortized.total, 13 * (10 - 2 + 1.25 + 0.5), 'effective cost = cost + credits');
    } finally {
      await cloud.close();
    }
  });

  test('demo accounts get cost data after their first collection', async () => {
    const demoOwner = await registerOwner(srv, { prefix: 'costs-demo' });
    assertOk(await demoOwner.api.post('demo', { scenario: 'startup' }), 201);
    const collection = await waitFor(async () => {
      const list = assertOk(await demoOwner.api.get('costs/collections'));
      return list.find((c) => c.state === 'succeeded') || null;
    }, { timeoutMs: 60000, intervalMs: 200, what: 'the demo account collected by the scheduler' });
    const monthly = await costs(demoOwner.api, { from: collection.collectedFrom, to: new Date().toISOString().slice(0, 10), granularity: 'monthly', groupBy: 'service' });
    assert.ok(monthly.total > 0);
    assert.ok(monthly.series.some((s) => s.key.service === 'Compute'));
    // …and budgets sized on the simulated bill, so the Budgets tab has something to show.
    // (seeded by the collection's job just after it records its success)
    const items = await waitFor(async () => {
      const body = assertOk(await demoOwner.api.get('budgets'));
      const list = body.items ?? body;
      return list.length === 2 ? list : null;
    }, { timeoutMs: 10000, intervalMs: 100, what: 'the demo budgets' });
    assert.deepEqual(items.map((b) => b.period).sort(), ['monthly', 'quarterly']);
    for (const b of items) {
      assert.ok(b.amount > 0 && b.status.spent > 0, JSON.stringify(b));
      assert.equal(b.currency, monthly.currency);
    }
    assert.ok(items.some((b) => b.filters.service), 'one budget is for the costliest service');
  });
});

test('cloudweave costs import: a local file, here and now; problems as FILE:LINE COLUMN', async () => {
  const first = await startServer({ keep: true });
  let again;
  try {
    const o = await registerOwner(first, { prefix: 'costs-cli' });
    const acct = await connectSimulated(o.api, { scenario: 'startup' });
    await first.stop();
    const cli = (args) => spawnSync(binPath, ['costs', 'import', ...args, '--data-dir', first.dataDir], { env: first.env, encoding: 'utf8', timeout: 60000 });
    const rows = focusRows(readFocus(FLEX));
    const good = cli([join(focusDir, FLEX), '--account', acct.id]);
    assert.equal(good.status, 0, good.stdout + good.stderr);
    assert.match(good.stdout, new RegExp(`imported ${rows.length} rows into account ${acct.id}.*2023-01-01`));
    const bad = cli([join(focusDir, 'commitment_discount_purchase_scenario_2.csv'), '--account', acct.id]);
    assert.equal(bad.status, 1, bad.stdout + bad.stderr);
    assert.match(bad.stderr, /commitment_discount_purchase_scenario_2\.csv:4 ChargePeriodEnd: '2023-02-01T30:00:00Z'/);
    const wrong = cli([join(focusDir, FLEX), '--account', acct.id, '--format', 'oci']);
    assert.equal(wrong.status, 1, wrong.stdout + wrong.stderr);
    assert.match(wrong.stderr, /looks like a FOCUS file: import it with format=focus/);
    const unknown = cli([join(focusDir, FLEX), '--account', acct.id, '--format', 'xlsx']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /must be one of: focus, aws-cur/);

    again = await startServer({ restartOf: first });
    const api = again.api({ token: o.accessToken });
    const total = rows.reduce((a, r) => a + Number(r.BilledCost), 0);
    close((await costs(api, { ...JANUARY_2023 })).total, total, 'what the CLI imported');
  } finally {
    if (again) await again.stop();
    else await first.stop();
  }
});
