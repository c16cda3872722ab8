// Cloud credentials never leak: not in any response (accounts, tests, syncs, jobs, audit,
// errors that reject them, WebSocket events), not in the server's log output (at debug
// level), and not findable as plain text in the database (the SQLite files of the data dir,
// or a pg_dump of the PostgreSQL database).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { startServer } from '../lib/server.mjs';
import { assertError, assertOk } from '../lib/http.mjs';
import { WsClient } from '../lib/ws.mjs';
import { registerOwner, sleep } from '../lib/fixtures.mjs';
import { waitForSync, waitForJob } from '../lib/inventory.mjs';

// Distinctive credential values: two seeds that are stored, two strings that are rejected,
// and an AWS secret key (stored when the aws provider is registered, refused otherwise).
const SEED_1 = 7318264519;
const SEED_2 = 8426159370;
const REJECTED_SECRET = 'CANARY-secret-4d1f9a7c3e';
const REJECTED_SCENARIO = 'CANARY-scenario-b82e6f01';
const AWS_SECRET = 'CANARYawsSecret/9Qm2Lr7Tx4Vb8Nc1Kd5Hf3Jg6';
const CANARIES = [String(SEED_1), String(SEED_2), REJECTED_SECRET, REJECTED_SCENARIO, AWS_SECRET];

function filesUnder(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

/** Which of `needles` occur in the stored data: the data dir's files, or a pg_dump. */
function canariesInStorage(srv, needles = CANARIES) {
  const found = [];
  const blobs = [];
  for (const f of filesUnder(srv.dataDir)) blobs.push([f, readFileSync(f)]);
  if (srv.env.CLOUDWEAVE_DATABASE_URL) {
    blobs.push(['pg_dump', execFileSync('pg_dump', ['--data-only', srv.env.CLOUDWEAVE_DATABASE_URL], { maxBuffer: 512 * 1024 * 1024 })]);
  }
  for (const [where, buf] of blobs) {
    for (const c of needles) {
      if (buf.includes(Buffer.from(c, 'utf8')) || buf.includes(Buffer.from(c, 'utf16le'))) found.push(`${c} in ${where}`);
    }
  }
  return { found, files: blobs.map(([f]) => f) };
}

test('credentials are never returned, logged or stored in plain text', async () => {
  const srv = await startServer({ env: { CLOUDWEAVE_LOG_LEVEL: 'debug' }, keep: true });
  const texts = [];
  const track = async (promise) => {
    const res = await promise;
    texts.push(`${res.status} ${res.text}`);
    return res;
  };
  let ws;
  let accountId;
  try {
    const owner = await registerOwner(srv, { prefix: 'creds' });
    const api = owner.api;
    ws = await WsClient.open(srv.url);
    await ws.auth(owner.accessToken);

    const created = assertOk(await track(api.post('providers', { provider: 'simulated', name: 'Secretive', credentials: { scenario: 'startup', seed: SEED_1, resourceCount: 12 } })), 201);
    await waitForSync(api, created.id, { resourceCount: 12 });
    await track(api.get(`providers/${created.id}`));
    await track(api.get('providers'));
    assertOk(await track(api.post(`providers/${created.id}/test`)));
    const { jobId } = assertOk(await track(api.post(`providers/${created.id}/sync`)), 202);
    await waitForJob(api, jobId);
    await track(api.get(`jobs/${jobId}`));
    await track(api.get('jobs?limit=500'));
    await track(api.get('resources?limit=500'));
    assertOk(await track(api.patch(`providers/${created.id}`, { credentials: { scenario: 'startup', seed: SEED_2, resourceCount: 12 } })));
    const { jobId: job2 } = assertOk(await track(api.post(`providers/${created.id}/sync`)), 202);
    await waitForJob(api, job2);

    // Rejected credentials: the error names the field, never the value.
    const e1 = assertError(await track(api.post('providers', { provider: 'simulated', name: 'Rejected 1', credentials: { scenario: 'startup', apiSecret: REJECTED_SECRET } })), 400, 'VALIDATION_ERROR');
    assert.ok(e1.details.fields['credentials.apiSecret']);
    const e2 = assertError(await track(api.post('providers', { provider: 'simulated', name: 'Rejected 2', credentials: { scenario: REJECTED_SCENARIO } })), 400, 'VALIDATION_ERROR');
    assert.ok(e2.details.fields['credentials.scenario']);
    assertError(await track(api.patch(`providers/${created.id}`, { credentials: { scenario: REJECTED_SCENARIO, token: REJECTED_SECRET } })), 400, 'VALIDATION_ERROR');
    // An AWS account (no network here: it ends up in error) — its secret is sealed like any other.
    const aws = await track(api.post('providers', { provider: 'aws', name: 'AWS canary', credentials: { accessKeyId: 'AKIAIOSFODNN7CANARY0', secretAccessKey: AWS_SECRET } }));
    assert.ok([201, 400].includes(aws.status), `aws account: ${aws.status} ${aws.text.slice(0, 200)}`);
    if (aws.status === 201) {
      await track(api.post(`providers/${aws.body.data.id}/test`));
      await track(api.get(`providers/${aws.body.data.id}`));
    }

    await track(api.get('audit?limit=500'));
    await track(api.get('audit/export'));
    await sleep(300);

    for (const c of CANARIES) {
      const hit = texts.find((t) => t.includes(c));
      assert.equal(hit, undefined, `credential value ${c} in a response: ${hit?.slice(0, 300)}`);
      const wsHit = ws.messages.find((m) => JSON.stringify(m).includes(c));
      assert.equal(wsHit, undefined, `credential value ${c} in a WebSocket event`);
    }
    for (const t of texts) assert.ok(!/"credentials"\s*:/.test(t), `a response carries a credentials field: ${t.slice(0, 300)}`);

    const live = canariesInStorage(srv);
    assert.ok(live.files.some((f) => /cloudweave\.db$/.test(f)) || srv.env.CLOUDWEAVE_DATABASE_URL, `the SQLite file is in the data dir: ${live.files}`);
    assert.deepEqual(live.found, [], 'credentials in plain text in the database');
    // Control: the same scan does find what is stored in plain text (the account's name).
    assert.ok(canariesInStorage(srv, ['Secretive']).found.length > 0, 'the scan sees the stored account name');
    accountId = created.id;
  } finally {
    ws?.terminate();
    await srv.stop();
  }
  try {
    const logs = srv.logs();
    assert.ok(logs.includes(accountId), 'control: the debug log mentions the account');
    for (const c of CANARIES) assert.ok(!logs.includes(c), `credential value ${c} in the server log`);
    // After a clean shutdown (WAL checkpointed into the main file) too.
    const stopped = canariesInStorage(srv);
    assert.deepEqual(stopped.found, [], 'credentials in plain text in the database after shutdown');
  } finally {
    rmSync(srv.dataDir, { recursive: true, force: true });
    if (srv.db) execFileSync('psql', [process.env.CLOUDWEAVE_TEST_DATABASE_URL, '-qAt', '-c', `DROP DATABASE IF EXISTS ${srv.db.name} WITH (FORCE)`]);
  }
});
