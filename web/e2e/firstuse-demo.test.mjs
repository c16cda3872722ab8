// First use (issue #15): "Exit demo" asks first, says what goes, and leaves a dashboard that
// tells what to do next (connect an account or load demo data again). Also: every bar of
// "Resources by type" is labelled, and an emoji organization name gives a whole-emoji avatar.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, axeSerious, expectHidden, expectURL, expectVisible, needsEndpoints, preflight, registerViaApi, setup, signInWithTokens } from './harness.mjs';

const missing = preflight();
const SHOTS = process.env.E2E_SHOTS;
const shot = async (page, name) => SHOTS && page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });

describe('first use: demo data', { skip: missing.length ? `missing ${missing.join(', ')}` : false }, () => {
  let env;
  before(async () => {
    env = await setup();
  });
  after(async () => {
    await env?.teardown();
  });

  test('Exit demo confirms with counts, removes on confirm, and the empty dashboard offers a way back', async (t) => {
    if (!(await needsEndpoints(t, env.baseURL, [['POST', '/demo'], ['DELETE', '/demo'], ['GET', '/providers']]))) return;
    const owner = await registerViaApi(env.baseURL, { name: 'Dana Demo' });
    const loaded = await api(env.baseURL, 'POST', '/demo', { token: owner.accessToken, body: { scenario: 'multicloud' } });
    assert.ok(loaded.status < 300, `demo loaded: ${loaded.status}`);
    const providers = (await api(env.baseURL, 'GET', '/providers', { token: owner.accessToken })).body.data;
    const demo = providers.filter((p) => p.isDemo);
    const resources = demo.reduce((n, p) => n + p.resourceCount, 0);
    assert.ok(demo.length > 0 && resources > 0);

    const page = await env.newPage({ viewport: { width: 1280, height: 900 } });
    await signInWithTokens(page, owner, '/dashboard');
    await expectVisible(page.getByTestId('demo-indicator'));
    // Every type in the bar chart has its label (Recharts used to drop every other one).
    const types = (await api(env.baseURL, 'GET', '/resources/summary', { token: owner.accessToken })).body.data.byType.filter((b) => b.count > 0);
    const bars = page.getByRole('img', { name: 'Resources by type' });
    await expectVisible(bars.locator('.recharts-bar-rectangle'));
    const labels = await bars.locator('.recharts-yAxis .recharts-cartesian-axis-tick-value, .recharts-cartesian-axis-tick-labels .recharts-cartesian-axis-tick-value').allTextContents();
    const shownTypes = labels.filter((l) => !/^[\d,]+$/.test(l));
    assert.equal(shownTypes.length, types.length, `all ${types.length} type labels shown: ${shownTypes.join(', ')}`);
    await shot(page, 'dashboard-demo');

    await page.getByTestId('exit-demo').click();
    const dialog = page.getByRole('alertdialog', { name: 'Remove the demo data?' });
    await expectVisible(dialog);
    const accountsLine = await dialog.getByTestId('exit-demo-accounts').textContent();
    assert.match(accountsLine, new RegExp(`^${demo.length} demo cloud account`));
    for (const p of demo) assert.ok(accountsLine.includes(p.name), `${p.name} listed`);
    assert.match(await dialog.getByTestId('exit-demo-resources').textContent(), new RegExp(`^${resources.toLocaleString('en-US')} demo resource`));
    await shot(page, 'exit-demo-confirm');
    assert.deepEqual(await axeSerious(page), [], 'dialog: no serious accessibility violations');

    // Cancel keeps everything; Escape too.
    await dialog.getByRole('button', { name: 'Keep demo data' }).click();
    await expectHidden(dialog);
    assert.equal((await api(env.baseURL, 'GET', '/demo', { token: owner.accessToken })).body.data.isDemo, true);
    await page.getByTestId('exit-demo').click();
    await expectVisible(dialog);
    await page.keyboard.press('Escape');
    await expectHidden(dialog);
    assert.equal((await api(env.baseURL, 'GET', '/providers', { token: owner.accessToken })).body.data.length, providers.length);

    // Confirmed: gone, and the dashboard says what to do next.
    await page.getByTestId('exit-demo').click();
    await dialog.getByTestId('confirm-exit-demo').click();
    await page.getByTestId('demo-indicator').waitFor({ state: 'detached' });
    await expectURL(page, '/dashboard');
    const empty = page.getByTestId('dashboard-empty');
    await expectVisible(empty);
    await expectVisible(empty.getByRole('link', { name: /connect a cloud account/i }));
    await expectVisible(empty.getByRole('button', { name: /load demo data/i }));
    assert.equal((await api(env.baseURL, 'GET', '/providers', { token: owner.accessToken })).body.data.length, 0);
    await shot(page, 'dashboard-empty');
    assert.deepEqual(await axeSerious(page), []);

    // The way back, from the empty state itself.
    await empty.getByRole('combobox', { name: 'Demo scenario' }).selectOption('startup');
    await empty.getByRole('button', { name: /load demo data/i }).click();
    await expectVisible(page.getByTestId('demo-indicator'), 20000);
    await expectHidden(page.getByTestId('dashboard-empty'));
    await page.context().close();
  });

  test('an organization named with an emoji gets that emoji as its avatar', async () => {
    const owner = await registerViaApi(env.baseURL, { name: 'Rita Rocket' });
    const renamed = await api(env.baseURL, 'PATCH', '/organization', { token: owner.accessToken, body: { name: '🚀 Rocket Labs' } });
    assert.equal(renamed.status, 200);
    const page = await env.newPage();
    await signInWithTokens(page, owner, '/dashboard');
    const avatar = page.locator('.org-avatar');
    await expectVisible(avatar);
    assert.equal(await avatar.textContent(), '🚀');
    await shot(page, 'emoji-org-avatar');
    await page.context().close();
  });
});
