// Shared helpers for the browser tests: a real cloudweave server on a free port with a fresh
// SQLite database, Debian's Chromium through playwright-core, and small polling assertions.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const WEB_DIR = resolve(here, '..');
export const REPO = resolve(WEB_DIR, '..');
export const BINARY = process.env.CLOUDWEAVE_BIN ?? join(REPO, 'build', 'cloudweave');

function withoutHarnessSettings(env) {
  const rest = { ...env };
  delete rest.CLOUDWEAVE_BIN;
  return rest;
}
export const DIST = process.env.CLOUDWEAVE_WEB_DIR ?? join(WEB_DIR, 'dist');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const TIMEOUT = Number(process.env.E2E_TIMEOUT_MS ?? 10000);

export function preflight() {
  const missing = [];
  if (!existsSync(BINARY)) missing.push(`server binary ${BINARY} (run make build)`);
  if (!existsSync(join(DIST, 'index.html'))) missing.push(`${DIST}/index.html (run npm run build)`);
  if (!existsSync(CHROMIUM)) missing.push(`${CHROMIUM} (apt-get install chromium)`);
  return missing;
}

/** Starts `cloudweave serve --port 0` with a throwaway data dir; resolves once it listens. */
export async function startServer(extraEnv = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'cw-e2e-'));
  const child = spawn(BINARY, ['serve', '--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir], {
    // The harness's own settings (CLOUDWEAVE_BIN) are not the server's: it refuses unknown ones.
    env: { ...withoutHarnessSettings(process.env), CLOUDWEAVE_WEB_DIR: DIST, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const baseURL = await new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 15000);
    const onData = (buf) => {
      log += buf.toString();
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (b) => (log += b.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${log}`));
    });
  });
  child.removeAllListeners('exit');
  return {
    baseURL,
    dataDir,
    log: () => log,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => {
          const t = setTimeout(() => {
            child.kill('SIGKILL');
            r();
          }, 5000);
          child.once('exit', () => {
            clearTimeout(t);
            r();
          });
        });
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Server + browser for one test file. */
export async function setup(t, { serverEnv } = {}) {
  const server = await startServer(serverEnv);
  const browser = await launchBrowser();
  return {
    server,
    browser,
    baseURL: server.baseURL,
    async newPage(opts = {}) {
      const context = await browser.newContext({ baseURL: server.baseURL, ...opts });
      context.setDefaultTimeout(TIMEOUT);
      const page = await context.newPage();
      page.on('pageerror', (e) => console.error('[pageerror]', e.message));
      return page;
    },
    async teardown() {
      await browser.close().catch(() => {});
      await server.stop();
    },
  };
}

// ---------------------------------------------------------------- API helpers (fetch, no browser)

export async function api(baseURL, method, path, { body, token } = {}) {
  const res = await fetch(`${baseURL}/api/v1${path}`, {
    method,
    headers: {
      Accept: 'application/json',
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, body: json };
}

let seq = 0;
export function uniqueEmail(prefix = 'user') {
  seq += 1;
  return `${prefix}-${Date.now().toString(36)}-${seq}@example.com`;
}

/** Registers through the API and marks onboarding done (for tests that start past it). */
export async function registerViaApi(baseURL, { email = uniqueEmail(), name = 'Test User', password = 'SecurePassword123!', completeOnboarding = true } = {}) {
  const r = await api(baseURL, 'POST', '/auth/register', { body: { email, name, password } });
  if (r.status !== 201) throw new Error(`register failed: ${r.status} ${JSON.stringify(r.body)}`);
  const { accessToken, refreshToken } = r.body.data;
  if (completeOnboarding) {
    await api(baseURL, 'PUT', '/onboarding', { token: accessToken, body: { completed: true, skipped: true } });
  }
  return { email, name, password, accessToken, refreshToken, user: r.body.data.user };
}

/** Puts a session into the browser's storage, as the app's login would. */
export async function signInWithTokens(page, tokens, path = '/dashboard') {
  await page.goto('/login');
  await page.evaluate((t) => localStorage.setItem('cw.session', JSON.stringify(t)), {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
  });
  await page.goto(path);
}

export async function loginViaUi(page, { email, password }) {
  await page.goto('/login');
  await page.getByTestId('email').fill(email);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('login-button').click();
}

// ---------------------------------------------------------------- assertions

export async function expectVisible(locator, timeout = TIMEOUT) {
  await locator.first().waitFor({ state: 'visible', timeout });
}

export async function expectHidden(locator, timeout = TIMEOUT) {
  await locator.first().waitFor({ state: 'hidden', timeout });
}

export async function expectURL(page, path, timeout = TIMEOUT) {
  await page.waitForURL((u) => u.pathname === path, { timeout });
}

/** True when the running server implements an endpoint (unknown routes answer "no such endpoint"). */
export async function hasEndpoint(baseURL, method, path, token) {
  const r = await api(baseURL, method, path, { token, body: method === 'GET' ? undefined : {} });
  return !(r.status === 404 && /no such endpoint/i.test(r.body?.error?.message ?? ''));
}

/** Marks the test TODO (reported, not failing) when the server lacks an endpoint it needs. */
export async function needsEndpoints(t, baseURL, endpoints) {
  const missing = [];
  for (const [method, path] of endpoints) {
    if (!(await hasEndpoint(baseURL, method, path))) missing.push(`${method} ${path}`);
  }
  if (missing.length) t.todo(`server does not implement ${missing.join(', ')} yet (later server issue)`);
  return missing.length === 0;
}

// ---------------------------------------------------------------- axe-core

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core on the page; returns violations of impact serious or critical. */
export async function axeSerious(page) {
  // A dialog fading in has blended colours for a moment; on a slow machine axe measured
  // contrast mid-animation. Wait for the finite animations to end (spinners never do).
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => {})),
    ),
  );
  const hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!hasAxe) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 6).map((n) => n.target.join(' ') + ' :: ' + (n.failureSummary ?? '').split('\n').slice(0, 2).join(' ')),
    }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
