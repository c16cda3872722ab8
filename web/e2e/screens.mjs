// Manual helper: registers a user on a running server and screenshots the main pages.
// Usage: node e2e/screens.mjs http://127.0.0.1:PORT /tmp/shots
import { mkdirSync } from 'node:fs';
import { api, launchBrowser, registerViaApi, signInWithTokens, startServer } from './harness.mjs';

let [base, out = '/tmp/shots', theme = 'dark'] = process.argv.slice(2);
const server = base === 'start' ? await startServer() : null;
if (server) base = server.baseURL;
mkdirSync(out, { recursive: true });
const browser = await launchBrowser();
const ctx = await browser.newContext({ baseURL: base, viewport: { width: 1440, height: 900 }, colorScheme: theme });
const page = await ctx.newPage();
page.on('pageerror', (e) => console.error('[pageerror]', e.message));
page.on('console', (m) => m.type() === 'error' && console.error('[console]', m.text()));
await page.goto('/register');
await page.waitForTimeout(500);
await page.screenshot({ path: `${out}/register.png` });
const u = await registerViaApi(base, { completeOnboarding: false });
await signInWithTokens(page, u, '/onboarding');
await page.waitForTimeout(800);
await page.screenshot({ path: `${out}/onboarding.png` });
await page.getByTestId('onboarding-start').click();
await page.waitForTimeout(500);
await page.screenshot({ path: `${out}/onboarding-2.png` });
await page.getByTestId('skip-cloud-setup').click();
await page.waitForTimeout(500);
await page.screenshot({ path: `${out}/onboarding-3.png` });
await page.getByTestId('skip-onboarding').click();
await api(base, 'POST', '/demo', { token: u.accessToken, body: { scenario: 'startup' } });
for (const p of ['/dashboard', '/infrastructure', '/settings/profile', '/settings/cloud-accounts', '/settings/members', '/settings/api-keys', '/settings/audit', '/monitoring', '/nope']) {
  await page.goto(p);
  await page.waitForTimeout(900);
  await page.screenshot({ path: `${out}/${p.replace(/\//g, '_')}.png`, fullPage: false });
}
await page.goto('/infrastructure');
await page.getByText('demo-web-server-1').click();
await page.waitForTimeout(1200);
await page.screenshot({ path: `${out}/detail.png` });
await browser.close();
await server?.stop();
