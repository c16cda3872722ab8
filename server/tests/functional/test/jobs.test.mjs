// Jobs API: the sync and follow-up jobs of the organization (list with filters and paging,
// one job), a failing sync retried with backoff until dead — the account in error and
// sync.completed error events — then retried by an admin after the cloud is fixed.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertError, assertOk } from '../lib/http.mjs';
import { WsClient } from '../lib/ws.mjs';
import { registerOwner, addMember, waitFor } from '../lib/fixtures.mjs';
import { connectAndSync, connectSimulated, waitForJob, waitForSync } from '../lib/inventory.mjs';

describe('jobs', () => {
  let srv, owner, admin, operator, viewer, account, ws;
  before(async () => {
    srv = await startServer();
    owner = await registerOwner(srv, { prefix: 'jobs', organizationName: 'Jobs Org' });
    admin = await addMember(srv, owner.api, 'admin');
    operator = await addMember(srv, owner.api, 'operator');
    viewer = await addMember(srv, owner.api, 'viewer');
    account = await connectAndSync(owner.api, { scenario: 'startup', seed: 51, resourceCount: 10 }, { name: 'Jobs account' });
    for (let i = 0; i < 3; i++) {
      const { jobId } = assertOk(await owner.api.post(`providers/${account.id}/sync`), 202);
      await waitForJob(owner.api, jobId);
    }
    const r = assertOk(await owner.api.post('resources', { name: 'jobs-vm', type: 'server', providerId: account.id, region: 'us-east-1' }), 201);
    assert.equal(r.status, 'provisioning');
  });
  after(async () => {
    ws?.terminate();
    await srv?.stop();
  });

  test('GET /jobs lists the organization’s jobs newest first; GET /jobs/{id} returns one', async () => {
    const res = await viewer.api.get('jobs?limit=500');
    const jobs = assertOk(res);
    assert.equal(res.body.meta.total, jobs.length);
    const syncs = jobs.filter((j) => j.type === 'inventory.sync');
    assert.equal(syncs.length, 4, 'the first sync and three more');
    assert.ok(jobs.some((j) => j.type === 'inventory.refresh'), 'a follow-up of the new resource');
    for (let i = 1; i < jobs.length; i++) assert.ok(jobs[i - 1].createdAt >= jobs[i].createdAt, 'newest first');
    for (const j of syncs) {
      assert.equal(j.payload.accountId, account.id);
      assert.equal(j.state, 'succeeded');
      assert.ok(j.attempts >= 1 && j.attempts <= j.maxAttempts);
      assert.ok(j.finishedAt);
      assert.equal(j.lastError, null);
      assert.equal(j.result.total, 10);
      assert.ok(!JSON.stringify(j.payload).includes('seed'), 'no credentials in a job payload');
    }
    const one = assertOk(await viewer.api.get(`jobs/${syncs[0].id}`));
    assert.deepEqual(one, syncs[0]);
    assertError(await viewer.api.get('jobs/job_doesnotexist'), 404, 'NOT_FOUND');
  });

  test('filters by state and type; unknown state → 400', async () => {
    const all = assertOk(await owner.api.get('jobs?limit=500'));
    for (const state of ['queued', 'running', 'succeeded', 'dead']) {
      const res = await owner.api.get(`jobs?state=${state}&limit=500`);
      assert.ok(assertOk(res).every((j) => j.state === state), state);
      assert.equal(res.body.meta.total, res.body.data.length);
    }
    for (const type of ['inventory.sync', 'inventory.refresh']) {
      const got = assertOk(await owner.api.get(`jobs?type=${type}&limit=500`));
      assert.ok(got.every((j) => j.type === type));
      assert.ok(got.length > 0);
    }
    const both = assertOk(await owner.api.get('jobs?type=inventory.sync&state=succeeded&limit=500'));
    assert.equal(both.length, all.filter((j) => j.type === 'inventory.sync' && j.state === 'succeeded').length);
    const err = assertError(await owner.api.get('jobs?state=failed'), 400, 'VALIDATION_ERROR');
    assert.ok(err.details.fields.state);
    assertError(await owner.api.get('jobs?limit=0'), 400, 'VALIDATION_ERROR');
    const rc = (await owner.api.get('resources?limit=1')).body.meta.nextCursor;
    assertError(await owner.api.get(`jobs?cursor=${encodeURIComponent(rc)}`), 400, 'VALIDATION_ERROR');
  });

  test('paging with limit=1 visits every job once', async () => {
    const total = (await owner.api.get('jobs?type=inventory.sync&limit=500')).body.meta.total;
    const seen = new Set();
    let cursor = null;
    do {
      const res = await owner.api.get(`jobs?type=inventory.sync&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      for (const j of assertOk(res)) {
        assert.ok(!seen.has(j.id), `${j.id} twice`);
        seen.add(j.id);
      }
      cursor = res.body.meta.nextCursor;
    } while (cursor);
    assert.equal(seen.size, total);
  });

  test('retry: only dead jobs (409 otherwise), admin and above (403 for operator and viewer)', async () => {
    const done = assertOk(await owner.api.get('jobs?state=succeeded&limit=1'))[0];
    assertError(await owner.api.post(`jobs/${done.id}/retry`), 409, 'CONFLICT');
    assertError(await operator.api.post(`jobs/${done.id}/retry`), 403, 'AUTHORIZATION_ERROR');
    assertError(await viewer.api.post(`jobs/${done.id}/retry`), 403, 'AUTHORIZATION_ERROR');
    assertError(await owner.api.post('jobs/job_doesnotexist/retry'), 404, 'NOT_FOUND');
  });

  test('a failing sync retries with backoff, dies, puts the account in error; an admin retries it after the fix', async () => {
    ws = await WsClient.open(srv.url);
    await ws.auth(owner.accessToken);
    const flaky = await connectAndSync(owner.api, { scenario: 'startup', seed: 52, resourceCount: 10 }, { name: 'Going to fail' });
    // Break the cloud: every read fails (retryable throttling).
    const broken = assertOk(await owner.api.patch(`providers/${flaky.id}`, { credentials: { scenario: 'startup', seed: 52, resourceCount: 10, failureRate: 1 } }));
    assert.equal(broken.status, 'error');
    const { jobId } = assertOk(await operator.api.post(`providers/${flaky.id}/sync`), 202);

    const failed = await ws.next((m) => m.type === 'sync.completed' && m.data.accountId === flaky.id && m.data.status === 'error', 15000);
    assert.equal(failed.data.jobId, jobId);
    assert.ok(failed.data.error.code.length > 0);
    assert.ok(typeof failed.data.error.message === 'string');

    const retrying = await waitForJob(owner.api, jobId, (j) => j.attempts >= 1 && j.lastError, { timeoutMs: 15000 });
    assert.ok(['queued', 'running', 'dead'].includes(retrying.state));
    assert.ok(retrying.lastError.length > 0);
    const dead = await waitForJob(owner.api, jobId, (j) => j.state === 'dead', { timeoutMs: 90000, what: 'the sync to die after its attempts' });
    assert.equal(dead.attempts, dead.maxAttempts);
    assert.ok(dead.finishedAt);
    assert.ok(dead.lastError);
    const inError = assertOk(await owner.api.get(`providers/${flaky.id}`));
    assert.equal(inError.status, 'error');
    assert.ok(inError.statusReason);
    assert.ok(assertOk(await owner.api.get('jobs?state=dead&limit=500')).some((j) => j.id === jobId));

    // Fix the cloud, then retry the dead job.
    assertOk(await owner.api.patch(`providers/${flaky.id}`, { credentials: { scenario: 'startup', seed: 52, resourceCount: 10 } }));
    assertError(await operator.api.post(`jobs/${jobId}/retry`), 403, 'AUTHORIZATION_ERROR');
    const requeued = assertOk(await admin.api.post(`jobs/${jobId}/retry`), 202);
    assert.equal(requeued.id, jobId);
    assert.ok(['queued', 'running', 'succeeded'].includes(requeued.state), requeued.state);
    if (requeued.state === 'queued') {
      assert.equal(requeued.attempts, 0);
      assert.equal(requeued.finishedAt, null);
    }
    const ok = await waitForJob(owner.api, jobId, (j) => j.state === 'succeeded', { timeoutMs: 30000 });
    assert.equal(ok.result.total, 10);
    await waitForSync(owner.api, flaky.id, { resourceCount: 10 });
    await ws.next((m) => m.type === 'sync.completed' && m.data.accountId === flaky.id && m.data.status === 'connected', 10000);
    assertError(await admin.api.post(`jobs/${jobId}/retry`), 409, 'CONFLICT');
    const audit = assertOk(await owner.api.get(`audit?action=jobs.retry&targetId=${jobId}`));
    assert.ok(audit.some((e) => e.result === 'success' && e.userId === admin.user.id && e.targetType === 'job'));
    assert.deepEqual(ws.contractProblems, []);
  });

  test('cancel: a running sync stops cleanly at its next page (what it wrote stays); finished jobs are 409; viewers 403', async () => {
    const COUNT = 150000;
    const big = await connectSimulated(owner.api, { scenario: 'enterprise', seed: 52, resourceCount: COUNT }, { name: 'Big to cancel' });
    const jobId = big.lastSyncJobId;
    // Running, and reporting progress as it reads pages.
    const running = await waitFor(async () => {
      const j = assertOk(await owner.api.get(`jobs/${jobId}`));
      return j.state === 'running' && j.progress && j.progress.done > 0 ? j : null;
    }, { timeoutMs: 60000, intervalMs: 20, what: 'the sync to report progress' });
    assert.equal(running.progress.total, null, 'a sync does not know its total up front');
    assert.match(running.progress.message, /resources read/);
    assert.ok(running.startedAt);
    assertError(await viewer.api.post(`jobs/${jobId}/cancel`), 403, 'AUTHORIZATION_ERROR');
    const asked = assertOk(await operator.api.post(`jobs/${jobId}/cancel`), 202);
    assert.ok(['running', 'cancelled'].includes(asked.state), asked.state);
    const ended = await waitForJob(owner.api, jobId, undefined, { timeoutMs: 30000 });
    assert.equal(ended.state, 'cancelled');
    assert.equal(ended.cancelRequested, true);
    assert.equal(ended.result, null);
    const stopped = assertOk(await owner.api.get(`providers/${big.id}`));
    assert.ok(stopped.resourceCount < COUNT, `stopped before the end: ${stopped.resourceCount} of ${COUNT}`);
    // Cancelling again is fine; a finished job is not cancellable; another organization gets 404.
    assertOk(await operator.api.post(`jobs/${jobId}/cancel`), 202);
    const done = assertOk(await owner.api.get('jobs?state=succeeded&limit=1'))[0];
    assertError(await operator.api.post(`jobs/${done.id}/cancel`), 409, 'CONFLICT');
    const stranger = await registerOwner(srv, { prefix: 'jobs-b' });
    assertError(await stranger.api.post(`jobs/${jobId}/cancel`), 404, 'NOT_FOUND');
    assert.equal(assertOk(await owner.api.get('jobs?state=cancelled')).some((j) => j.id === jobId), true);
    // The key is free: a new sync can be asked for at once.
    const again = assertOk(await owner.api.post(`providers/${big.id}/sync`), 202);
    assert.notEqual(again.jobId, jobId);
    assertOk(await owner.api.post(`jobs/${again.jobId}/cancel`), 202);
    await waitForJob(owner.api, again.jobId, undefined, { timeoutMs: 30000 });
  });
});
