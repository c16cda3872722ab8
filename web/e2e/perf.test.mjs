// Performance budgets: initial JavaScript ≤ 250 KB gzipped; /dashboard usable within 1.5 s of
// navigation on loopback.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIST, api, preflight, registerViaApi, setup, signInWithTokens } from './harness.mjs';

const missing = preflight();

/** Sum of gzipped sizes of the scripts index.html loads before any route chunk. */
export function initialJsGzipBytes() {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  return refs.reduce((sum, f) => sum + gzipSync(readFileSync(join(DIST, f)), { level: 9 }).length, 0);
}

describe('performance', { skip: missing.length ? `missing ${missing.join(', ')}` : false }, () => {
  let env;
  before(async () => {
    env = await setup();
  });
  after(async () => {
    await env?.teardown();
  });

  test('initial JavaScript is at most 250 KB gzipped', () => {
    const bytes = initialJsGzipBytes();
    console.log(`# initial JS: ${(bytes / 1024).toFixed(1)} KB gzipped`);
    assert.ok(bytes <= 250 * 1024, `${bytes} bytes`);
  });

  test('/dashboard is usable within 1.5 s of navigation', async () => {
    const u = await registerViaApi(env.baseURL);
    await api(env.baseURL, 'POST', '/demo', { token: u.accessToken, body: { scenario: 'startup' } });
    const page = await env.newPage();
    await signInWithTokens(page, u, '/login');
    const samples = [];
    for (let i = 0; i < 5; i++) {
      const t0 = Date.now();
      await page.goto('/dashboard');
      // Usable: heading rendered, navigation interactive, summary settled (figures or an error).
      await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
      await page.getByTestId('infrastructure-nav').waitFor();
      await page.waitForFunction(() => !document.querySelector('.content [aria-busy="true"]'), null, { timeout: 5000 });
      samples.push(Date.now() - t0);
    }
    const sorted = [...samples].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    console.log(`# dashboard usable after ${samples.join(' ms, ')} ms (first is a cold chunk cache; median ${median} ms)`);
    // The machine shares its two cores with C++ builds, so one slow sample is noise; the median is
    // the budget. E2E_STRICT_PERF=1 holds every sample to it.
    if (process.env.E2E_STRICT_PERF === '1') assert.ok(sorted.at(-1) <= 1500, `slowest ${sorted.at(-1)} ms`);
    assert.ok(median <= 1500, `median ${median} ms`);
    await page.context().close();
  });
});
