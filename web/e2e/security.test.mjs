// Security (issue #18, UI): the demo's sync starts a scan; the Security area shows the posture
// (counts, charts, rules failing most), findings filtered by severity from the keyboard with the
// filter in the URL, a finding's detail with its remediation, muting it with a reason (it then
// lists under Muted), and a compliance framework requirement by requirement; no serious
// accessibility violations on any tab.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, axeSerious, expectVisible, needsEndpoints, preflight, registerViaApi, setup, signInWithTokens } from './harness.mjs';

const missing = preflight();

/** Waits until the organization has a completed scan. */
async function scanned(baseURL, token) {
  const deadline = Date.now() + 60000;
  for (;;) {
    const s = (await api(baseURL, 'GET', '/security/summary', { token })).body.data;
    if (s?.lastScan?.state === 'completed' && s.byStatus.open > 0) return s;
    assert.ok(Date.now() < deadline, `a completed scan: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('security', { skip: missing.length ? `missing ${missing.join(', ')}` : false }, () => {
  let env;
  before(async () => {
    env = await setup();
  });
  after(async () => {
    await env?.teardown();
  });

  test('posture, findings by severity, a finding muted with a reason, a framework report', async (t) => {
    if (!(await needsEndpoints(t, env.baseURL, [['GET', '/security/summary'], ['POST', '/demo']]))) return;
    const owner = await registerViaApi(env.baseURL, { name: 'Sam Security' });
    const loaded = await api(env.baseURL, 'POST', '/demo', { token: owner.accessToken, body: { scenario: 'startup' } });
    assert.ok(loaded.status < 300, `demo loaded: ${loaded.status}`);
    const summary = await scanned(env.baseURL, owner.accessToken);

    const page = await env.newPage({ viewport: { width: 1440, height: 900 } });
    await signInWithTokens(page, owner, '/security');
    await expectVisible(page.getByRole('heading', { name: 'Security', level: 1 }));
    await expectVisible(page.getByTestId('security-severity-chart').locator('.recharts-bar-rectangle').first(), 20000);
    await expectVisible(page.getByTestId('security-top-rules').getByRole('link').first());
    assert.match(await page.getByTestId('security-overview').textContent(), new RegExp(`Open findings${summary.byStatus.open}`));
    assert.deepEqual(await axeSerious(page), [], 'overview: no serious accessibility violations');

    // Findings, critical and high only, chosen from the keyboard.
    await page.getByRole('tab', { name: 'Overview' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForURL((u) => u.searchParams.get('tab') === 'findings');
    const table = page.getByRole('table', { name: 'Security findings' });
    await expectVisible(table.getByRole('row').nth(1));
    await page.getByTestId('filter-severity').focus();
    await page.getByTestId('filter-severity').selectOption('critical,high');
    await page.waitForURL((u) => u.searchParams.get('severity') === 'critical,high');
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid="security-findings"] tbody tr')];
      return rows.length > 0 && rows.every((r) => /Critical|High/.test(r.textContent));
    });
    assert.deepEqual(await axeSerious(page), [], 'findings: no serious accessibility violations');

    // A finding's detail, then muted with a reason.
    await table.getByRole('row').filter({ hasText: 'publicly accessible' }).first().click();
    const detail = page.getByTestId('finding-detail');
    await expectVisible(detail);
    assert.match(await detail.textContent(), /How to fix it/);
    await page.getByTestId('finding-mute-open').click();
    await page.getByLabel('Reason').fill('Public website assets, accepted');
    await page.getByTestId('mute-submit').click();
    await expectVisible(page.getByTestId('finding-mute'));
    assert.match(await page.getByTestId('finding-mute').textContent(), /Public website assets, accepted/);
    await page.keyboard.press('Escape');
    await page.getByTestId('filter-status').selectOption('muted');
    await page.waitForURL((u) => u.searchParams.get('status') === 'muted');
    await expectVisible(table.getByRole('row').filter({ hasText: 'publicly accessible' }).first());

    // Compliance: a framework, requirement by requirement.
    await page.getByRole('tab', { name: 'Compliance' }).click();
    await page.getByTestId('compliance-framework').filter({ hasText: 'CIS Amazon Web Services' }).click();
    await expectVisible(page.getByTestId('compliance-requirement').first());
    const failing = page.getByTestId('compliance-requirement').filter({ hasText: 'Fail' }).first();
    await failing.getByRole('button').click();
    await expectVisible(failing.getByRole('table'));
    assert.deepEqual(await axeSerious(page), [], 'compliance: no serious accessibility violations');

    // The dashboard's posture card and a resource's drawer read the same findings.
    await page.goto('/dashboard');
    await expectVisible(page.getByTestId('dashboard-security').getByRole('link', { name: /open/ }).first(), 20000);
    await page.goto('/infrastructure?q=rdp-gateway');
    await page.getByText(/rdp-gateway/).first().click();
    const own = page.getByTestId('resource-findings');
    await expectVisible(own.getByText('RDP (port 3389) is open to the whole internet'));
    await page.close();
  });
});
