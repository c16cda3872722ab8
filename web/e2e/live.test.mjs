// Live updates: a second browser sees a resource created by the first, without reloading.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, expectVisible, needsEndpoints, preflight, registerViaApi, setup, signInWithTokens } from './harness.mjs';

const missing = preflight();

describe('live updates', { skip: missing.length ? `missing ${missing.join(', ')}` : false }, () => {
  let env;
  before(async () => {
    env = await setup();
  });
  after(async () => {
    await env?.teardown();
  });

  test('the notifications socket connects', async () => {
    const u = await registerViaApi(env.baseURL);
    const page = await env.newPage();
    await signInWithTokens(page, u, '/dashboard');
    await expectVisible(page.getByText('Realtime: Live'));
    await page.context().close();
  });

  test('a resource created in one context appears in another without reload', async (t) => {
    if (!(await needsEndpoints(t, env.baseURL, [['POST', '/demo'], ['GET', '/resources'], ['POST', '/resources']]))) {
      throw new Error('endpoints missing');
    }
    const u = await registerViaApi(env.baseURL);
    await api(env.baseURL, 'POST', '/demo', { token: u.accessToken, body: { scenario: 'startup' } });
    const providers = await api(env.baseURL, 'GET', '/providers', { token: u.accessToken });
    const providerId = providers.body.data[0].id;

    const a = await env.newPage();
    const b = await env.newPage();
    await signInWithTokens(a, u, '/infrastructure');
    await signInWithTokens(b, u, '/infrastructure');
    await expectVisible(b.getByText('demo-web-server-1'));
    await expectVisible(b.getByText('Realtime: Live'));
    let reloaded = false;
    b.on('framenavigated', (f) => {
      if (f === b.mainFrame()) reloaded = true;
    });

    await a.getByTestId('create-resource-button').click();
    await a.getByTestId('resource-name').fill('live-update-probe');
    await a.getByTestId('resource-type').selectOption('server');
    await a.getByTestId('resource-provider').selectOption(providerId);
    await a.getByTestId('create-button').click();

    await expectVisible(b.getByText('live-update-probe'), 10000);
    assert.equal(reloaded, false, 'the second page was not reloaded');
    await a.context().close();
    await b.context().close();
  });
});
