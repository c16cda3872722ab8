// Restarts on the same data (SQLite file or PostgreSQL database): data persists, sessions and
// API keys survive, a generated JWT key file is 0600 and reused, and JWT secret rotation via
// CLOUDWEAVE_JWT_PREVIOUS_SECRETS keeps old tokens valid until the old secret is dropped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startServer } from '../lib/server.mjs';
import { assertError, assertOk } from '../lib/http.mjs';
import { registerOwner, login, waitFor } from '../lib/fixtures.mjs';
import { connectSimulated, waitForSync } from '../lib/inventory.mjs';

function filesUnder(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) out.push(...filesUnder(p));
    else out.push({ path: p, name, mode: st.mode & 0o777 });
  }
  return out;
}

test('data, sessions and API keys survive a restart; the generated JWT key file is private', async () => {
  const noSecret = { CLOUDWEAVE_JWT_SECRET: undefined };
  const first = await startServer({ keep: true, env: noSecret });
  let second;
  try {
    const owner = await registerOwner(first, { organizationName: 'Durable' });
    const key = assertOk(await owner.api.post('api-keys', { name: 'durable', role: 'viewer' }), 201);
    assertOk(await owner.api.put('users/me/preferences', { theme: 'light' }));
    const exit = await first.stop();
    assert.equal(exit.code, 0);

    const keyFiles = filesUnder(first.dataDir).filter((f) => /key|secret|jwt/i.test(f.name));
    assert.ok(keyFiles.length > 0, `a key file in the data dir: ${filesUnder(first.dataDir).map((f) => f.name)}`);
    for (const f of keyFiles) assert.equal(f.mode & 0o077, 0, `${f.name} has mode ${f.mode.toString(8)}, want 0600`);

    second = await startServer({ restartOf: first, env: noSecret });
    const me = assertOk(await second.api({ token: owner.accessToken }).get('auth/me'));
    assert.equal(me.organizationName, 'Durable');
    assert.equal(me.preferences.theme, 'light');
    assertOk(await second.api().post('auth/refresh', { refreshToken: owner.refreshToken }));
    assertOk(await second.api({ apiKey: key.key }).get('users'));
    await login(second, owner.email);
    const audit = assertOk(await second.api({ token: owner.accessToken }).get('audit?action=api_keys.create'));
    assert.ok(audit.some((e) => e.targetId === key.id), 'audit log persisted');
  } finally {
    if (second) await second.stop();
    else await first.stop();
  }
});

test('JWT secret rotation: previous secrets keep old tokens valid until dropped', async () => {
  const s1 = randomBytes(32).toString('hex');
  const s2 = randomBytes(32).toString('hex');
  const a = await startServer({ keep: true, env: { CLOUDWEAVE_JWT_SECRET: s1 } });
  const owner = await registerOwner(a);
  const kid1 = JSON.parse(Buffer.from(owner.accessToken.split('.')[0], 'base64url')).kid;
  await a.stop();

  const b = await startServer({
    restartOf: a,
    keep: true,
    env: { CLOUDWEAVE_JWT_SECRET: s2, CLOUDWEAVE_JWT_PREVIOUS_SECRETS: s1 },
  });
  try {
    assertOk(await b.api({ token: owner.accessToken }).get('auth/me'));
    const fresh = await login(b, owner.email);
    const kid2 = JSON.parse(Buffer.from(fresh.accessToken.split('.')[0], 'base64url')).kid;
    assert.notEqual(kid2, kid1, 'a new secret has a new kid');
  } finally {
    await b.stop();
  }

  const c = await startServer({ restartOf: b, env: { CLOUDWEAVE_JWT_SECRET: s2 } });
  try {
    assertError(await c.api({ token: owner.accessToken }).get('auth/me'), 401, 'AUTHENTICATION_ERROR');
  } finally {
    await c.stop();
  }
});

test('a sync killed with the server (kill -9) is taken over after a restart, within a minute; the account counts what is stored meanwhile', async () => {
  const COUNT = 200000;
  const first = await startServer({ keep: true });
  let second;
  try {
    const owner = await registerOwner(first, { organizationName: 'Killed mid-sync' });
    const account = await connectSimulated(owner.api, { scenario: 'enterprise', seed: 77, resourceCount: COUNT }, { name: 'Big' });
    // Rows are being written: the account's count says so before the sync ends.
    const partway = await waitFor(async () => {
      const a = assertOk(await owner.api.get(`providers/${account.id}`));
      return a.resourceCount > 0 && a.resourceCount < COUNT ? a : null;
    }, { timeoutMs: 60000, intervalMs: 20, what: 'the first batches of the sync' });
    assert.equal(partway.status, 'pending');
    await first.stop({ signal: 'SIGKILL' });

    second = await startServer({ restartOf: first });
    const relogged = await login(second, owner.email);
    const stored = assertOk(await relogged.api.get(`providers/${account.id}`));
    assert.ok(stored.resourceCount > 0, `the count of what was stored survives: ${stored.resourceCount}`);
    const started = Date.now();
    const done = await waitForSync(relogged.api, account.id, { resourceCount: COUNT, timeoutMs: 90000 });
    const seconds = (Date.now() - started) / 1000;
    assert.ok(seconds < 60, `taken over and finished ${seconds} s after the restart`);
    // The job is marked succeeded just after the sync records its outcome: wait for that too.
    const job = await waitFor(async () => {
      const j = assertOk(await relogged.api.get(`jobs/${done.lastSyncJobId}`));
      return j.state === 'running' ? null : j;
    }, { timeoutMs: 30000, intervalMs: 100, what: 'the sync job to end' });
    assert.equal(job.state, 'succeeded');
    assert.equal(job.attempts, 2, 'the killed attempt, then the one that took over');
    assert.equal(job.result.total, COUNT);
    // Asking for a sync now starts a new one instead of returning a stuck job.
    const again = assertOk(await relogged.api.post(`providers/${account.id}/sync`), 202);
    assert.notEqual(again.jobId, job.id);
  } finally {
    await second?.stop();
    if (!second) await first.stop();
  }
});
