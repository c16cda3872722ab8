// `cloudweave keys rotate` (new master key, every stored credential re-encrypted, the old key
// file entry kept) and `cloudweave demo load` from the command line, against the real binary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { binPath } from '../lib/paths.mjs';
import { startServer } from '../lib/server.mjs';
import { assertOk } from '../lib/http.mjs';
import { registerOwner } from '../lib/fixtures.mjs';
import { connectAndSync } from '../lib/inventory.mjs';

function cli(args, env) {
  const clean = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('CLOUDWEAVE_')) clean[k] = v;
  return spawnSync(binPath, args, { env: { ...clean, CLOUDWEAVE_LOG_LEVEL: 'warn', ...env }, encoding: 'utf8', timeout: 60000 });
}

test('keys rotate re-encrypts credentials under a new key; the server still uses them', async () => {
  const first = await startServer({ keep: true });
  let second;
  try {
    const owner = await registerOwner(first);
    const api = owner.api;
    const account = await connectAndSync(api, { scenario: 'startup', seed: 11 });
    const slug = owner.organization.slug;
    await first.stop();

    const keyFile = join(first.dataDir, 'master.key');
    const before = readFileSync(keyFile, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    const env = { ...(first.env.CLOUDWEAVE_DATABASE_URL ? { CLOUDWEAVE_DATABASE_URL: first.env.CLOUDWEAVE_DATABASE_URL } : {}) };
    const r = cli(['keys', 'rotate', '--data-dir', first.dataDir], env);
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /re-encrypted 1 credential/);
    const after = readFileSync(keyFile, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    assert.equal(after.length, before.length + 1, 'a new key is added, the old one kept');
    assert.notEqual(after[0].split(' ')[0], before[0].split(' ')[0], 'the new key is current');

    const d = cli(['demo', 'load', '--scenario', 'devops', '--org', slug, '--data-dir', first.dataDir], env);
    assert.equal(d.status, 0, `${d.stdout}${d.stderr}`);
    assert.match(d.stdout, /loaded demo scenario devops/);
    const bad = cli(['demo', 'load', '--scenario', 'nope', '--org', slug, '--data-dir', first.dataDir], env);
    assert.notEqual(bad.status, 0);

    second = await startServer({ restartOf: first });
    const login = assertOk(await second.api().post('auth/login', { email: owner.email, password: owner.password }));
    const api2 = second.api({ token: login.accessToken });
    const test = assertOk(await api2.post(`providers/${account.id}/test`, {}));
    assert.equal(test.valid, true, 'the rotated credentials still decrypt');
    const demo = assertOk(await api2.get('demo'));
    assert.equal(demo.isDemo, true);
    assert.equal(demo.scenario, 'devops');
  } finally {
    if (second) await second.stop();
    else await first.stop();
  }
});
