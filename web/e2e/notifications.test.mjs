// Notifications in the browser (issue #16): an admin adds an in-app and a webhook channel in
// Settings → Notifications and sends tests (delivered, and the exact failure of a webhook that
// answers 500); a test of the in-app channel lands in the caller's notification center and shows
// in the bell of the caller's other browser live, but not in another member's bell.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { api, axeSerious, expectVisible, needsEndpoints, preflight, registerViaApi, setup, signInWithTokens, uniqueEmail } from './harness.mjs';

const missing = preflight();
const SHOTS = process.env.E2E_SHOTS;
const shot = async (page, name) => SHOTS && page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });

/** A webhook receiver on loopback: /ok answers 204, /fail answers 500; every request is kept. */
async function startReceiver() {
  const requests = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      requests.push({ path: req.url, headers: req.headers, body });
      if (req.url?.startsWith('/fail')) {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end('receiver is down');
      } else {
        res.writeHead(204);
        res.end();
      }
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    close: () => new Promise((r) => server.close(r)),
  };
}

const ENDPOINTS = [
  ['GET', '/notification-channels'],
  ['GET', '/notifications'],
  ['GET', '/notification-deliveries'],
];

describe('notifications', { skip: missing.length ? `missing ${missing.join(', ')}` : false }, () => {
  let env;
  let receiver;
  let owner;
  before(async () => {
    // Webhooks to loopback are refused unless the operator allows private targets.
    env = await setup(null, { serverEnv: { CLOUDWEAVE_OUTBOUND_ALLOW_PRIVATE: '1' } });
    receiver = await startReceiver();
    owner = await registerViaApi(env.baseURL, { name: 'Nora Owner' });
  });
  after(async () => {
    await env?.teardown();
    await receiver?.close();
  });

  /** Adds a channel through the dialog and waits for its row. */
  async function addChannel(page, { type, name, url, secret }) {
    await page.getByTestId('add-channel').click();
    const dialog = page.getByRole('dialog', { name: 'Add a notification channel' });
    await dialog.getByRole('radio', { name: type }).click();
    await dialog.getByTestId('channel-name').fill(name);
    if (url) await dialog.getByTestId('channel-url').fill(url);
    if (secret) await dialog.getByTestId('channel-secret').fill(secret);
    await dialog.getByTestId('channel-submit').click();
    await expectVisible(page.getByText('Channel added'));
    const row = page.getByTestId('channels-table').getByRole('row', { name: new RegExp(name) });
    await expectVisible(row);
    return row;
  }

  test('an admin adds in-app and webhook channels and sends tests: delivered, or the exact failure', async (t) => {
    if (!(await needsEndpoints(t, env.baseURL, ENDPOINTS))) return;
    const page = await env.newPage();
    await signInWithTokens(page, owner, '/settings/notifications');
    await expectVisible(page.getByRole('heading', { name: 'Channels' }));

    const inApp = await addChannel(page, { type: 'In-app', name: 'Everyone in the app' });
    await expectVisible(inApp.getByText('In-app'));

    const secret = 'e2e-signing-secret';
    const hook = await addChannel(page, { type: 'Webhook', name: 'Incident bot', url: `${receiver.url}/ok`, secret });
    await expectVisible(hook.getByText('All kinds'));
    // The webhook URL is a secret: the row shows the target without it, the API never returns it.
    assert.equal(await hook.getByText('/ok').count(), 0, 'the URL path is not shown');
    const listed = await api(env.baseURL, 'GET', '/notification-channels', { token: owner.accessToken });
    const stored = listed.body.data.find((c) => c.name === 'Incident bot');
    assert.deepEqual([...stored.secretsSet].sort(), ['secret', 'url']);
    assert.equal(stored.config.url, undefined);
    assert.equal(stored.config.secret, undefined);

    // Send test → delivered, signed as documented.
    await hook.getByTestId('channel-test').click();
    await expectVisible(hook.locator('[data-testid="channel-test-result"][data-delivered="true"]'), 20000);
    const req = receiver.requests.find((r) => r.path === '/ok');
    assert.ok(req, 'the receiver got the test');
    const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(req.headers['x-cloudweave-signature']));
    assert.ok(m, `signature header: ${req.headers['x-cloudweave-signature']}`);
    assert.equal(m[2], createHmac('sha256', secret).update(`${m[1]}.${req.body}`).digest('hex'));

    // A receiver that answers 500: the UI shows the server's exact error.
    const broken = await addChannel(page, { type: 'Webhook', name: 'Broken receiver', url: `${receiver.url}/fail` });
    await broken.getByTestId('channel-test').click();
    const failure = broken.locator('[data-testid="channel-test-result"][data-delivered="false"]');
    await expectVisible(failure, 20000);
    const shown = (await failure.getByTestId('channel-test-error').textContent()).trim();
    const brokenId = (await api(env.baseURL, 'GET', '/notification-channels', { token: owner.accessToken })).body.data.find((c) => c.name === 'Broken receiver').id;
    const direct = await api(env.baseURL, 'POST', `/notification-channels/${brokenId}/test`, { token: owner.accessToken });
    assert.equal(direct.body.data.delivered, false);
    assert.equal(shown, direct.body.data.error, 'the error text is the server’s, unchanged');
    assert.match(shown, /500/);

    // Rules: take Vault away from the webhook and save.
    await page.getByRole('checkbox', { name: 'Vault to Incident bot' }).uncheck();
    await page.getByTestId('rules-save').click();
    await expectVisible(page.getByText('Rules saved'));
    const after = await api(env.baseURL, 'GET', `/notification-channels/${stored.id}`, { token: owner.accessToken });
    assert.ok(!after.body.data.events.includes('vault'));
    assert.ok(after.body.data.events.includes('alerts'));

    await expectVisible(page.getByRole('heading', { name: 'Delivery log' }));
    await shot(page, 'settings-notifications');
    assert.deepEqual(await axeSerious(page), [], 'no serious accessibility violations on the page');

    // Editing shows the stored secrets as stored, never their values.
    await hook.getByTestId('channel-edit').click();
    const dialog = page.getByRole('dialog', { name: 'Edit Incident bot' });
    await expectVisible(dialog.getByTestId('secret-url-stored'));
    await expectVisible(dialog.getByTestId('secret-secret-stored'));
    assert.equal(await dialog.getByTestId('channel-url').count(), 0);
    await shot(page, 'channel-edit');
    assert.deepEqual(await axeSerious(page), [], 'no serious accessibility violations in the dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.context().close();
  });

  test('a test of the in-app channel appears live in the caller’s bell, and only there', async (t) => {
    if (!(await needsEndpoints(t, env.baseURL, ENDPOINTS))) return;
    // A second member of the same organization, signed in in a browser of their own.
    const email = uniqueEmail('admin');
    const password = 'AdminPassword123!';
    const created = await api(env.baseURL, 'POST', '/users', { token: owner.accessToken, body: { email, name: 'Ada Admin', role: 'admin', password } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const login = await api(env.baseURL, 'POST', '/auth/login', { body: { email, password } });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    const member = { accessToken: login.body.data.accessToken, refreshToken: login.body.data.refreshToken };
    await api(env.baseURL, 'PUT', '/onboarding', { token: member.accessToken, body: { completed: true, skipped: true } });

    // Start from an empty count on both sides.
    await api(env.baseURL, 'POST', '/notifications/read-all', { token: owner.accessToken });
    await api(env.baseURL, 'POST', '/notifications/read-all', { token: member.accessToken });
    let channels = (await api(env.baseURL, 'GET', '/notification-channels', { token: owner.accessToken })).body.data;
    if (!channels.some((c) => c.type === 'in_app')) {
      await api(env.baseURL, 'POST', '/notification-channels', { token: owner.accessToken, body: { name: 'Everyone in the app', type: 'in_app', config: {} } });
      channels = (await api(env.baseURL, 'GET', '/notification-channels', { token: owner.accessToken })).body.data;
    }
    const inApp = channels.find((c) => c.type === 'in_app');

    const ownerSettings = await env.newPage();
    const ownerDashboard = await env.newPage();
    const memberDashboard = await env.newPage();
    await signInWithTokens(ownerSettings, owner, '/settings/notifications');
    await signInWithTokens(ownerDashboard, owner, '/dashboard');
    await signInWithTokens(memberDashboard, member, '/dashboard');
    for (const p of [ownerDashboard, memberDashboard]) {
      await expectVisible(p.getByText('Realtime: Live'));
      await expectVisible(p.getByTestId('notifications-bell'));
      assert.equal(await p.getByTestId('notifications-unread').count(), 0);
    }
    let reloaded = false;
    ownerDashboard.on('framenavigated', (f) => {
      if (f === ownerDashboard.mainFrame()) reloaded = true;
    });

    const row = ownerSettings.getByTestId('channels-table').getByRole('row', { name: new RegExp(inApp.name) });
    await row.getByTestId('channel-test').click();
    await expectVisible(row.locator('[data-testid="channel-test-result"][data-delivered="true"]'), 20000);

    // The owner's other browser: the count goes up without a reload, the entry is on top.
    await expectVisible(ownerDashboard.getByTestId('notifications-unread'), 10000);
    assert.equal((await ownerDashboard.getByTestId('notifications-unread').textContent()).trim(), '1');
    assert.equal(reloaded, false, 'the dashboard was not reloaded');
    await ownerDashboard.getByTestId('notifications-bell').click();
    const panel = ownerDashboard.getByRole('dialog', { name: 'Notifications' });
    const first = panel.getByTestId('notification-item').first();
    await expectVisible(first);
    assert.equal(await first.getAttribute('data-read'), 'false');
    await shot(ownerDashboard, 'bell-live');
    assert.deepEqual(await axeSerious(ownerDashboard), [], 'no serious accessibility violations with the panel open');

    // The other member got nothing (a test goes to the caller's own center).
    assert.equal(await memberDashboard.getByTestId('notifications-unread').count(), 0);
    const memberCenter = await api(env.baseURL, 'GET', '/notifications', { token: member.accessToken });
    assert.equal(memberCenter.body.meta.unread, 0);

    // Opening it marks it read on the server (the panel stays open when it has no link to follow).
    const link = (await api(env.baseURL, 'GET', '/notifications', { token: owner.accessToken })).body.data[0].link;
    await first.click();
    await ownerDashboard.getByTestId('notifications-unread').waitFor({ state: 'detached' });
    const ownerCenter = await api(env.baseURL, 'GET', '/notifications', { token: owner.accessToken });
    assert.equal(ownerCenter.body.meta.unread, 0);
    if (!link) {
      await ownerDashboard.keyboard.press('Escape');
      await panel.waitFor({ state: 'detached' });
    }

    for (const p of [ownerSettings, ownerDashboard, memberDashboard]) await p.context().close();
  });
});
