// First use (issue #15): the time zone preference is applied to the times on screen. The
// browser runs in New York; the user picks Asia/Tokyo; times then show in Tokyo time.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, expectVisible, preflight, registerViaApi, setup, signInWithTokens } from './harness.mjs';

const missing = preflight();
const SHOTS = process.env.E2E_SHOTS;
const shot = async (page, name) => SHOTS && page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });

/** What lib/format's formatDateTime shows for `iso` in `timeZone`. */
const inZone = (iso, timeZone, zoneName = false) =>
  new Intl.DateTimeFormat(
    'en-US',
    zoneName
      ? { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short', timeZone }
      : { dateStyle: 'medium', timeStyle: 'short', timeZone },
  ).format(new Date(iso));

describe('first use: time zone preference', { skip: missing.length ? `missing ${missing.join(', ')}` : false }, () => {
  let env;
  let owner;
  before(async () => {
    env = await setup();
    owner = await registerViaApi(env.baseURL, { name: 'Tomo Tanaka' });
  });
  after(async () => {
    await env?.teardown();
  });

  test('choosing Asia/Tokyo shows times in Tokyo time, whatever zone the browser is in', async () => {
    const page = await env.newPage({ timezoneId: 'America/New_York', viewport: { width: 1280, height: 900 } });
    await signInWithTokens(page, owner, '/settings/profile');
    const zone = page.getByTestId('pref-timezone');
    await expectVisible(zone);
    // Only the languages that exist; the notification switches are the ones the server keeps.
    assert.deepEqual(await page.getByTestId('pref-language').locator('option').allTextContents(), ['English']);
    await expectVisible(page.getByTestId('notification-preferences'));

    await zone.selectOption('Asia/Tokyo');
    assert.match(await page.getByTestId('pref-timezone-now').textContent(), /GMT\+9/);
    await page.getByTestId('save-preferences').click();
    await expectVisible(page.getByText('Preferences saved'));
    await shot(page, 'preferences-tokyo');
    const prefs = await api(env.baseURL, 'GET', '/users/me/preferences', { token: owner.accessToken });
    assert.equal(prefs.body.data.timezone, 'Asia/Tokyo');
    assert.equal(prefs.body.data.language, 'en');

    // The organization's creation time, in Tokyo time (with its zone) — not New York's.
    const org = (await api(env.baseURL, 'GET', '/organization', { token: owner.accessToken })).body.data;
    await page.getByRole('link', { name: 'Organization' }).click();
    const created = page.getByTestId('org-created');
    await expectVisible(created);
    assert.equal(await created.inputValue(), inZone(org.createdAt, 'Asia/Tokyo', true));
    assert.notEqual(inZone(org.createdAt, 'Asia/Tokyo'), inZone(org.createdAt, 'America/New_York'));

    // The audit log too, after a reload (the preference comes back from the server).
    await page.goto('/settings/audit');
    const first = page.getByTestId('audit-time').first();
    await expectVisible(first);
    const iso = await first.getAttribute('datetime');
    assert.equal(await first.textContent(), inZone(iso, 'Asia/Tokyo'));
    await shot(page, 'audit-tokyo');
    await page.context().close();
  });
});
