// An AWS account limited to S3 (`services: ["s3"]`), as a new user would connect one against
// local emulators: S3 is the s3rver emulator (scripts/emulators/s3rver, which verifies SigV4 for
// key S3RVER / secret S3RVER), STS is the recorded-answer replay (lib/cloud-replay.mjs; s3rver
// has no STS, and the connection test always asks STS who the keys are). The connection test
// passes, the first sync lists exactly the emulator's buckets as `storage` and the account ends
// `connected` — and nothing else is called: no CloudWatch or Cost Explorer probe, nothing at
// AWS (issue 16: those probes failed, opened the account's circuit breaker and left it in
// `error` with CircuitOpen although S3 worked).
//
// Every outbound HTTP(S) request of the server that is not for 127.0.0.1 goes through a local
// proxy (libcurl honours https_proxy / http_proxy; no_proxy keeps the emulators direct) that
// records it and refuses it: "nothing at AWS" is observed, not inferred from a missing network.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer } from '../lib/server.mjs';
import { assertOk } from '../lib/http.mjs';
import { registerOwner, waitFor } from '../lib/fixtures.mjs';
import { waitForSync, waitForJob, listAll } from '../lib/inventory.mjs';
import { startCloudReplay, AWS_ACCOUNT_ID } from '../lib/cloud-replay.mjs';
import { startEmulator } from '../lib/emulators.mjs';

const BUCKETS = ['cw-s3only-logs', 'cw-s3only-media', 'cw-s3only-backups'];

/** A proxy that lets nothing through and remembers what was asked of it (host:port or URL). */
async function startTripwireProxy() {
  const attempts = [];
  const server = http.createServer((req, res) => {
    attempts.push(req.url);
    res.writeHead(403, { 'Content-Length': 0 });
    res.end();
  });
  server.on('connect', (req, socket) => {
    attempts.push(req.url);
    socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    attempts,
    env: { https_proxy: url, HTTPS_PROXY: url, http_proxy: url, HTTP_PROXY: url, no_proxy: '127.0.0.1,localhost', NO_PROXY: '127.0.0.1,localhost' },
    close: () => new Promise((ok) => {
      server.closeAllConnections?.();
      server.close(() => ok());
    }),
  };
}

describe('an S3-only AWS account against s3rver', () => {
  let s3, s3Url, sts, tripwire, srv, owner;
  before(async () => {
    s3 = await startEmulator('s3rver');
    s3Url = s3.env.CLOUDWEAVE_TEST_S3_URL;
    assert.ok(s3Url, `s3rver printed no CLOUDWEAVE_TEST_S3_URL: ${JSON.stringify(s3.env)}`);
    // s3rver lets unsigned requests through; CreateBucket is a plain PUT /<name>.
    for (const name of BUCKETS) {
      const res = await fetch(`${s3Url}/${name}`, { method: 'PUT' });
      assert.equal(res.status, 200, `s3rver CreateBucket ${name}: ${res.status} ${await res.text()}`);
    }
    sts = await startCloudReplay();
    tripwire = await startTripwireProxy();
    srv = await startServer({ env: { ...tripwire.env, CLOUDWEAVE_LOG_LEVEL: 'debug' } });
    owner = await registerOwner(srv, { prefix: 's3only', organizationName: 'S3 only' });
  });
  after(async () => {
    await srv?.stop();
    await tripwire?.close();
    await sts?.close();
    await s3?.stop();
  });

  /** Nothing but the emulators was called: STS only for GetCallerIdentity, nothing past no_proxy. */
  const assertOnlyEmulatorsCalled = () => {
    const actions = sts.requests.map((r) => new URLSearchParams(r.body).get('Action') || `${r.method} ${r.target} ${r.headers['x-amz-target'] || ''}`);
    assert.ok(actions.length > 0, 'STS was asked who the keys are');
    assert.deepEqual([...new Set(actions)], ['GetCallerIdentity'], `the STS endpoint got other calls: ${JSON.stringify(actions)}`);
    assert.deepEqual(tripwire.attempts, [], `the server reached past the emulators:\n${srv.logs()}`);
    assert.doesNotMatch(srv.logs(), /amazonaws\.com|CircuitOpen/);
  };

  test('the connection test passes, the buckets sync as storage, the account ends connected, nothing else is called', async () => {
    const account = assertOk(await owner.api.post('providers', {
      provider: 'aws',
      name: 'S3 behind s3rver',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      regions: ['us-east-1'],
      services: ['s3'],
      endpoints: { s3: s3Url, sts: sts.url },
    }), 201);
    assert.notEqual(account.status, 'error', account.statusReason);

    const t = assertOk(await owner.api.post(`providers/${account.id}/test`));
    assert.equal(t.valid, true, JSON.stringify(t));
    assert.deepEqual(t.errors, [], JSON.stringify(t));
    assert.deepEqual(t.limitations, [], JSON.stringify(t));
    assert.equal(t.identity.accountId, AWS_ACCOUNT_ID);
    assert.deepEqual([...t.permissions].sort(), ['s3:ListAllMyBuckets', 'sts:GetCallerIdentity'], JSON.stringify(t));
    assert.deepEqual(t.services, ['s3'], JSON.stringify(t));
    // Limited to S3: no CloudWatch or Cost Explorer probe, at AWS or anywhere else.
    assertOnlyEmulatorsCalled();

    const synced = await waitForSync(owner.api, account.id, { resourceCount: BUCKETS.length, timeoutMs: 30000 });
    assert.equal(synced.status, 'connected');
    assert.equal(synced.statusReason ?? null, null, `connected with a reason: ${synced.statusReason}`);
    const { items } = await listAll(owner.api, `providerId=${account.id}`);
    assert.deepEqual(items.map((r) => r.name).sort(), [...BUCKETS].sort());
    for (const r of items) {
      assert.equal(r.type, 'storage', JSON.stringify(r));
      assert.equal(r.provider, 'aws');
      assert.equal(r.externalId, `arn:aws:s3:::${r.name}`);
      assert.equal(r.isDemo, false);
    }

    // A second sync keeps it that way: still connected, the circuit still closed.
    const queued = assertOk(await owner.api.post(`providers/${account.id}/sync`, {}), 202);
    // A failed attempt goes back to `queued` with its error: stop at the first one.
    const job = await waitForJob(owner.api, queued.jobId, (j) => !['queued', 'running'].includes(j.state) || !!j.lastError, { timeoutMs: 30000 });
    assert.equal(job.state, 'succeeded', JSON.stringify(job));
    const again = assertOk(await owner.api.get(`providers/${account.id}`));
    assert.equal(again.status, 'connected', JSON.stringify(again));
    assert.equal(again.resourceCount, BUCKETS.length);
    assertOnlyEmulatorsCalled();
  });

  // The check above is only worth something if a call to AWS would show: an S3-only account
  // without an S3 endpoint does reach for s3.amazonaws.com, and the proxy sees it.
  test('(the tripwire) an S3 call without an S3 endpoint is seen going to s3.amazonaws.com', async () => {
    const account = assertOk(await owner.api.post('providers', {
      provider: 'aws',
      name: 'S3 at AWS',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      services: ['s3'],
      endpoints: { sts: sts.url },
    }), 201);
    await waitFor(() => tripwire.attempts.includes('s3.amazonaws.com:443'), { what: 'a CONNECT to s3.amazonaws.com', timeoutMs: 15000 });
    assert.ok(tripwire.attempts.every((a) => a === 's3.amazonaws.com:443'), JSON.stringify(tripwire.attempts));
    assertOk(await owner.api.delete(`providers/${account.id}`), 204);
  });
});
