// Resources through the provider: create (provisioning → running), stop/start/reboot with
// their state transitions, patch, delete (terminated → gone), provider failures surfaced as
// 502 (or 400/409 for refused input) with nothing stored, validation, metrics, RBAC and audit.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertError, assertOk } from '../lib/http.mjs';
import { registerOwner, addMember } from '../lib/fixtures.mjs';
import { connectAndSync, listAll, waitForStatus, waitForGone, METRIC_UNITS } from '../lib/inventory.mjs';

const ROLES = ['owner', 'admin', 'operator', 'viewer'];

describe('resources', () => {
  let srv, owner, account;
  const actors = {};
  let n = 0;
  const create = async (body = {}, api = owner.api) =>
    assertOk(await api.post('resources', { name: `res-${++n}`, type: 'server', providerId: account.id, region: 'us-east-1', ...body }), 201);

  before(async () => {
    srv = await startServer();
    owner = await registerOwner(srv, { prefix: 'res', organizationName: 'Resources Org' });
    actors.owner = owner;
    for (const role of ['admin', 'operator', 'viewer']) actors[role] = await addMember(srv, owner.api, role);
    account = await connectAndSync(owner.api, { scenario: 'startup', seed: 31, resourceCount: 20 }, { name: 'Lifecycle' });
  });
  after(async () => {
    await srv?.stop();
  });

  test('create: 201 provisioning, then running a few seconds later', async () => {
    const r = await create({ name: 'web-lifecycle', spec: { instanceType: 't3.small' }, tags: { env: 'dev', team: 'qa' } });
    assert.match(r.id, /^res_/);
    assert.equal(r.name, 'web-lifecycle');
    assert.equal(r.type, 'server');
    assert.equal(r.providerId, account.id);
    assert.equal(r.region, 'us-east-1');
    assert.equal(r.provider, 'aws');
    assert.equal(r.isDemo, false);
    assert.deepEqual(r.tags, { env: 'dev', team: 'qa' });
    assert.equal(r.spec.instanceType, 't3.small');
    assert.ok(r.externalId.length > 0);
    assert.equal(r.status, 'provisioning');
    assert.deepEqual(assertOk(await owner.api.get(`resources/${r.id}`)).id, r.id);
    const running = await waitForStatus(owner.api, r.id, 'running', { timeoutMs: 30000 });
    assert.ok(Date.parse(running.updatedAt) > Date.parse(r.updatedAt), 'updatedAt moves with the status');
    assert.equal(running.name, 'web-lifecycle');
    const listed = assertOk(await owner.api.get('resources?q=web-lifecycle'));
    assert.deepEqual(listed.map((x) => x.id), [r.id]);
  });

  test('stop → stopped, start → provisioning → running, reboot → running', async () => {
    const r = await create({ name: 'vm-actions' });
    await waitForStatus(owner.api, r.id, 'running');
    const stopping = assertOk(await owner.api.post(`resources/${r.id}/actions/stop`), 202);
    assert.equal(stopping.id, r.id);
    assert.ok(['running', 'stopped'].includes(stopping.status), `right after stop: ${stopping.status}`);
    await waitForStatus(owner.api, r.id, 'stopped');

    const starting = assertOk(await owner.api.post(`resources/${r.id}/actions/start`), 202);
    assert.ok(['provisioning', 'running'].includes(starting.status), `right after start: ${starting.status}`);
    await waitForStatus(owner.api, r.id, 'running');

    const rebooting = assertOk(await owner.api.post(`resources/${r.id}/actions/reboot`), 202);
    assert.ok(['provisioning', 'running'].includes(rebooting.status), `right after reboot: ${rebooting.status}`);
    await waitForStatus(owner.api, r.id, 'running');

    const audit = assertOk(await owner.api.get(`audit?action=resources.action&targetId=${r.id}&limit=50`));
    assert.deepEqual(audit.map((e) => e.details?.action).sort(), ['reboot', 'start', 'stop']);
    for (const e of audit) assert.equal(e.targetType, 'resource');
  });

  test('unknown action → 404; action the type cannot do → 400, mid-transition → 409, with the provider code', async () => {
    const vm = await create({ name: 'vm-refusals' });
    assertError(await owner.api.post(`resources/${vm.id}/actions/explode`), 404, 'NOT_FOUND');
    assertError(await owner.api.post(`resources/${vm.id}/actions/START`), 404, 'NOT_FOUND');
    assertError(await owner.api.get(`resources/${vm.id}/actions/stop`), 405, 'METHOD_NOT_ALLOWED');
    // Still provisioning: stopping now is refused as a state conflict (retryable).
    const busy = await owner.api.post(`resources/${vm.id}/actions/stop`);
    if (busy.status !== 202) {
      const err = assertError(busy, 409, 'CONFLICT');
      assert.equal(err.details.providerCode, 'IncorrectState');
      assert.equal(err.details.retryable, true);
      assert.equal(err.details.provider, 'simulated');
    }
    // A bucket cannot be stopped: the client asked for something the resource cannot do.
    const bucket = await create({ name: 'bucket-refusals', type: 'storage' });
    const err = assertError(await owner.api.post(`resources/${bucket.id}/actions/stop`), 400, 'VALIDATION_ERROR');
    assert.equal(err.details.providerCode, 'UnsupportedOperation');
    assert.equal(err.details.retryable, false);
    assert.equal(err.details.provider, 'simulated');
    assert.match(err.details.fields.action, /cannot be stopped/);
    assert.equal(err.message, err.details.fields.action, 'the cloud\'s words, no internal provider name');
    assert.ok(!/simulated/i.test(err.message));
    // It was never offered: a bucket's actions are none, a server's are start, stop and reboot.
    assert.deepEqual(bucket.actions, []);
    const server = await create({ name: 'vm-actions', type: 'server' });
    assert.deepEqual(server.actions, ['start', 'stop', 'reboot']);
    assert.deepEqual(assertOk(await owner.api.get(`resources/${server.id}`)).actions, ['start', 'stop', 'reboot']);
  });

  test('PATCH renames, merges spec keys and replaces tags; empty/bad bodies are 400', async () => {
    const r = await create({ name: 'db-patch', type: 'database', tags: { env: 'dev', owner: 'qa' } });
    const p1 = assertOk(await owner.api.patch(`resources/${r.id}`, { name: 'db-patched' }));
    assert.equal(p1.name, 'db-patched');
    assert.deepEqual(p1.tags, { env: 'dev', owner: 'qa' });
    const p2 = assertOk(await owner.api.patch(`resources/${r.id}`, { tags: { env: 'prod' } }));
    assert.deepEqual(p2.tags, { env: 'prod' });
    const before = p2.spec;
    const p3 = assertOk(await owner.api.patch(`resources/${r.id}`, { spec: { backupsEnabled: true } }));
    assert.equal(p3.spec.backupsEnabled, true);
    for (const [k, v] of Object.entries(before)) {
      if (k !== 'backupsEnabled') assert.deepEqual(p3.spec[k], v, `spec.${k} kept`);
    }
    assert.deepEqual(assertOk(await owner.api.get(`resources/${r.id}`)), p3);
    assert.equal(assertOk(await owner.api.get('resources?q=db-patched')).length, 1);
    assert.equal(assertOk(await owner.api.get('resources?tag=env:prod&q=db-patched')).length, 1);

    for (const [body, field] of [
      [{}, null],
      [{ name: '' }, 'name'],
      [{ name: 'x'.repeat(129) }, 'name'],
      [{ name: 'a\u0000b' }, 'name'],
      [{ tags: { env: 1 } }, 'tags'],
      [{ tags: 'env=prod' }, 'tags'],
      [{ spec: 'big' }, 'spec'],
    ]) {
      const err = assertError(await owner.api.patch(`resources/${r.id}`, body), 400, 'VALIDATION_ERROR');
      if (field) assert.ok(err.details.fields[field], `${JSON.stringify(body)} → fields.${field}: ${JSON.stringify(err.details)}`);
    }
    assertError(await owner.api.patch('resources/res_doesnotexist', { name: 'x' }), 404, 'NOT_FOUND');
    assert.equal(assertOk(await owner.api.get(`resources/${r.id}`)).name, 'db-patched');
  });

  test('DELETE: 202 terminated at once, actions on it 409, then the row disappears', async () => {
    const r = await create({ name: 'vm-delete' });
    await waitForStatus(owner.api, r.id, 'running');
    const del = assertOk(await owner.api.delete(`resources/${r.id}`), 202);
    assert.equal(del.id, r.id);
    assert.equal(del.status, 'terminated');
    const now = assertOk(await owner.api.get(`resources/${r.id}`));
    assert.ok(['terminated'].includes(now.status), now.status);
    for (const action of ['start', 'stop', 'reboot']) {
      assertError(await owner.api.post(`resources/${r.id}/actions/${action}`), 409, 'CONFLICT');
    }
    await waitForGone(owner.api, r.id);
    assert.equal(assertOk(await owner.api.get('resources?q=vm-delete')).length, 0);
    assertError(await owner.api.delete(`resources/${r.id}`), 404, 'NOT_FOUND');
  });

  test('provider failure: a fail-… name is 502 EXTERNAL_SERVICE_ERROR with providerCode, and nothing is stored', async () => {
    const before = (await owner.api.get('resources?limit=1')).body.meta.total;
    const res = await owner.api.post('resources', { name: 'fail-quota-test', type: 'server', providerId: account.id, region: 'us-east-1' });
    const err = assertError(res, 502, 'EXTERNAL_SERVICE_ERROR');
    assert.equal(err.details.provider, 'simulated');
    assert.equal(err.details.providerCode, 'QuotaExceeded');
    assert.equal(err.details.retryable, false);
    assert.ok(err.message.length > 0);
    assert.equal((await owner.api.get('resources?limit=1')).body.meta.total, before, 'nothing stored');
    assert.equal((await owner.api.get('resources?q=fail-quota-test')).body.meta.total, 0);
    const audit = assertOk(await owner.api.get('audit?action=resources.create&limit=50'));
    const entry = audit.find((e) => e.requestId === res.headers['x-request-id']);
    assert.ok(entry, 'the failed create is audited');
    assert.equal(entry.result, 'failure');
    assert.equal(entry.statusCode, 502);
  });

  test('provider refusals of the client input: unknown region → 400, name taken → 409; nothing stored', async () => {
    const before = (await owner.api.get('resources?limit=1')).body.meta.total;
    const region = assertError(await owner.api.post('resources', { name: 'vm-mars', type: 'server', providerId: account.id, region: 'mars-north-1' }), 400, 'VALIDATION_ERROR');
    assert.equal(region.details.providerCode, 'InvalidParameterValue');
    assert.equal(region.details.provider, 'simulated');
    assert.ok(region.details.fields.resource.length > 0, JSON.stringify(region.details));
    await create({ name: 'unique-bucket-name', type: 'storage' });
    const dup = assertError(await owner.api.post('resources', { name: 'unique-bucket-name', type: 'storage', providerId: account.id, region: 'us-east-1' }), 409, 'CONFLICT');
    assert.equal(dup.details.providerCode, 'Conflict');
    assert.equal(dup.details.retryable, false);
    assert.equal((await owner.api.get('resources?limit=1')).body.meta.total, before + 1);
  });

  test('create validation: 400 naming each bad field; unknown account 404', async () => {
    const ok = { name: 'valid', type: 'server', providerId: account.id, region: 'us-east-1' };
    const cases = [
      [{}, ['name', 'type', 'providerId', 'region']],
      [{ ...ok, name: '' }, ['name']],
      [{ ...ok, name: 'x'.repeat(129) }, ['name']],
      [{ ...ok, name: 'line\nbreak' }, ['name']],
      [{ ...ok, type: 'vm' }, ['type']],
      [{ ...ok, type: 7 }, ['type']],
      [{ ...ok, region: '' }, ['region']],
      [{ ...ok, spec: 'large' }, ['spec']],
      [{ ...ok, spec: [1] }, ['spec']],
      [{ ...ok, tags: { env: 1 } }, ['tags']],
      [{ ...ok, tags: ['env'] }, ['tags']],
      [{ ...ok, tags: { ['k'.repeat(129)]: 'v' } }, ['tags']],
      [{ ...ok, tags: { env: 'v'.repeat(257) } }, ['tags']],
      [{ ...ok, tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) }, ['tags']],
    ];
    for (const [body, fields] of cases) {
      const err = assertError(await owner.api.post('resources', body), 400, 'VALIDATION_ERROR');
      for (const f of fields) assert.ok(err.details?.fields?.[f], `${JSON.stringify(body).slice(0, 100)}: fields.${f} expected, got ${JSON.stringify(err.details)}`);
    }
    assertError(await owner.api.post('resources', { ...ok, providerId: 'acct_doesnotexist' }), 404, 'NOT_FOUND');
    assert.equal((await owner.api.get('resources?q=valid')).body.meta.total, 0);
    // null spec and tags are the same as absent
    const r = await create({ name: 'nulls-ok', type: 'cache', spec: null, tags: null });
    assert.deepEqual(r.tags, {});
  });

  test('metrics: default series, every metric with its unit, explicit range and step', async () => {
    const r = (await listAll(owner.api, `providerId=${account.id}&type=server&status=running`)).items[0];
    assert.ok(r, 'a running server of the account');
    const m = assertOk(await owner.api.get(`resources/${r.id}/metrics`));
    assert.equal(m.resourceId, r.id);
    assert.equal(m.metric, 'cpu_utilization');
    assert.equal(m.unit, 'percent');
    const span = Date.parse(m.to) - Date.parse(m.from);
    assert.ok(Math.abs(span - 24 * 3600 * 1000) < 1000, `default range is 24 h, got ${span} ms`);
    assert.ok(Math.abs(Date.parse(m.to) - Date.now()) < 60000, 'default range ends now');
    assert.ok(m.points.length >= 200 && m.points.length <= 300, `about 288 points, got ${m.points.length}`);
    assert.ok(m.points.some((p) => p.value > 0), 'a running server uses some CPU');
    for (const p of m.points) assert.ok(p.value >= 0 && p.value <= 100, `cpu ${p.value}`);

    for (const [metric, unit] of Object.entries(METRIC_UNITS)) {
      const s = assertOk(await owner.api.get(`resources/${r.id}/metrics?metric=${metric}&step=3600`));
      assert.equal(s.metric, metric);
      assert.equal(s.unit, unit, `${metric} unit`);
      assert.equal(s.stepSeconds, 3600);
      for (const p of s.points) assert.ok(Number.isFinite(p.value) && p.value >= 0, `${metric} value ${p.value}`);
    }

    const from = '2026-01-10T00:00:00.000Z';
    const to = '2026-01-11T00:00:00.000Z';
    const s = assertOk(await owner.api.get(`resources/${r.id}/metrics?metric=memory_utilization&from=${from}&to=${to}&step=3600`));
    assert.equal(s.from, from);
    assert.equal(s.to, to);
    assert.equal(s.stepSeconds, 3600);
    assert.ok(s.points.length >= 24 && s.points.length <= 25, `24 hourly points, got ${s.points.length}`);
    assert.equal(s.points[0].timestamp, from);
    for (let i = 1; i < s.points.length; i++) {
      assert.equal(Date.parse(s.points[i].timestamp) - Date.parse(s.points[i - 1].timestamp), 3600 * 1000);
    }
    // 2,000 points (both ends included) is the most one call returns; one more step is a 400.
    const wide = assertOk(await owner.api.get(`resources/${r.id}/metrics?from=2026-01-01T00:00:00Z&to=2026-01-01T05:33:10Z&step=10`));
    assert.equal(wide.points.length, 2000);
    assert.equal(wide.points.at(-1).timestamp, '2026-01-01T05:33:10.000Z');
    const tooWide = assertError(await owner.api.get(`resources/${r.id}/metrics?from=2026-01-01T00:00:00Z&to=2026-01-01T05:33:20Z&step=10`), 400, 'VALIDATION_ERROR');
    assert.ok(tooWide.details.fields.step);
    // The same question gives the same answer (a deterministic series).
    const again = assertOk(await owner.api.get(`resources/${r.id}/metrics?metric=memory_utilization&from=${from}&to=${to}&step=3600`));
    assert.deepEqual(again.points, s.points);
  });

  test('metrics: bad parameters are 400, unknown resource 404', async () => {
    const r = (await listAll(owner.api, `providerId=${account.id}&type=server`)).items[0];
    const cases = [
      ['metric=cpu', 'metric'],
      ['metric=CPU_UTILIZATION', 'metric'],
      ['from=yesterday', 'from'],
      ['to=2026-13-40T00:00:00Z', 'to'],
      ['from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z', 'from'],
      ['from=2026-01-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'from'],
      ['step=9', 'step'],
      ['step=86401', 'step'],
      ['step=ten', 'step'],
      ['step=60s', 'step'],
      ['step=-60', 'step'],
      ['from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z&step=60', 'step'],
    ];
    for (const [q, field] of cases) {
      const err = assertError(await owner.api.get(`resources/${r.id}/metrics?${q}`), 400, 'VALIDATION_ERROR');
      assert.ok(err.details?.fields?.[field], `metrics?${q}: fields.${field} expected, got ${JSON.stringify(err.details)}`);
    }
    assertError(await owner.api.get('resources/res_doesnotexist/metrics'), 404, 'NOT_FOUND');
  });

  describe('RBAC', () => {
    let target;
    before(async () => {
      target = await create({ name: 'rbac-target', type: 'container' });
      await waitForStatus(owner.api, target.id, 'running');
    });
    for (const role of ROLES) {
      test(`${role} may read resources, the summary and metrics`, async () => {
        const api = actors[role].api;
        assertOk(await api.get('resources'));
        assertOk(await api.get(`resources/${target.id}`));
        assertOk(await api.get('resources/summary'));
        assertOk(await api.get(`resources/${target.id}/metrics?step=3600`));
      });
    }
    test('viewer may not create, patch, act on or delete resources (403, nothing changes)', async () => {
      const api = actors.viewer.api;
      assertError(await api.post('resources', { name: 'by-viewer', type: 'server', providerId: account.id, region: 'us-east-1' }), 403, 'AUTHORIZATION_ERROR');
      assertError(await api.patch(`resources/${target.id}`, { name: 'viewer-was-here' }), 403, 'AUTHORIZATION_ERROR');
      for (const action of ['start', 'stop', 'reboot']) assertError(await api.post(`resources/${target.id}/actions/${action}`), 403, 'AUTHORIZATION_ERROR');
      assertError(await api.delete(`resources/${target.id}`), 403, 'AUTHORIZATION_ERROR');
      const still = assertOk(await owner.api.get(`resources/${target.id}`));
      assert.equal(still.name, 'rbac-target');
      assert.equal(still.status, 'running');
      assert.equal((await owner.api.get('resources?q=by-viewer')).body.meta.total, 0);
      const denied = assertOk(await owner.api.get(`audit?result=denied&userId=${actors.viewer.user.id}&limit=50`));
      assert.ok(denied.some((e) => e.action === 'resources.delete'), 'denied delete audited');
    });
    for (const role of ['operator', 'admin']) {
      test(`${role} may create, patch, act on and delete resources`, async () => {
        const api = actors[role].api;
        const r = await create({ name: `by-${role}`, type: 'server' }, api);
        assertOk(await api.patch(`resources/${r.id}`, { tags: { by: role } }));
        await waitForStatus(api, r.id, 'running');
        assertOk(await api.post(`resources/${r.id}/actions/reboot`), 202);
        await waitForStatus(api, r.id, 'running');
        assert.equal(assertOk(await api.delete(`resources/${r.id}`), 202).status, 'terminated');
      });
    }
  });
});
