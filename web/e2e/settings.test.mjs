// Settings in the browser: preferences, members and roles, API keys, viewers without mutating
// controls, and a cloud account added, tested, synced and deleted.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, expectHidden, expectURL, expectVisible, loginViaUi, needsEndpoints, preflight, registerViaApi, setup, signInWithTokens, uniqueEmail } from './harness.mjs';

const missing = preflight();

describe('settings', { skip: missing.length ? `missing ${missing.join(', ')}` : false }, () => {
  let env;
  let owner;
  before(async () => {
    env = await setup();
    owner = await registerViaApi(env.baseURL, { name: 'Olivia Owner' });
  });
  after(async () => {
    await env?.teardown();
  });

  test('preferences: theme saved on the server survives a reload', async () => {
    const page = await env.newPage({ colorScheme: 'dark' });
    await signInWithTokens(page, owner, '/settings/profile');
    await expectVisible(page.getByRole('heading', { name: 'Preferences' }));
    await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: 'Light' }).click();
    await page.getByTestId('save-preferences').click();
    await expectVisible(page.getByText('Preferences saved'));
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
    const prefs = await api(env.baseURL, 'GET', '/users/me/preferences', { token: JSON.parse(await page.evaluate(() => localStorage.getItem('cw.session'))).accessToken });
    assert.equal(prefs.body.data.theme, 'light');
    await page.context().close();
  });

  test('profile name change shows in the user menu', async () => {
    const page = await env.newPage();
    await signInWithTokens(page, owner, '/settings/profile');
    await page.getByTestId('profile-name').fill('Olivia O. Owner');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expectVisible(page.getByText('Profile updated'));
    await expectVisible(page.getByTestId('user-menu').getByText('Olivia O. Owner'));
    await page.context().close();
  });

  test('API key: created key is shown exactly once', async () => {
    const page = await env.newPage();
    await signInWithTokens(page, owner, '/settings/api-keys');
    await page.getByTestId('create-api-key').click();
    await page.getByTestId('api-key-name').fill('CI deploys');
    await page.getByTestId('api-key-submit').click();
    const secret = await page.getByTestId('api-key-secret').textContent();
    assert.ok(secret && secret.length >= 20, 'a key is displayed');
    // The key works against the API.
    const res = await fetch(`${env.baseURL}/api/v1/auth/me`, { headers: { 'X-API-Key': secret } });
    assert.notEqual(res.status, 401);
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await expectVisible(page.getByRole('cell', { name: 'CI deploys' }));
    assert.equal(await page.getByText(secret).count(), 0, 'never shown again');
    await page.context().close();
  });

  test('members: add a viewer, who then sees no mutating controls', async () => {
    const page = await env.newPage();
    await signInWithTokens(page, owner, '/settings/members');
    const email = uniqueEmail('viewer');
    await page.getByTestId('invite-member').click();
    await page.getByTestId('member-email').fill(email);
    await page.getByTestId('member-name').fill('Victor Viewer');
    await page.getByTestId('member-role').selectOption('viewer');
    await page.getByTestId('member-password').fill('ViewerPassword123');
    await page.getByTestId('member-submit').click();
    await expectVisible(page.getByText('Member added'));
    await expectVisible(page.getByRole('cell', { name: /Victor Viewer/ }));
    await page.context().close();

    const viewer = await env.newPage();
    await loginViaUi(viewer, { email, password: 'ViewerPassword123' });
    // A member added by an admin may still have to pass (or skip) onboarding.
    await viewer.locator('[data-testid="skip-onboarding"], [data-testid="infrastructure-nav"]').first().waitFor();
    if (await viewer.getByTestId('skip-onboarding').count()) {
      await viewer.getByTestId('skip-onboarding').click();
      await expectURL(viewer, '/dashboard');
    }
    await viewer.getByTestId('infrastructure-nav').click();
    await expectVisible(viewer.getByRole('heading', { name: 'Infrastructure Management' }));
    assert.equal(await viewer.getByTestId('create-resource-button').count(), 0);
    await viewer.goto('/settings/cloud-accounts');
    await expectVisible(viewer.getByRole('heading', { name: 'Cloud accounts' }));
    assert.equal(await viewer.getByTestId('add-provider').count(), 0);
    assert.equal(await viewer.getByRole('link', { name: 'Members & roles' }).count(), 0);
    assert.equal(await viewer.getByRole('link', { name: 'API keys' }).count(), 0);
    await viewer.context().close();
  });

  test('cloud account: add, test connection, sync with progress, delete', async (t) => {
    await needsEndpoints(t, env.baseURL, [['GET', '/providers'], ['POST', '/providers']]);
    const page = await env.newPage();
    await signInWithTokens(page, owner, '/settings/cloud-accounts');
    await page.getByTestId('add-provider').click();
    // The right credential fields per provider.
    await page.getByTestId('provider-azure').click();
    for (const f of ['tenantId', 'clientId', 'clientSecret', 'subscriptionId']) await expectVisible(page.getByTestId(`credential-${f}`));
    await page.getByTestId('provider-gcp').click();
    await expectVisible(page.getByTestId('credential-serviceAccountJson'));
    await page.getByTestId('provider-aws').click();
    await expectVisible(page.getByTestId('credential-secretAccessKey'));
    await page.getByTestId('provider-simulated').click();
    await page.getByTestId('provider-name').fill('Lab cloud');
    await page.getByTestId('credential-scenario').selectOption('startup');
    await page.getByTestId('credential-seed').fill('42');
    await page.getByTestId('connect-provider').click();
    await expectVisible(page.getByText('Simulated account added'));
    const row = page.getByRole('row', { name: /Lab cloud/ });
    await expectVisible(row);
    await row.getByRole('button', { name: /Test connection/ }).click();
    await expectVisible(row.getByTestId('test-result'));
    await row.getByRole('button', { name: /Sync now \(Lab cloud\)/ }).click();
    await expectVisible(page.getByText('Sync started'));
    await expectVisible(row.getByText(/Syncing|Sync complete/), 15000);
    await row.getByRole('button', { name: 'Delete Lab cloud' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete account' }).click();
    await expectHidden(page.getByRole('row', { name: /Lab cloud/ }));
    await page.context().close();
  });
});
