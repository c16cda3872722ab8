// The command line: `cloudweave migrate` (idempotent) and `cloudweave user create`, whose
// user can then sign in to `cloudweave serve` on the same data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binPath } from '../lib/paths.mjs';
import { startServer, freshDatabase } from '../lib/server.mjs';
import { assertOk } from '../lib/http.mjs';
import { uniqueEmail } from '../lib/fixtures.mjs';

function cli(args, env) {
  const clean = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('CLOUDWEAVE_')) clean[k] = v;
  return spawnSync(binPath, args, { env: { ...clean, CLOUDWEAVE_LOG_LEVEL: 'warn', ...env }, encoding: 'utf8', timeout: 60000 });
}

test('migrate twice, create a user, then serve and sign in with it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cw-cli-'));
  const db = freshDatabase();
  const env = db ? { CLOUDWEAVE_DATABASE_URL: db.url } : {};
  let srv;
  try {
    for (let i = 0; i < 2; i++) {
      const m = cli(['migrate', '--data-dir', dir], env);
      assert.equal(m.status, 0, `migrate run ${i + 1}: ${m.stdout}${m.stderr}`);
    }
    const email = uniqueEmail('cli');
    const u = cli(['user', 'create', '--email', email, '--name', 'Cli User', '--role', 'owner', '--org-name', 'CLI Org', '--password', 'cli-password-123', '--data-dir', dir], env);
    assert.equal(u.status, 0, `${u.stdout}${u.stderr}`);
    assert.ok(!`${u.stdout}${u.stderr}`.includes('cli-password-123'), 'the given password is not echoed');
    const dup = cli(['user', 'create', '--email', email, '--role', 'viewer', '--password', 'cli-password-456', '--data-dir', dir], env);
    assert.notEqual(dup.status, 0, 'a duplicate e-mail fails');

    // serve on the same data: a restart of a stopped keep-server shape.
    srv = await startServer({
      restartOf: { dataDir: dir, db: null, env: { ...env } },
      env: { CLOUDWEAVE_JWT_SECRET: undefined },
    });
    const session = assertOk(await srv.api().post('auth/login', { email, password: 'cli-password-123' }));
    assert.equal(session.user.role, 'owner');
    assert.equal(session.organization.name, 'CLI Org');
  } finally {
    // startServer cleans the data dir; the database is ours.
    if (srv) await srv.stop();
    rmSync(dir, { recursive: true, force: true });
    if (db) db.drop();
  }
});

test('user create without --password prints a generated one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cw-cli-'));
  const db = freshDatabase();
  const env = db ? { CLOUDWEAVE_DATABASE_URL: db.url } : {};
  try {
    const u = cli(['user', 'create', '--email', uniqueEmail('gen'), '--role', 'admin', '--data-dir', dir], env);
    assert.equal(u.status, 0, `${u.stdout}${u.stderr}`);
    assert.match(u.stdout, /password/i, 'the generated password is shown once');
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (db) db.drop();
  }
});

test('unknown subcommand or bad role fails with a message', () => {
  const bad = cli(['frobnicate'], {});
  assert.notEqual(bad.status, 0);
  const dir = mkdtempSync(join(tmpdir(), 'cw-cli-'));
  try {
    const r = cli(['user', 'create', '--email', uniqueEmail('r'), '--role', 'emperor', '--password', 'x'.repeat(12), '--data-dir', dir], {});
    assert.notEqual(r.status, 0);
    assert.match(`${r.stdout}${r.stderr}`, /role/i);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
