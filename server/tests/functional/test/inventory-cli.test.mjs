// The inventory from the command line, on the data of a stopped server: `cloudweave demo
// load --scenario NAME --org SLUG` does what POST /demo does, and `cloudweave keys rotate`
// re-encrypts stored credentials under a new key that the restarted server can read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { binPath } from '../lib/paths.mjs';
import { startServer } from '../lib/server.mjs';
import { assertOk } from '../lib/http.mjs';
import { registerOwner } from '../lib/fixtures.mjs';
import { connectAndSync, waitForJob, waitForSync } from '../lib/inventory.mjs';

function cli(args, srv) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('CLOUDWEAVE_')) env[k] = v;
  env.CLOUDWEAVE_LOG_LEVEL = 'warn';
  if (srv.env.CLOUDWEAVE_DATABASE_URL) env.CLOUDWEAVE_DATABASE_URL = srv.env.CLOUDWEAVE_DATABASE_URL;
  return spawnSync(binPath, [...args, '--data-dir', srv.dataDir], { env, encoding: 'utf8', timeout: 120000 });
}

test('cloudweave demo load --scenario --org loads the demo like POST /demo', async () => {
  const first = await startServer({ keep: true });
  let second;
  try {
    const owner = await registerOwner(first, { organizationName: 'CLI Demo Org' });
    assertOk(await owner.api.get('demo'));
    await first.stop();

    const bad = cli(['demo', 'load', '--scenario', 'startup', '--org', 'no-such-org'], first);
    assert.notEqual(bad.status, 0, 'an unknown organization fails');
    assert.match(`${bad.stdout}${bad.stderr}`, /organization/i);
    const badScenario = cli(['demo', 'load', '--scenario', 'galactic', '--org', owner.organization.slug], first);
    assert.notEqual(badScenario.status, 0, 'an unknown scenario fails');

    const r = cli(['demo', 'load', '--scenario', 'devops', '--org', owner.organization.slug], first);
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);

    second = await startServer({ restartOf: first });
    const api = second.api({ token: owner.accessToken });
    const demo = assertOk(await api.get('demo'));
    assert.equal(demo.isDemo, true);
    assert.equal(demo.scenario, 'devops');
    const me = assertOk(await api.get('auth/me'));
    assert.equal(me.demoMode, true);
    assert.equal(me.demoScenario, 'devops');
    const accounts = assertOk(await api.get('providers')).filter((a) => a.isDemo);
    assert.equal(accounts.length, 1);
    assert.equal(accounts[0].status, 'connected');
    const web = assertOk(await api.get('resources?q=demo-web-server-1')).find((x) => x.name === 'demo-web-server-1');
    assert.ok(web && web.isDemo && web.type === 'server');
    const total = (await api.get('resources?limit=1')).body.meta.total;
    assert.equal(total, accounts[0].resourceCount);
  } finally {
    if (second) await second.stop();
    else await first.stop();
  }
});

test('cloudweave keys rotate re-encrypts credentials; the restarted server still uses them', async () => {
  const first = await startServer({ keep: true });
  let second;
  try {
    const owner = await registerOwner(first, { organizationName: 'Rotation Org' });
    const a = await connectAndSync(owner.api, { scenario: 'startup', seed: 91, resourceCount: 9 }, { name: 'Rotated' });
    await first.stop();

    const r = cli(['keys', 'rotate'], first);
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /re-encrypted 1 credential/);
    const again = cli(['keys', 'rotate'], first);
    assert.equal(again.status, 0, `${again.stdout}${again.stderr}`);
    assert.match(again.stdout, /re-encrypted 1 credential/, 'a second rotation re-seals under the next key again');

    second = await startServer({ restartOf: first });
    const api = second.api({ token: owner.accessToken });
    const t = assertOk(await api.post(`providers/${a.id}/test`));
    assert.equal(t.valid, true, `credentials readable after rotation: ${JSON.stringify(t.errors)}`);
    const { jobId } = assertOk(await api.post(`providers/${a.id}/sync`), 202);
    const job = await waitForJob(api, jobId);
    assert.equal(job.state, 'succeeded', JSON.stringify(job));
    await waitForSync(api, a.id, { resourceCount: 9 });
  } finally {
    if (second) await second.stop();
    else await first.stop();
  }
});
