// Inventory, tried as a new user would (issue #15): actions only where the resource's type
// supports them, a "Stopping…" state until the server says stopped, tags edited in the drawer,
// paging that survives a reload and Back, bulk actions, and the CSV export of the filtered list.
// Real server, multicloud demo data (300 resources; only servers start/stop/reboot).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { api, axeSerious, expectHidden, expectVisible, needsEndpoints, preflight, registerViaApi, setup, signInWithTokens } from './harness.mjs';

const missing = preflight();
const SHOTS = process.env.E2E_SHOTS;
const shot = async (page, name) => SHOTS && page.screenshot({ path: `${SHOTS}/${name}.png` });
const WIDE = { viewport: { width: 1440, height: 900 } };

describe('inventory: actions, tags, paging, bulk, CSV', { skip: missing.length ? `missing ${missing.join(', ')}` : false }, () => {
  let env;
  let owner;
  const get = (path) => api(env.baseURL, 'GET', path, { token: owner.accessToken }).then((r) => r.body);

  before(async () => {
    env = await setup();
    owner = await registerViaApi(env.baseURL, { name: 'Ines Inventory' });
    const loaded = await api(env.baseURL, 'POST', '/demo', { token: owner.accessToken, body: { scenario: 'multicloud' } });
    assert.ok(loaded.status < 300, `demo loaded: ${loaded.status}`);
  });
  after(async () => {
    await env?.teardown();
  });

  test('actions follow the type: none on buckets, Stop/Reboot on a running server, Start on a stopped one; the layout keeps Delete in view at 1440 px', async (t) => {
    if (!(await needsEndpoints(t, env.baseURL, [['GET', '/resources']]))) return;
    const sample = (await get('/resources?limit=1')).data[0];
    if (!Array.isArray(sample.actions)) return t.todo('server does not send resources[].actions yet');

    const page = await env.newPage(WIDE);
    await signInWithTokens(page, owner, '/infrastructure?type=storage');
    const table = page.getByRole('table', { name: 'Resources' });
    await expectVisible(table.getByRole('button', { name: /^Delete / }));
    assert.equal(await table.getByRole('button', { name: /^(Start|Stop|Reboot) / }).count(), 0, 'no start/stop/reboot on storage');

    // Servers: what the API says, by status.
    await page.goto('/infrastructure?type=server');
    await expectVisible(table.getByRole('button', { name: /^Stop / }));
    const rows = (await get('/resources?type=server&sort=-createdAt&limit=50')).data;
    for (const r of rows.slice(0, 12)) {
      const row = table.locator(`tr[data-row-id="${r.id}"]`);
      const want = r.status === 'running' ? ['Stop', 'Reboot'] : r.status === 'stopped' ? ['Start'] : [];
      for (const verb of ['Start', 'Stop', 'Reboot']) {
        const n = await row.getByRole('button', { name: `${verb} ${r.name}`, exact: true }).count();
        assert.equal(n, want.includes(verb) ? 1 : 0, `${r.name} (${r.status}) offers ${verb}: ${want.includes(verb)}`);
      }
    }

    // At 1440 px the whole Delete button of every row is inside the table's visible area.
    await page.goto('/infrastructure');
    await expectVisible(table.getByRole('button', { name: /^Delete / }));
    const wrap = await page.locator('.table-wrap').boundingBox();
    const deletes = table.getByRole('button', { name: /^Delete / });
    for (let i = 0; i < Math.min(5, await deletes.count()); i++) {
      const box = await deletes.nth(i).boundingBox();
      assert.ok(box && box.x + box.width <= wrap.x + wrap.width + 0.5, `Delete ${i} fits: ${JSON.stringify(box)} in ${JSON.stringify(wrap)}`);
    }
    await shot(page, 'inventory-1440');
    assert.deepEqual(await axeSerious(page), [], 'infrastructure page: no serious accessibility violations');
    await page.context().close();
  });

  test('Stop shows "Stopping…" in the row and the drawer until the server reports stopped', async () => {
    const running = (await get('/resources?type=server&status=running&sort=name&limit=1')).data[0];
    assert.ok(running, 'a running server in the demo');
    const page = await env.newPage(WIDE);
    await signInWithTokens(page, owner, `/infrastructure?q=${encodeURIComponent(running.name)}&resource=${running.id}`);
    await expectVisible(page.getByText('Realtime: Live'));
    const drawer = page.getByRole('dialog', { name: running.name });
    await expectVisible(drawer);
    await drawer.getByRole('button', { name: `Stop ${running.name}`, exact: true }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Stop resource' });
    await confirm.getByRole('button', { name: 'Stop', exact: true }).click();
    await expectHidden(confirm);
    await expectVisible(drawer.getByTestId('detail-status').getByText('Stopping…'));
    const row = page.locator(`tr[data-row-id="${running.id}"]`);
    await expectVisible(row.getByText('Stopping…'));
    assert.equal(await drawer.getByRole('button', { name: `Stop ${running.name}`, exact: true }).count(), 0, 'no second Stop while stopping');
    await shot(page, 'inventory-stopping');
    // The simulated cloud takes a few seconds; the resource.updated event ends the transition.
    await expectVisible(row.getByText('Stopped', { exact: true }), 20000);
    await expectVisible(drawer.getByTestId('detail-status').getByText('Stopped', { exact: true }));
    await expectVisible(drawer.getByRole('button', { name: `Start ${running.name}`, exact: true }));
    assert.equal((await get(`/resources/${running.id}`)).data.status, 'stopped');
    await page.context().close();
  });

  test('tags are edited in the drawer: change, remove, add; duplicates and empty keys are refused before saving', async (t) => {
    if (!(await needsEndpoints(t, env.baseURL, [['PATCH', '/resources/res_x']]))) return;
    const target = (await get('/resources?type=database&sort=name&limit=1')).data[0];
    const before = target.tags;
    const [firstKey, secondKey] = Object.keys(before);
    assert.ok(firstKey && secondKey, 'the demo resource has two tags');
    const page = await env.newPage(WIDE);
    await signInWithTokens(page, owner, `/infrastructure?resource=${target.id}`);
    const drawer = page.getByRole('dialog', { name: target.name });
    await drawer.getByTestId('edit-tags').click();
    const editor = drawer.getByTestId('tag-editor');
    await expectVisible(editor);

    // A duplicate key is caught at the field; nothing is sent.
    await editor.getByTestId('add-tag').click();
    const n = Object.keys(before).length + 1;
    await editor.getByLabel(`Tag ${n} key`).fill(firstKey);
    await editor.getByTestId('save-tags').click();
    await expectVisible(editor.getByText(`"${firstKey}" is already used`));
    assert.equal(await editor.getByLabel(`Tag ${n} key`).getAttribute('aria-invalid'), 'true');
    assert.deepEqual((await get(`/resources/${target.id}`)).data.tags, before, 'nothing saved');
    await shot(page, 'inventory-tags-duplicate');

    // Fix it: a new key; change the first value; remove the second tag.
    await editor.getByLabel(`Tag ${n} key`).fill('reviewed-by');
    await editor.getByLabel(`Tag ${n} value`).fill('e2e');
    await editor.getByLabel('Tag 1 value').fill('changed-value');
    await editor.getByRole('button', { name: `Remove tag ${secondKey}` }).click();
    await editor.getByTestId('save-tags').click();
    await expectVisible(page.getByText('Tags saved'));
    await expectHidden(editor);
    const want = { ...before, [firstKey]: 'changed-value', 'reviewed-by': 'e2e' };
    delete want[secondKey];
    assert.deepEqual((await get(`/resources/${target.id}`)).data.tags, want);
    await expectVisible(drawer.getByText('reviewed-by=e2e'));
    await expectVisible(drawer.getByText(`${firstKey}=changed-value`));
    await page.context().close();
  });

  test('the page is kept in the URL: reload and Back show the same rows; Last, page size and "Page N of M"', async () => {
    const total = (await get('/resources?limit=1')).meta.total;
    const pages = Math.ceil(total / 50);
    const page = await env.newPage(WIDE);
    await signInWithTokens(page, owner, '/infrastructure');
    const indicator = page.getByTestId('page-indicator');
    await expectVisible(indicator);
    assert.equal(await indicator.textContent(), `Page 1 of ${pages}`);
    const firstRowId = () => page.locator('tbody tr[data-row-id]').first().getAttribute('data-row-id');
    const next = page.getByRole('button', { name: 'Next' });

    const p1 = await firstRowId();
    await next.click();
    await page.waitForURL(/page=2/);
    await page.waitForFunction((id) => document.querySelector('tbody tr[data-row-id]')?.getAttribute('data-row-id') !== id, p1);
    const p2 = await firstRowId();
    await next.click();
    await page.waitForURL(/page=3/);
    await page.waitForFunction((id) => document.querySelector('tbody tr[data-row-id]')?.getAttribute('data-row-id') !== id, p2);
    const p3 = await firstRowId();
    assert.match(page.url(), /cursor=/);
    // The same rows as the API's third page.
    const apiP1 = await get('/resources?sort=-createdAt&limit=50');
    const apiP2 = await get(`/resources?sort=-createdAt&limit=50&cursor=${apiP1.meta.nextCursor}`);
    const apiP3 = await get(`/resources?sort=-createdAt&limit=50&cursor=${apiP2.meta.nextCursor}`);
    assert.equal(p3, apiP3.data[0].id);

    await page.reload();
    await expectVisible(indicator);
    await page.waitForFunction(() => document.querySelector('tbody tr[data-row-id]'));
    assert.equal(await firstRowId(), p3, 'reload shows page 3 again');
    assert.equal(await indicator.textContent(), `Page 3 of ${pages}`);

    await page.goBack();
    await page.waitForURL(/page=2/);
    await page.waitForFunction((id) => document.querySelector('tbody tr[data-row-id]')?.getAttribute('data-row-id') === id, p2);
    assert.equal(await indicator.textContent(), `Page 2 of ${pages}`);

    await page.getByRole('button', { name: 'Last page' }).click();
    await page.waitForURL(new RegExp(`page=${pages}`));
    await expectVisible(page.getByText(`Page ${pages} of ${pages}`));
    await page.waitForFunction((id) => document.querySelector('tbody tr[data-row-id]')?.getAttribute('data-row-id') !== id, p2);
    assert.equal(await page.locator('tbody tr[data-row-id]').count(), total - (pages - 1) * 50);
    assert.ok(await page.getByRole('button', { name: 'Next' }).isDisabled());
    assert.ok(await page.getByRole('button', { name: 'Last page' }).isDisabled());
    await shot(page, 'inventory-last-page');

    await page.getByTestId('page-size').selectOption('25');
    await page.waitForURL(/limit=25/);
    await expectVisible(page.getByText(`Page 1 of ${Math.ceil(total / 25)}`));
    assert.doesNotMatch(page.url(), /page=/);
    await page.context().close();
  });

  test('bulk: the Stop dialog says what is skipped; Add tag and Stop apply to the selected resources', async () => {
    const page = await env.newPage(WIDE);
    await signInWithTokens(page, owner, '/infrastructure');
    await page.getByRole('checkbox', { name: 'Select all on this page' }).check();
    await expectVisible(page.getByTestId('bulk-count'));
    assert.equal(await page.getByTestId('bulk-count').textContent(), '50 resources selected');
    await page.getByTestId('bulk-stop').click();
    const dialog = page.getByRole('dialog', { name: /^Stop \d+ resources?\?$/ });
    await expectVisible(dialog);
    assert.match(await dialog.getByTestId('bulk-skipped').textContent(), /cannot be stopped: storage/);
    await shot(page, 'inventory-bulk-stop');
    assert.deepEqual(await axeSerious(page), [], 'bulk dialog: no serious accessibility violations');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expectHidden(dialog);
    await page.getByRole('button', { name: 'Clear selection' }).click();
    await expectHidden(page.getByTestId('bulk-bar'));

    // Add a tag to three buckets.
    await page.goto('/infrastructure?type=storage&sort=name');
    const boxes = page.locator('tbody').getByRole('checkbox');
    await expectVisible(boxes);
    for (let i = 0; i < 3; i++) await boxes.nth(i).check();
    const ids = await Promise.all([0, 1, 2].map((i) => page.locator('tbody tr[data-row-id]').nth(i).getAttribute('data-row-id')));
    const tagsBefore = await Promise.all(ids.map((id) => get(`/resources/${id}`).then((b) => b.data.tags)));
    await page.getByTestId('bulk-tag').click();
    const tagDialog = page.getByRole('dialog', { name: 'Add a tag to 3 resources' });
    await tagDialog.getByLabel('Key').fill('bulk-e2e');
    await tagDialog.getByLabel('Value').fill('yes');
    await tagDialog.getByRole('button', { name: 'Add tag to 3 resources' }).click();
    await expectVisible(page.getByText('Tag bulk-e2e=yes added to 3 resources'));
    for (const [i, id] of ids.entries()) {
      assert.deepEqual((await get(`/resources/${id}`)).data.tags, { ...tagsBefore[i], 'bulk-e2e': 'yes' });
    }

    // Stop two running servers.
    await page.goto('/infrastructure?type=server&status=running&sort=name');
    await expectVisible(boxes);
    for (let i = 0; i < 2; i++) await boxes.nth(i).check();
    const stopIds = await Promise.all([0, 1].map((i) => page.locator('tbody tr[data-row-id]').nth(i).getAttribute('data-row-id')));
    await page.getByTestId('bulk-stop').click();
    const stopDialog = page.getByRole('dialog', { name: 'Stop 2 resources?' });
    await stopDialog.getByRole('button', { name: 'Stop 2 resources' }).click();
    await expectVisible(page.getByText('Stop requested for 2 resources'));
    const deadline = Date.now() + 20000;
    let statuses = [];
    while (Date.now() < deadline) {
      statuses = await Promise.all(stopIds.map((id) => get(`/resources/${id}`).then((b) => b.data.status)));
      if (statuses.every((s) => s === 'stopped')) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    assert.deepEqual(statuses, ['stopped', 'stopped']);
    await page.context().close();
  });

  test('CSV export downloads every matching resource with quoting and formulas neutralised', async () => {
    const account = (await get('/providers')).data.find((p) => p.isDemo);
    const created = await api(env.baseURL, 'POST', '/resources', {
      token: owner.accessToken,
      body: { name: '=SUM(1,2)', type: 'server', providerId: account.id, region: account.regions?.[0] ?? 'us-east-1', tags: { note: 'has "quotes", commas' } },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));

    const page = await env.newPage(WIDE);
    await signInWithTokens(page, owner, '/infrastructure?type=storage');
    await expectVisible(page.getByTestId('export-csv'));
    await expectVisible(page.locator('tbody tr[data-row-id]'));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    assert.match(download.suggestedFilename(), /^cloudweave-resources-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
    const lines = text.split('\r\n').filter(Boolean);
    assert.equal(lines[0], 'name,type,provider,region,status,monthlyCost,tags,externalId,id');
    const storageTotal = (await get('/resources?type=storage&limit=1')).meta.total;
    assert.equal(lines.length - 1, storageTotal, 'every storage resource, all pages');
    assert.ok(lines.slice(1).every((l) => l.includes(',storage,')));
    await expectVisible(page.getByText(`Exported ${storageTotal} resources`));

    await page.goto('/infrastructure?q=SUM');
    await expectVisible(page.locator('tbody tr[data-row-id]'));
    const [second] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const row = readFileSync(await second.path(), 'utf8').split('\r\n')[1];
    assert.ok(row.startsWith(`"'=SUM(1,2)",server,`), row);
    assert.ok(row.includes('"note=has ""quotes"", commas"'), row);
    await page.context().close();
  });
});
