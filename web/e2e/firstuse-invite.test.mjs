// First use (issue #15): an invited member opens the invitation link, chooses a password and
// lands signed in; a used link explains itself. Screenshots go to $E2E_SHOTS when it is set.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, axeSerious, expectURL, expectVisible, preflight, registerViaApi, setup, signInWithTokens, uniqueEmail } from './harness.mjs';

const missing = preflight();
const SHOTS = process.env.E2E_SHOTS;
const shot = async (page, name) => SHOTS && page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });

describe('first use: accept an invitation', { skip: missing.length ? `missing ${missing.join(', ')}` : false }, () => {
  let env;
  let owner;
  before(async () => {
    env = await setup();
    owner = await registerViaApi(env.baseURL, { name: 'Olivia Owner' });
  });
  after(async () => {
    await env?.teardown();
  });

  test('an admin invites, the invitee sets a password from the link and is signed in', async () => {
    const admin = await env.newPage({ viewport: { width: 1280, height: 860 } });
    await signInWithTokens(admin, owner, '/settings/members');
    const email = uniqueEmail('invitee');
    await admin.getByTestId('invite-member').click();
    await admin.getByTestId('member-email').fill(email);
    await admin.getByTestId('member-name').fill('Ivy Invitee');
    await admin.getByTestId('member-role').selectOption('operator');
    await admin.getByTestId('member-submit').click();
    const link = (await admin.getByTestId('invite-link').textContent()).trim();
    assert.match(link, /\/accept-invite\?token=/);
    await shot(admin, 'invite-created');
    await admin.context().close();

    // The invitee, in a browser of their own.
    const page = await env.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(link);
    await expectVisible(page.getByRole('heading', { name: 'Join your team' }));
    await shot(page, 'accept-invite');
    assert.deepEqual(await axeSerious(page), [], 'no serious accessibility violations');
    // Register's password rule, as a field error.
    await page.getByTestId('invite-password').fill('short');
    await page.getByTestId('accept-invite-button').click();
    await expectVisible(page.getByText('Use at least 10 characters'));
    assert.equal(await page.getByTestId('invite-password').getAttribute('aria-invalid'), 'true');
    await shot(page, 'accept-invite-field-error');

    await page.getByTestId('invite-name').fill('Ivy I. Invitee');
    await page.getByTestId('invite-password').fill('InvitedPassword123');
    await page.getByTestId('accept-invite-button').click();
    // Signed in: the dashboard, or the onboarding a new member may still have to pass.
    await page.waitForURL((u) => u.pathname === '/dashboard' || u.pathname === '/onboarding');
    const session = JSON.parse(await page.evaluate(() => localStorage.getItem('cw.session')));
    assert.ok(session?.accessToken && session?.refreshToken, 'the session is stored like sign-in stores it');
    const me = await api(env.baseURL, 'GET', '/auth/me', { token: session.accessToken });
    assert.equal(me.status, 200);
    assert.equal(me.body.data.email, email);
    assert.equal(me.body.data.name, 'Ivy I. Invitee');
    assert.equal(me.body.data.role, 'operator');
    // /dashboard first, which sends a member who has not finished onboarding on to /onboarding.
    await page.locator('[data-testid="skip-onboarding"], [data-testid="user-menu"]').first().waitFor();
    if (await page.getByTestId('skip-onboarding').count()) {
      await page.getByTestId('skip-onboarding').click();
      await expectURL(page, '/dashboard');
    }
    await expectVisible(page.getByTestId('user-menu').getByText('Ivy I. Invitee'));
    await shot(page, 'accept-invite-landed');

    // The link works once: opened again (signed out) it says so and leads to sign-in.
    await page.evaluate(() => localStorage.clear());
    await page.goto(link);
    await page.getByTestId('invite-password').fill('AnotherPassword123');
    await page.getByTestId('accept-invite-button').click();
    await expectVisible(page.getByTestId('invite-invalid'));
    await expectVisible(page.getByText('This invitation is no longer valid'));
    await shot(page, 'accept-invite-used');
    assert.deepEqual(await axeSerious(page), []);
    await page.getByTestId('invite-sign-in').click();
    await expectURL(page, '/login');
    // And the password chosen on the invitation page signs in.
    await page.getByTestId('email').fill(email);
    await page.getByTestId('password').fill('InvitedPassword123');
    await page.getByTestId('login-button').click();
    await page.waitForURL((u) => u.pathname === '/dashboard' || u.pathname === '/onboarding');
    await page.context().close();
  });

  test('a link without a token, or with an unknown one, leads to sign-in', async () => {
    const page = await env.newPage();
    await page.goto('/accept-invite');
    await expectVisible(page.getByText('This invitation link is incomplete'));
    await page.goto('/accept-invite?token=not-a-real-token');
    await page.getByTestId('invite-password').fill('SomePassword1234');
    await page.getByTestId('accept-invite-button').click();
    await expectVisible(page.getByText('This invitation is no longer valid'));
    assert.equal(await page.getByTestId('invite-sign-in').getAttribute('href'), '/login');
    await page.context().close();
  });
});
