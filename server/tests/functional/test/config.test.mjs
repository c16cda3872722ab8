// Start-up configuration: each bad CLOUDWEAVE_* value stops the server with a clear message
// naming the variable (and no "listening" line); `cloudweave version` works.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binPath } from '../lib/paths.mjs';

function runServe(env, timeoutMs = 10000) {
  const dir = mkdtempSync(join(tmpdir(), 'cw-cfg-'));
  const clean = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('CLOUDWEAVE_')) clean[k] = v;
  return new Promise((resolve) => {
    const child = spawn(binPath, ['serve', '--host', '127.0.0.1', '--port', '0', '--data-dir', dir], {
      env: { ...clean, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, signal, out });
    });
  });
}

const bad = [
  ['CLOUDWEAVE_RATE_LIMIT', 'lots'],
  ['CLOUDWEAVE_RATE_LIMIT', '-5'],
  ['CLOUDWEAVE_MAX_BODY_BYTES', 'big'],
  ['CLOUDWEAVE_MAX_BODY_BYTES', '0'],
  ['CLOUDWEAVE_DATABASE_URL', 'mysql://localhost/db'],
  ['CLOUDWEAVE_REDIS_URL', 'http://localhost:6379'],
  ['CLOUDWEAVE_LOG_LEVEL', 'shouty'],
  ['CLOUDWEAVE_CORS_ORIGINS', 'not a url'],
  ['CLOUDWEAVE_JWT_SECRET', 'short'],
  ['CLOUDWEAVE_METRICS_URL', 'prometheus:9090'],
  ['CLOUDWEAVE_VAULT_S3_PREFIX', 'vault/'],
];

for (const [name, value] of bad) {
  test(`${name}=${JSON.stringify(value)} is refused at start with a message naming it`, async () => {
    const r = await runServe({ [name]: value });
    assert.equal(r.signal, null, `server did not exit by itself (killed after 10 s):\n${r.out}`);
    assert.notEqual(r.code, 0, `exit code 0 for a bad ${name}:\n${r.out}`);
    assert.ok(!/listening on/.test(r.out), 'must not start listening');
    assert.ok(r.out.includes(name), `the message names ${name}:\n${r.out.slice(0, 500)}`);
  });
}

test('cloudweave version prints a version and exits 0', () => {
  const r = spawnSync(binPath, ['version'], { encoding: 'utf8', timeout: 10000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /\d+\.\d+\.\d+/);
});
