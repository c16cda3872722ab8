// Costs (issue #17, UI): a demo organization's collected costs shown as a chart and a breakdown;
// grouping and drill-down kept in the URL; the import dialog reports a bad file's problems by
// line and column; no serious accessibility violations.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, axeSerious, expectVisible, needsEndpoints, preflight, registerViaApi, setup, signInWithTokens, TIMEOUT } from './harness.mjs';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const missing = preflight();

/** Collects every demo account's costs now and waits until each collection has rows. */
async function collectDemoCosts(baseURL, token) {
  const accounts = (await api(baseURL, 'GET', '/providers', { token })).body.data;
  for (const a of accounts) {
    const r = await api(baseURL, 'POST', `/costs/collections?providerId=${encodeURIComponent(a.id)}`, { token });
    assert.ok(r.status === 202 || r.status === 409, `collection of ${a.name} queued: ${r.status} ${JSON.stringify(r.body)}`);
  }
  const deadline = Date.now() + 60000;
  for (;;) {
    const collections = (await api(baseURL, 'GET', '/costs/collections', { token })).body.data;
    const done = collections.filter((c) => c.state === 'succeeded' && c.rows > 0);
    if (done.length > 0 && collections.every((c) => c.state !== 'queued')) return accounts;
    assert.ok(Date.now() < deadline, `costs collected: ${JSON.stringify(collections)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('costs', { skip: missing.length ? `missing ${missing.join(', ')}` : false }, () => {
  let env;
  before(async () => {
    env = await setup();
  });
  after(async () => {
    await env?.teardown();
  });

  test('chart and breakdown of collected costs; grouping and drill-down live in the URL', async (t) => {
    if (!(await needsEndpoints(t, env.baseURL, [['GET', '/costs'], ['POST', '/costs/collections'], ['POST', '/demo']]))) return;
    const owner = await registerViaApi(env.baseURL, { name: 'Carla Costs' });
    const loaded = await api(env.baseURL, 'POST', '/demo', { token: owner.accessToken, body: { scenario: 'multicloud' } });
    assert.ok(loaded.status < 300, `demo loaded: ${loaded.status}`);
    await collectDemoCosts(env.baseURL, owner.accessToken);

    const page = await env.newPage({ viewport: { width: 1440, height: 900 } });
    await signInWithTokens(page, owner, '/dashboard');
    // The dashboard's card reads the same data.
    await expectVisible(page.getByText('Spend this month'), 20000);
    await page.getByTestId('costs-nav').click();
    await page.waitForURL((u) => u.pathname === '/cost');
    await expectVisible(page.getByRole('heading', { name: 'Costs', level: 1 }));
    const chart = page.getByTestId('cost-chart');
    await expectVisible(chart.locator('.recharts-bar-rectangle').first(), 20000);
    const table = page.getByRole('table', { name: 'Cost by service' });
    await expectVisible(table);
    assert.ok((await table.getByRole('row').count()) > 2, 'several services');
    assert.match(await page.getByTestId('cost-totals').textContent(), /\$[\d,]+\.\d\d/);
    assert.deepEqual(await axeSerious(page), [], 'costs page: no serious accessibility violations');

    // Group by region: the URL says so, and a reload shows the same view.
    await page.getByTestId('cost-group').selectOption('region');
    await page.waitForURL((u) => u.searchParams.get('group') === 'region');
    const byRegion = page.getByRole('table', { name: 'Cost by region' });
    await expectVisible(byRegion);
    const region = (await byRegion.getByRole('button').first().textContent()).trim();

    // Drill into the largest region (with a name: "Not set" cannot be filtered on) by keyboard: filtered on it, grouped by resource type.
    await byRegion.getByRole('button').first().focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.searchParams.get('region') === region && u.searchParams.get('group') === 'resourceType');
    await expectVisible(page.getByRole('table', { name: 'Cost by resource type' }));
    assert.equal(await page.getByTestId('cost-filter-region').inputValue(), region);

    await page.reload();
    await expectVisible(page.getByRole('table', { name: 'Cost by resource type' }), TIMEOUT * 2);
    assert.equal(await page.getByTestId('cost-filter-region').inputValue(), region);

    // Back returns to the regions.
    await page.goBack();
    await page.waitForURL((u) => u.searchParams.get('group') === 'region' && !u.searchParams.get('region'));
    await expectVisible(page.getByRole('table', { name: 'Cost by region' }));

    // The CSV of the breakdown.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('cost-export').click()]);
    const dir = mkdtempSync(join(tmpdir(), 'cw-costs-'));
    const file = join(dir, 'costs.csv');
    await download.saveAs(file);
    const csv = (await import('node:fs')).readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    assert.match(csv.split('\r\n')[0], /^Region,Total \([A-Z]{3}\),Share \(%\),Previous period/);
    assert.ok(csv.includes(region));

    // The forecast of the scope, and the groups that moved most since the previous period.
    const forecast = page.getByRole('list', { name: 'Forecast by month' });
    await expectVisible(forecast, 20000);
    assert.match(await forecast.getByRole('listitem').first().textContent(), /\(month end\)\$[\d,]+\.\d\d80%: \$/);
    await expectVisible(page.getByRole('img', { name: /^Forecast: / }));
    await expectVisible(page.getByRole('list', { name: 'Top movers' }));

    // The rows behind the view as FOCUS, fetched with the session's token.
    const [focus] = await Promise.all([page.waitForEvent('download'), page.getByTestId('cost-export-focus').click()]);
    const focusFile = join(dir, 'focus.csv');
    await focus.saveAs(focusFile);
    const focusCsv = (await import('node:fs')).readFileSync(focusFile, 'utf8');
    assert.match(focusCsv.split('\r\n')[0], /^BilledCost,BillingAccountId,/);
    assert.ok(focusCsv.split('\r\n').length > 10, 'rows follow the header');
    assert.deepEqual(await axeSerious(page), [], 'forecast and movers: no serious accessibility violations');

    // Where the numbers come from: each demo account's collection, with "Collect now" for the owner.
    await page.getByRole('tab', { name: 'Data sources' }).click();
    const sources = page.getByRole('table', { name: 'Cost data sources' });
    await expectVisible(sources.getByText('Collected').first());
    await expectVisible(sources.getByRole('button', { name: /^Collect now: / }).first());
  });

  test("a resource's drawer shows what it cost and where its month should end", async (t) => {
    if (!(await needsEndpoints(t, env.baseURL, [['GET', '/costs/forecast'], ['POST', '/demo']]))) return;
    const owner = await registerViaApi(env.baseURL, { name: 'Rhea Resource' });
    await api(env.baseURL, 'POST', '/demo', { token: owner.accessToken, body: { scenario: 'startup' } });
    await collectDemoCosts(env.baseURL, owner.accessToken);
    const to = new Date(Date.now() + 86400000).toISOString().slice(0, 10);
    const from = new Date(Date.now() - 29 * 86400000).toISOString().slice(0, 10);
    const byResource = (await api(env.baseURL, 'GET', `/costs?groupBy=resource&from=${from}&to=${to}&limit=1000`, { token: owner.accessToken })).body.data;
    const resources = (await api(env.baseURL, 'GET', '/resources?limit=500', { token: owner.accessToken })).body.data;
    const costly = resources.find((r) => byResource.series.some((s) => s.key.resource === r.externalId && s.total > 0));
    assert.ok(costly, 'a demo resource has costs');

    const page = await env.newPage({ viewport: { width: 1440, height: 900 } });
    await signInWithTokens(page, owner, `/infrastructure?q=${encodeURIComponent(costly.name)}&resource=${costly.id}`);
    const drawer = page.getByRole('dialog', { name: costly.name });
    await expectVisible(drawer);
    const cost = drawer.getByTestId('resource-cost');
    await expectVisible(cost, 20000);
    assert.match(await cost.textContent(), /Last 30 days\$[\d,]+\.\d\d.*This month so far\$[\d,]+\.\d\d.*Month-end forecast/);
    await expectVisible(cost.getByText(/^80%: \$/), 20000);
    await expectVisible(drawer.getByRole('img', { name: /^Daily cost over the last 30 days/ }));
    assert.deepEqual(await axeSerious(page), [], 'resource drawer costs: no serious accessibility violations');
  });

  test('budgets, anomalies, savings and data sources are tabs of the Costs area', async (t) => {
    if (!(await needsEndpoints(t, env.baseURL, [['GET', '/budgets'], ['GET', '/costs/anomalies'], ['POST', '/demo']]))) return;
    const owner = await registerViaApi(env.baseURL, { name: 'Bea Budget' });
    await api(env.baseURL, 'POST', '/demo', { token: owner.accessToken, body: { scenario: 'startup' } });
    await collectDemoCosts(env.baseURL, owner.accessToken);
    const created = await api(env.baseURL, 'POST', '/budgets', { token: owner.accessToken, body: { name: 'Demo monthly', amount: 100 } });
    assert.equal(created.status, 201, JSON.stringify(created.body));

    const page = await env.newPage({ viewport: { width: 1440, height: 900 } });
    await signInWithTokens(page, owner, '/cost?tab=budgets');
    const budget = page.getByTestId('budget').filter({ hasText: 'Demo monthly' });
    await expectVisible(budget, 20000);
    assert.match(await budget.textContent(), /Demo monthly.*Exceeded.*\$[\d,]+\.\d\d of \$100\.00 spent/);
    // Beside it, the two budgets the demo came with, sized on its bill.
    await expectVisible(page.getByTestId('budget').filter({ hasText: 'Monthly cloud spend' }));
    assert.equal(await page.getByTestId('budget').count(), 3);
    assert.deepEqual(await axeSerious(page), [], 'budgets: no serious accessibility violations');

    // By keyboard along the tabs; the URL follows.
    await page.getByRole('tab', { name: 'Budgets' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForURL((u) => u.searchParams.get('tab') === 'anomalies');
    await expectVisible(page.getByRole('table', { name: 'Cost anomalies' }));
    assert.deepEqual(await axeSerious(page), [], 'anomalies: no serious accessibility violations');
    await page.keyboard.press('ArrowRight');
    await page.waitForURL((u) => u.searchParams.get('tab') === 'savings');
    await expectVisible(page.getByText('demo-idle-server-1').first(), 30000);
    assert.deepEqual(await axeSerious(page), [], 'savings: no serious accessibility violations');
    await page.keyboard.press('ArrowRight');
    await page.waitForURL((u) => u.searchParams.get('tab') === 'sources');
    await expectVisible(page.getByRole('table', { name: 'Cost data sources' }).getByText('Collected').first());
  });

  test("the import dialog shows a bad file's problems by line and column", async (t) => {
    if (!(await needsEndpoints(t, env.baseURL, [['POST', '/costs/imports'], ['POST', '/demo']]))) return;
    const owner = await registerViaApi(env.baseURL, { name: 'Ivan Import' });
    await api(env.baseURL, 'POST', '/demo', { token: owner.accessToken, body: { scenario: 'startup' } });
    const account = (await api(env.baseURL, 'GET', '/providers', { token: owner.accessToken })).body.data[0];

    const dir = mkdtempSync(join(tmpdir(), 'cw-focus-'));
    const bad = join(dir, 'bad.csv');
    writeFileSync(
      bad,
      'BilledCost,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd\n' +
        '12.5,2026-01-01T00:00:00Z,2026-02-01T00:00:00Z,2026-01-03T00:00:00Z,2026-01-04T00:00:00Z\n' +
        'abc,2026-01-01T00:00:00Z,2026-02-01T00:00:00Z,2026-01-03T00:00:00Z,2026-01-04T00:00:00Z\n',
    );
    const page = await env.newPage({ viewport: { width: 1440, height: 900 } });
    await signInWithTokens(page, owner, '/cost');
    await page.getByTestId('cost-import').click();
    const dialog = page.getByRole('dialog', { name: 'Import cost data' });
    await expectVisible(dialog);
    await dialog.getByLabel('Cloud account').selectOption(account.id);
    await dialog.getByLabel('File').setInputFiles(bad);
    assert.deepEqual(await axeSerious(page), [], 'import dialog: no serious accessibility violations');
    await dialog.getByRole('button', { name: 'Upload and import' }).click();
    const problems = dialog.getByRole('table', { name: 'Problems in the file' });
    await expectVisible(problems, 30000);
    const row = problems.getByRole('row').nth(1);
    assert.match(await row.textContent(), /^3BilledCost/);
    await expectVisible(dialog.getByText('Nothing was imported.'));
    assert.deepEqual(await axeSerious(page), [], 'import result: no serious accessibility violations');
  });
});
