// Sign-up, sign-in, sign-out, silent token refresh and onboarding resume, in Chromium against
// the real server.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectURL, expectVisible, loginViaUi, preflight, registerViaApi, setup, signInWithTokens, uniqueEmail } from './harness.mjs';

const missing = preflight();

describe('auth', { skip: missing.length ? `missing ${missing.join(', ')}` : false }, () => {
  let env;
  before(async () => {
    env = await setup();
  });
  after(async () => {
    await env?.teardown();
  });

  test('register lands on onboarding; reload resumes at the saved step', async () => {
    const page = await env.newPage();
    await page.goto('/register');
    await page.fill('[data-testid="email"]', uniqueEmail('newuser'));
    await page.fill('[data-testid="name"]', 'New User');
    await page.fill('[data-testid="password"]', 'SecurePassword123!');
    await page.click('[data-testid="register-button"]');
    await expectURL(page, '/onboarding');
    await page.getByRole('button', { name: 'Get started' }).click();
    await expectVisible(page.getByRole('heading', { name: 'Connect a cloud account' }));
    // The step is saved on the server: a reload comes back to it.
    await page.waitForTimeout(300);
    await page.reload();
    await expectVisible(page.getByRole('heading', { name: 'Connect a cloud account' }));
    await page.click('[data-testid="skip-onboarding"]');
    await expectURL(page, '/dashboard');
    await expectVisible(page.getByRole('heading', { name: 'Dashboard' }));
    await page.context().close();
  });

  test('register shows field messages (client and server)', async () => {
    const page = await env.newPage();
    await page.goto('/register');
    await page.fill('[data-testid="email"]', 'someone@example.com');
    await page.fill('[data-testid="name"]', 'Someone');
    await page.fill('[data-testid="password"]', 'short');
    await page.click('[data-testid="register-button"]');
    await expectVisible(page.getByText('Use at least 10 characters'));
    // Duplicate email comes back from the server as 409.
    const existing = await registerViaApi(env.baseURL);
    await page.fill('[data-testid="email"]', existing.email);
    await page.fill('[data-testid="password"]', 'SecurePassword123!');
    await page.click('[data-testid="register-button"]');
    await expectVisible(page.getByText(/already exists/));
    await page.context().close();
  });

  test('login, wrong password, logout clears the session', async () => {
    const u = await registerViaApi(env.baseURL);
    const page = await env.newPage();
    await loginViaUi(page, { email: u.email, password: 'WrongPassword99' });
    await expectVisible(page.getByText('Incorrect email or password.'));
    await loginViaUi(page, u);
    await expectURL(page, '/dashboard');
    await expectVisible(page.getByTestId('user-menu'));
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await expectURL(page, '/login');
    const stored = await page.evaluate(() => localStorage.getItem('cw.session'));
    assert.equal(stored, null);
    await page.goto('/settings/profile');
    await expectURL(page, '/login');
    await page.context().close();
  });

  test('an expired access token is refreshed silently and the pair rotated', async () => {
    const u = await registerViaApi(env.baseURL);
    const page = await env.newPage();
    await signInWithTokens(page, { accessToken: 'expired.or.garbage', refreshToken: u.refreshToken }, '/settings/profile');
    await expectVisible(page.getByRole('heading', { name: 'Profile' }));
    await expectVisible(page.getByTestId('user-menu'));
    const stored = JSON.parse(await page.evaluate(() => localStorage.getItem('cw.session')));
    assert.notEqual(stored.refreshToken, u.refreshToken, 'refresh token rotated');
    assert.notEqual(stored.accessToken, 'expired.or.garbage');
    await page.context().close();
  });

  test('a revoked session sends the user to sign in', async () => {
    const page = await env.newPage();
    await signInWithTokens(page, { accessToken: 'bad', refreshToken: 'also-bad' }, '/dashboard');
    await expectURL(page, '/login');
    await page.context().close();
  });
});
