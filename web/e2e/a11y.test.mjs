// axe-core on every page, in both themes: no serious or critical violations.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, axeSerious, preflight, registerViaApi, setup, signInWithTokens } from './harness.mjs';

const missing = preflight();

const APP_PAGES = [
  '/dashboard',
  '/infrastructure',
  '/deployments',
  '/monitoring',
  '/cost',
  '/security',
  '/vault',
  '/settings/profile',
  '/settings/organization',
  '/settings/cloud-accounts',
  '/settings/members',
  '/settings/api-keys',
  '/settings/audit',
  '/settings/notifications',
  '/no-such-page',
];

function report(violations) {
  return violations.map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.join('\n    ')}`).join('\n');
}

describe('accessibility', { skip: missing.length ? `missing ${missing.join(', ')}` : false }, () => {
  let env;
  let user;
  before(async () => {
    env = await setup();
    user = await registerViaApi(env.baseURL, { completeOnboarding: false });
    // Demo data (when the server has it) makes tables and charts part of the check.
    await api(env.baseURL, 'POST', '/demo', { token: user.accessToken, body: { scenario: 'startup' } });
  });
  after(async () => {
    await env?.teardown();
  });

  for (const theme of ['light', 'dark']) {
    test(`public pages (${theme})`, async () => {
      const page = await env.newPage({ colorScheme: theme, bypassCSP: true });
      for (const path of ['/login', '/register']) {
        await page.goto(path);
        await page.getByRole('heading', { level: 1 }).waitFor();
        const v = await axeSerious(page);
        assert.deepEqual(v, [], `${path} (${theme}):\n${report(v)}`);
      }
      await page.context().close();
    });

    test(`onboarding steps (${theme})`, async () => {
      const page = await env.newPage({ colorScheme: theme, bypassCSP: true });
      const fresh = await registerViaApi(env.baseURL, { completeOnboarding: false });
      await signInWithTokens(page, fresh, '/onboarding');
      const steps = ['Welcome', 'Connect a cloud account', 'Choose your experience', 'Set your preferences'];
      for (const [i, heading] of steps.entries()) {
        await page.getByRole('heading', { name: new RegExp(heading) }).waitFor();
        const v = await axeSerious(page);
        assert.deepEqual(v, [], `onboarding step ${heading} (${theme}):\n${report(v)}`);
        if (i === 0) await page.getByTestId('onboarding-start').click();
        if (i === 1) await page.getByTestId('skip-cloud-setup').click();
        if (i === 2) await page.getByTestId('use-real-data').click();
      }
      await page.getByTestId('complete-onboarding').click();
      await page.waitForURL((u) => u.pathname === '/dashboard');
      await page.context().close();
    });

    test(`app pages (${theme})`, async () => {
      const page = await env.newPage({ colorScheme: theme, bypassCSP: true });
      await signInWithTokens(page, user, '/dashboard');
      const failures = [];
      for (const path of APP_PAGES) {
        await page.goto(path);
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        await page.waitForLoadState('networkidle').catch(() => {});
        await page.waitForTimeout(200);
        const v = await axeSerious(page);
        if (v.length) failures.push(`${path}:\n${report(v)}`);
      }
      // Dialogs too.
      await page.goto('/infrastructure');
      const create = page.getByTestId('create-resource-button');
      if (await create.count()) {
        await create.click();
        await page.getByRole('dialog').waitFor();
        const v = await axeSerious(page);
        if (v.length) failures.push(`create resource dialog:\n${report(v)}`);
      }
      assert.equal(failures.length, 0, failures.join('\n'));
      await page.context().close();
    });
  }
});
