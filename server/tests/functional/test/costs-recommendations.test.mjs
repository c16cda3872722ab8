// Savings recommendations end to end with the demo (simulated) account: after its sync the
// planted idle and oversized servers and the unattached volume are listed with savings and
// actions; dismiss needs a reason and sticks; apply really stops, deletes and resizes through the
// inventory; viewers cannot act; another organization sees
// nothing; bad input gets a 400.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertError, assertOk } from '../lib/http.mjs';
import { registerOwner, addMember, waitFor } from '../lib/fixtures.mjs';

const list = async (api, params = {}) =>
  assertOk(await api.get(`costs/recommendations?${new URLSearchParams(params)}`));
const byName = (items, name) => items.find((i) => i.resourceName === name);

describe('cost recommendations', () => {
  let srv, owner, viewer, other, demo;
  before(async () => {
    srv = await startServer();
    owner = await registerOwner(srv, { prefix: 'rec', organizationName: 'Recs Org' });
    viewer = await addMember(srv, owner.api, 'viewer');
    other = await registerOwner(srv, { prefix: 'rec-other', organizationName: 'Other Recs Org' });
    demo = assertOk(await owner.api.post('demo', { scenario: 'startup' }), 201);
    // The sync's end queues a recommendation run for the account.
    await waitFor(async () => {
      const { items } = await list(owner.api);
      return ['demo-idle-server-1', 'demo-oversized-server-1', 'demo-unattached-volume-1', 'demo-idle-lb-1',
        'demo-old-snapshot-1', 'demo-idle-ip-1'].every((n) => byName(items, n));
    }, { timeoutMs: 60000, intervalMs: 200, what: 'the planted recommendations' });
  });
  after(async () => {
    await srv?.stop();
  });

  test('the planted savings are listed with savings, actions and a total', async () => {
    const body = await list(viewer.api);
    const idle = byName(body.items, 'demo-idle-server-1');
    assert.equal(idle.kind, 'idle_server');
    assert.equal(idle.action.kind, 'stop');
    assert.equal(idle.providerId, demo.accountId);
    assert.equal(idle.status, 'open');
    assert.ok(idle.monthlySavings > 0);
    assert.match(idle.title, /demo-idle-server-1/);
    assert.match(idle.detail, /CPU p95/);
    const resize = byName(body.items, 'demo-oversized-server-1');
    assert.equal(resize.kind, 'rightsize_server');
    assert.equal(resize.action.kind, 'resize');
    assert.ok(resize.action.to && resize.action.from && resize.action.to !== resize.action.from);
    const volume = byName(body.items, 'demo-unattached-volume-1');
    assert.equal(volume.kind, 'unattached_volume');
    assert.equal(volume.action.kind, 'delete');
    const lb = byName(body.items, 'demo-idle-lb-1');
    assert.equal(lb.kind, 'idle_load_balancer');
    assert.equal(lb.action.kind, 'delete');
    const snapshot = byName(body.items, 'demo-old-snapshot-1');
    assert.equal(snapshot.kind, 'old_snapshot');
    assert.equal(snapshot.action.kind, 'delete');
    assert.match(snapshot.detail, /taken \d+ days ago/);
    const ip = byName(body.items, 'demo-idle-ip-1');
    assert.equal(ip.kind, 'idle_public_ip');
    assert.equal(ip.action.kind, 'delete');
    assert.ok(ip.monthlySavings >= 3.65, JSON.stringify(ip));
    // Only the planted ones are idle or oversized.
    assert.equal(body.items.filter((i) => i.kind === 'idle_server').length, 1);
    assert.equal(body.items.filter((i) => i.kind === 'rightsize_server').length, 1);
    assert.equal(body.items.filter((i) => i.kind === 'unattached_volume').length, 1);
    assert.equal(body.items.filter((i) => i.kind === 'idle_load_balancer').length, 1);
    assert.equal(body.items.filter((i) => i.kind === 'old_snapshot').length, 1);
    assert.equal(body.items.filter((i) => i.kind === 'idle_public_ip').length, 1);
    const open = body.items.filter((i) => i.status === 'open');
    const sum = open.reduce((s, i) => s + i.monthlySavings, 0);
    assert.ok(Math.abs(body.totalMonthlySavings - sum) < 0.05, `${body.totalMonthlySavings} vs ${sum}`);
    assert.equal(body.currency, 'USD');
    const idleOnly = await list(viewer.api, { kind: 'idle_server' });
    assert.deepEqual(idleOnly.items.map((i) => i.id), [idle.id]);
  });

  test('validation errors and roles', async () => {
    assertError(await owner.api.get('costs/recommendations?kind=bogus'), 400, 'VALIDATION_ERROR');
    assertError(await owner.api.get('costs/recommendations?status=everything'), 400, 'VALIDATION_ERROR');
    const { items } = await list(owner.api);
    const idle = byName(items, 'demo-idle-server-1');
    assertError(await owner.api.post(`costs/recommendations/${idle.id}/dismiss`, {}), 400, 'VALIDATION_ERROR');
    assertError(await owner.api.post(`costs/recommendations/${idle.id}/dismiss`, { reason: '' }), 400,
      'VALIDATION_ERROR');
    assertError(await viewer.api.post(`costs/recommendations/${idle.id}/dismiss`, { reason: 'x' }), 403, 'AUTHORIZATION_ERROR');
    assertError(await viewer.api.post(`costs/recommendations/${idle.id}/apply`), 403, 'AUTHORIZATION_ERROR');
    assertError(await owner.api.post('costs/recommendations/rec_missing/apply'), 404, 'NOT_FOUND');
  });

  test('another organization sees none and cannot act on them', async () => {
    assert.deepEqual((await list(other.api)).items, []);
    const { items } = await list(owner.api);
    const idle = byName(items, 'demo-idle-server-1');
    assertError(await other.api.post(`costs/recommendations/${idle.id}/dismiss`, { reason: 'x' }), 404, 'NOT_FOUND');
    assertError(await other.api.post(`costs/recommendations/${idle.id}/apply`), 404, 'NOT_FOUND');
    assert.equal(byName((await list(owner.api)).items, 'demo-idle-server-1').status, 'open');
  });

  test('dismiss with a reason: it stays dismissed and leaves the open list', async () => {
    const { items } = await list(owner.api);
    const stopped = byName(items, 'demo-oversized-server-1');
    const d = assertOk(await owner.api.post(`costs/recommendations/${stopped.id}/dismiss`, { reason: 'restarting soon' }));
    assert.equal(d.status, 'dismissed');
    assert.equal(d.dismissedReason, 'restarting soon');
    assert.ok(!(await list(owner.api, { status: 'open' })).items.some((i) => i.id === stopped.id));
    assert.ok((await list(owner.api, { status: 'dismissed' })).items.some((i) => i.id === stopped.id));
    assertError(await owner.api.post(`costs/recommendations/${stopped.id}/dismiss`, { reason: 'again' }), 409,
      'CONFLICT');
  });

  test('apply stops the idle server and deletes the volume and the address through the inventory', async () => {
    const { items } = await list(owner.api);
    const idle = byName(items, 'demo-idle-server-1');
    const volume = byName(items, 'demo-unattached-volume-1');
    const ip = byName(items, 'demo-idle-ip-1');
    assert.deepEqual((await list(owner.api, { kind: 'idle_public_ip' })).items.map((i) => i.id), [ip.id]);

    const applied = assertOk(await owner.api.post(`costs/recommendations/${idle.id}/apply`), 202);
    assert.equal(applied.status, 'applied');
    assert.equal(applied.resource.id, idle.resourceId);
    await waitFor(async () => assertOk(await owner.api.get(`resources/${idle.resourceId}`)).status === 'stopped',
      { timeoutMs: 30000, intervalMs: 200, what: 'the idle server to stop' });

    assertOk(await owner.api.post(`costs/recommendations/${volume.id}/apply`), 202);
    await waitFor(async () => {
      const res = await owner.api.get(`resources/${volume.resourceId}`);
      return res.status === 404 || res.body?.data?.status === 'terminated';
    }, { timeoutMs: 30000, intervalMs: 200, what: 'the volume to be deleted' });
    assertOk(await owner.api.post(`costs/recommendations/${ip.id}/apply`), 202);
    await waitFor(async () => {
      const res = await owner.api.get(`resources/${ip.resourceId}`);
      return res.status === 404 || res.body?.data?.status === 'terminated';
    }, { timeoutMs: 30000, intervalMs: 200, what: 'the public IP to be released' });

    // A dismissed one is not applied.
    const dismissed = byName((await list(owner.api, { status: 'dismissed' })).items, 'demo-oversized-server-1');
    assertError(await owner.api.post(`costs/recommendations/${dismissed.id}/apply`), 409, 'CONFLICT');

    // Applied once; a second apply is a conflict.
    assertError(await owner.api.post(`costs/recommendations/${idle.id}/apply`), 409, 'CONFLICT');
    // The audit log records who applied what.
    const entries = assertOk(await owner.api.get(`audit?targetId=${idle.id}`));
    assert.ok(entries.some((e) => e.action === 'costs.recommendation.apply'), JSON.stringify(entries).slice(0, 500));
  });

  test('apply resizes the oversized server to the next smaller size', async () => {
    const resizer = await registerOwner(srv, { prefix: 'rec-resize' });
    assertOk(await resizer.api.post('demo', { scenario: 'startup' }), 201);
    const resize = await waitFor(async () => byName((await list(resizer.api)).items, 'demo-oversized-server-1') || null,
      { timeoutMs: 60000, intervalMs: 200, what: 'the rightsizing recommendation' });
    assert.equal(resize.action.kind, 'resize');
    const before = assertOk(await resizer.api.get(`resources/${resize.resourceId}`));
    assert.equal(before.spec.instanceType, resize.action.from);
    assertOk(await resizer.api.post(`costs/recommendations/${resize.id}/apply`), 202);
    const after = await waitFor(async () => {
      const r = assertOk(await resizer.api.get(`resources/${resize.resourceId}`));
      return r.spec.instanceType === resize.action.to ? r : null;
    }, { timeoutMs: 30000, intervalMs: 200, what: 'the server to be resized' });
    assert.ok(after.monthlyCost < before.monthlyCost, `${after.monthlyCost} < ${before.monthlyCost}`);
  });
});
