// First use (issue #15): connecting a cloud account with wrong or incomplete credentials.
// A GCP key without client_email is reported at the key's field; AWS keys that fail the
// connection test keep the dialog open (POST /providers with verify: true) with "Save anyway".
// This sandbox has no internet, so an AWS test always fails; with internet, made-up keys fail too.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, axeSerious, expectHidden, expectVisible, needsEndpoints, preflight, registerViaApi, setup, signInWithTokens } from './harness.mjs';

const missing = preflight();
const SHOTS = process.env.E2E_SHOTS;
const shot = async (page, name) => SHOTS && page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });

const BAD_AWS = { accessKeyId: 'AKIAEXAMPLEWRONG0001', secretAccessKey: 'not-the-secret-0000000000000' };

/** Whether the server honours `verify` (the lead's change): a failing test then saves nothing. */
async function serverVerifies(baseURL, token) {
  const r = await api(baseURL, 'POST', '/providers', {
    token,
    body: { provider: 'aws', name: 'verify probe', verify: true, credentials: BAD_AWS },
  });
  if (r.status === 201) {
    await api(baseURL, 'DELETE', `/providers/${r.body.data.id}`, { token });
    return false;
  }
  return r.status === 400 && r.body?.error?.details?.test !== undefined;
}

describe('first use: connect errors', { skip: missing.length ? `missing ${missing.join(', ')}` : false }, () => {
  let env;
  let owner;
  before(async () => {
    env = await setup();
    owner = await registerViaApi(env.baseURL, { name: 'Olivia Owner' });
  });
  after(async () => {
    await env?.teardown();
  });

  async function openDialog() {
    const page = await env.newPage({ viewport: { width: 1280, height: 900 } });
    await signInWithTokens(page, owner, '/settings/cloud-accounts');
    await page.getByTestId('add-provider').click();
    await expectVisible(page.getByRole('dialog', { name: 'Add a cloud account' }));
    return page;
  }

  test('a GCP key missing client_email is reported at the key field, and nothing is saved', async (t) => {
    await needsEndpoints(t, env.baseURL, [['POST', '/providers']]);
    const page = await openDialog();
    await page.getByTestId('provider-gcp').click();
    const key = page.getByTestId('credential-serviceAccountJson');
    await key.fill(JSON.stringify({ type: 'service_account', project_id: 'demo-project', private_key_id: 'abc' }, null, 2));
    await page.getByTestId('connect-provider').click();
    await expectVisible(page.getByText(/client_email is required/));
    assert.equal(await key.getAttribute('aria-invalid'), 'true');
    const described = await key.getAttribute('aria-describedby');
    const message = await page.locator(`[id="${described}"]`).textContent();
    assert.match(message, /client_email is required/, 'the error is the field’s description');
    await expectVisible(page.getByRole('dialog', { name: 'Add a cloud account' }));
    await shot(page, 'connect-gcp-missing-field');
    assert.deepEqual(await axeSerious(page), []);
    const list = await api(env.baseURL, 'GET', '/providers', { token: owner.accessToken });
    assert.equal(list.body.data.length, 0);
    await page.context().close();
  });

  test('AWS keys that fail the connection test keep the dialog open; "Save anyway" saves in error', async (t) => {
    await needsEndpoints(t, env.baseURL, [['POST', '/providers']]);
    const verifies = await serverVerifies(env.baseURL, owner.accessToken);
    const page = await openDialog();
    await page.getByTestId('provider-aws').click();
    await page.getByTestId('provider-name').fill('AWS wrong keys');
    await page.getByTestId('credential-accessKeyId').fill(BAD_AWS.accessKeyId);
    await page.getByTestId('credential-secretAccessKey').fill(BAD_AWS.secretAccessKey);
    await page.getByTestId('connect-provider').click();

    if (!verifies) {
      // Until the server honours verify, the account is saved in error: the toast must not say "added".
      t.todo('server ignores `verify` on POST /providers yet (lead is adding it): checked the fallback only');
      await expectVisible(page.getByText('AWS account saved but not connected'));
      assert.equal(await page.getByText('AWS account added').count(), 0);
      await expectVisible(page.getByRole('row', { name: /AWS wrong keys/ }).getByText('Error', { exact: true }));
      await shot(page, 'connect-aws-saved-in-error');
      await page.context().close();
      return;
    }

    const failure = page.getByTestId('connection-failure');
    await expectVisible(failure);
    await expectVisible(page.getByRole('dialog', { name: 'Add a cloud account' }));
    const shown = (await page.getByTestId('connection-failure-message').textContent()).trim();
    assert.ok(shown.length > 0);
    assert.equal((await api(env.baseURL, 'GET', '/providers', { token: owner.accessToken })).body.data.length, 0, 'nothing saved');
    await shot(page, 'connect-aws-verify-failed');

    await page.getByTestId('save-anyway').click();
    await expectHidden(page.getByRole('dialog', { name: 'Add a cloud account' }));
    await expectVisible(page.getByText('AWS account saved but not connected'));
    assert.equal(await page.getByText('AWS account added').count(), 0);
    const saved = (await api(env.baseURL, 'GET', '/providers', { token: owner.accessToken })).body.data;
    assert.equal(saved.length, 1);
    assert.equal(saved[0].status, 'error');
    await page.context().close();
  });

  test('the verify contract, answered in the browser: dialog stays open with the cause, then Save anyway', async () => {
    // The server's answer to `verify: true` is stubbed here exactly as the contract states
    // (400 VALIDATION_ERROR, message = fields.credentials = first cause, details.test = result),
    // so the dialog is checked whatever the server under test supports; the request without
    // verify goes to the real server.
    const cause = 'AWS did not accept the access key ID. Check the key ID and secret access key, or create a new access key.';
    const page = await openDialog();
    let verified = 0;
    await page.route('**/api/v1/providers', async (route) => {
      const body = route.request().postDataJSON?.() ?? null;
      if (route.request().method() !== 'POST' || !body?.verify) return route.continue();
      verified += 1;
      await route.fulfill({
        status: 400,
        contentType: 'application/json',
        body: JSON.stringify({
          success: false,
          error: {
            code: 'VALIDATION_ERROR',
            message: cause,
            details: {
              fields: { credentials: cause },
              test: { valid: false, identity: {}, permissions: [], limitations: [], regions: [], services: [], errors: [cause, 'Regions could not be listed: the credentials were refused.'] },
            },
            requestId: 'stub',
          },
        }),
      });
    });
    await page.getByTestId('provider-aws').click();
    await page.getByTestId('provider-name').fill('AWS stubbed verify');
    await page.getByTestId('credential-accessKeyId').fill(BAD_AWS.accessKeyId);
    await page.getByTestId('credential-secretAccessKey').fill(BAD_AWS.secretAccessKey);
    await page.getByTestId('connect-provider').click();
    await expectVisible(page.getByTestId('connection-failure'));
    assert.equal((await page.getByTestId('connection-failure-message').textContent()).trim(), cause);
    assert.equal(verified, 1);
    // The cause sits at the credentials: the fieldset is described by it.
    const fieldset = page.locator('fieldset', { has: page.getByTestId('connection-failure') });
    assert.equal(await fieldset.getAttribute('aria-describedby'), 'credentials-problem');
    await shot(page, 'connect-verify-failed');
    assert.deepEqual(await axeSerious(page), [], 'no serious accessibility violations');
    // Keyboard: Save anyway is reachable and works with Enter.
    await page.getByTestId('save-anyway').focus();
    await page.keyboard.press('Enter');
    await expectHidden(page.getByRole('dialog', { name: 'Add a cloud account' }));
    await expectVisible(page.getByText('AWS account saved but not connected'));
    await expectVisible(page.getByRole('row', { name: /AWS stubbed verify/ }));
    await shot(page, 'connect-saved-anyway');
    await page.context().close();
  });

  test('a simulated account that connects is "added"', async (t) => {
    await needsEndpoints(t, env.baseURL, [['POST', '/providers']]);
    const page = await openDialog();
    await page.getByTestId('provider-simulated').click();
    await page.getByTestId('provider-name').fill('Lab');
    await page.getByTestId('connect-provider').click();
    await expectVisible(page.getByText('Simulated account added'));
    await expectHidden(page.getByRole('dialog', { name: 'Add a cloud account' }));
    await page.context().close();
  });
});
