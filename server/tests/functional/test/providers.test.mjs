// Cloud accounts (/providers): connect a simulated account, test it, sync it (full,
// incremental, one at a time), change it, disconnect it (its resources go too, even in the
// middle of a sync); validation of every field; the RBAC matrix; org isolation of accounts,
// resources and jobs; audit entries.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertError, assertOk } from '../lib/http.mjs';
import { registerOwner, addMember, waitFor } from '../lib/fixtures.mjs';
import { connectSimulated, connectAndSync, waitForSync, waitForJob, listAll, sortedIds } from '../lib/inventory.mjs';

const ROLES = ['owner', 'admin', 'operator', 'viewer'];

describe('cloud accounts', () => {
  let srv, owner, b;
  const actors = {};
  before(async () => {
    srv = await startServer();
    owner = await registerOwner(srv, { prefix: 'prov-a', organizationName: 'Providers A' });
    actors.owner = owner;
    for (const role of ['admin', 'operator', 'viewer']) actors[role] = await addMember(srv, owner.api, role);
    b = await registerOwner(srv, { prefix: 'prov-b', organizationName: 'Providers B' });
  });
  after(async () => {
    await srv?.stop();
  });

  test('connect: 201 pending, first full sync scheduled, then connected with its resources', async () => {
    const created = await connectSimulated(owner.api, { scenario: 'startup', seed: 101, resourceCount: 40 }, { name: 'Startup 101', regions: ['us-east-1', 'us-west-2'] });
    assert.match(created.id, /^acct_/);
    assert.equal(created.provider, 'simulated');
    assert.equal(created.name, 'Startup 101');
    assert.ok(['pending', 'connected'].includes(created.status), created.status);
    assert.equal(created.statusReason, null);
    assert.deepEqual(created.regions, ['us-east-1', 'us-west-2']);
    assert.equal(created.syncIntervalSeconds, 900, 'default sync interval');
    assert.equal(created.isDemo, false);
    assert.ok(created.lastSyncJobId, 'the first sync is scheduled at once');
    assert.equal(created.credentials, undefined, 'credentials are write-only');
    if (created.status === 'pending') {
      assert.equal(created.lastSync, null);
    }

    const synced = await waitForSync(owner.api, created.id, { resourceCount: 40 });
    assert.equal(synced.statusReason, null);
    assert.ok(Date.parse(synced.lastSync) >= Date.parse(created.createdAt));
    assert.equal(synced.lastSyncJobId, created.lastSyncJobId);

    const job = assertOk(await owner.api.get(`jobs/${created.lastSyncJobId}`));
    assert.equal(job.type, 'inventory.sync');
    assert.equal(job.state, 'succeeded');
    assert.equal(job.payload.accountId, created.id);
    assert.equal(job.result.mode, 'full');
    assert.equal(job.result.total, 40);
    assert.equal(job.result.created, 40);

    const { items } = await listAll(owner.api, `providerId=${created.id}`);
    assert.equal(items.length, 40);
    for (const r of items) {
      assert.equal(r.providerId, created.id);
      assert.equal(r.isDemo, false);
    }
    assert.ok(items.some((r) => r.name === 'demo-web-server-1' && r.type === 'server' && r.region === 'us-east-1'));
    assert.ok(items.some((r) => r.name === 'demo-database-1' && r.type === 'database' && r.region === 'us-east-1'));
    // The account's regions bound its estate; the account and its users are global, as IAM is.
    assert.deepEqual([...new Set(items.map((r) => r.region))].sort(), ['global', 'us-east-1', 'us-west-2']);

    const list = await owner.api.get('providers');
    const accounts = assertOk(list);
    assert.ok(accounts.some((a) => a.id === created.id));
    assert.equal(list.body.meta.total, accounts.length);
    assert.equal(list.body.meta.nextCursor, null);
    assert.deepEqual(assertOk(await owner.api.get(`providers/${created.id}`)), synced);

    const onboarding = assertOk(await owner.api.get('onboarding'));
    assert.equal(onboarding.steps.find((s) => s.id === 'cloud-providers').completed, true, 'onboarding step cloud-providers completed');
  });

  test('the same credentials give the same estate (deterministic simulated cloud)', async () => {
    const creds = { scenario: 'devops', seed: 4242, resourceCount: 60 };
    const x = await connectAndSync(owner.api, creds, { name: 'Twin X' });
    const y = await connectAndSync(owner.api, creds, { name: 'Twin Y' });
    const shape = (r) => `${r.name}|${r.type}|${r.region}|${r.externalId}|${r.monthlyCost}`;
    const xs = (await listAll(owner.api, `providerId=${x.id}`)).items.map(shape).sort();
    const ys = (await listAll(owner.api, `providerId=${y.id}`)).items.map(shape).sort();
    assert.equal(xs.length, 60);
    assert.deepEqual(xs, ys);
    const other = await connectAndSync(owner.api, { ...creds, seed: 4243 }, { name: 'Twin Z' });
    const zs = (await listAll(owner.api, `providerId=${other.id}`)).items.map(shape).sort();
    assert.notDeepEqual(zs, xs, 'another seed gives another estate');
  });

  test('validation: every bad field is a 400 naming it, and nothing is created', async () => {
    const before = assertOk(await owner.api.get('providers')).length;
    const ok = { provider: 'simulated', name: 'Valid name', credentials: { scenario: 'startup' } };
    const cases = [
      [{}, ['provider', 'name', 'credentials']],
      [{ ...ok, provider: 'openstack' }, ['provider']],
      [{ ...ok, provider: 'SIMULATED' }, ['provider']],
      [{ ...ok, name: '' }, ['name']],
      [{ ...ok, name: '   ' }, ['name']],
      [{ ...ok, name: 'x'.repeat(101) }, ['name']],
      [{ ...ok, name: 'bad\nname' }, ['name']],
      [{ ...ok, name: 42 }, ['name']],
      [{ provider: 'simulated', name: 'No creds' }, ['credentials']],
      [{ ...ok, credentials: 'scenario=startup' }, ['credentials']],
      [{ ...ok, credentials: ['startup'] }, ['credentials']],
      [{ ...ok, credentials: {} }, ['credentials.scenario']],
      [{ ...ok, credentials: { scenario: 'huge' } }, ['credentials.scenario']],
      [{ ...ok, credentials: { scenario: 'startup', seed: 'seven' } }, ['credentials.seed']],
      [{ ...ok, credentials: { scenario: 'startup', seed: 1.5 } }, ['credentials.seed']],
      [{ ...ok, credentials: { scenario: 'startup', resourceCount: 0 } }, ['credentials.resourceCount']],
      [{ ...ok, credentials: { scenario: 'startup', resourceCount: 1000001 } }, ['credentials.resourceCount']],
      [{ ...ok, credentials: { scenario: 'startup', failureRate: -0.1 } }, ['credentials.failureRate']],
      [{ ...ok, credentials: { scenario: 'startup', failureRate: 1.01 } }, ['credentials.failureRate']],
      [{ ...ok, credentials: { scenario: 'startup', failureRate: 'often' } }, ['credentials.failureRate']],
      [{ ...ok, credentials: { scenario: 'startup', accessKey: 'AKIA' } }, ['credentials.accessKey']],
      [{ ...ok, syncIntervalSeconds: 59 }, ['syncIntervalSeconds']],
      [{ ...ok, syncIntervalSeconds: 86401 }, ['syncIntervalSeconds']],
      [{ ...ok, syncIntervalSeconds: '900' }, ['syncIntervalSeconds']],
      [{ ...ok, regions: 'us-east-1' }, ['regions']],
      [{ ...ok, regions: [''] }, ['regions']],
      [{ ...ok, regions: [1] }, ['regions']],
      [{ ...ok, endpoints: 'https://example.com' }, ['endpoints']],
    ];
    for (const [body, fields] of cases) {
      const err = assertError(await owner.api.post('providers', body), 400, 'VALIDATION_ERROR');
      for (const f of fields) {
        assert.ok(err.details?.fields?.[f], `${JSON.stringify(body)}: details.fields.${f} expected, got ${JSON.stringify(err.details)}`);
      }
    }
    const unknown = assertError(await owner.api.post('providers', { ...ok, provider: 'openstack' }), 400, 'VALIDATION_ERROR');
    assert.match(unknown.details.fields.provider, /^must be one of: .*simulated/);
    // aws, azure and gcp: refused while not registered (on `provider`), or — once registered —
    // because simulated credentials are not theirs (on `credentials.…`).
    for (const provider of ['aws', 'azure', 'gcp']) {
      const err = assertError(await owner.api.post('providers', { ...ok, provider }), 400, 'VALIDATION_ERROR');
      const fields = Object.keys(err.details.fields);
      assert.ok(fields.includes('provider') || fields.some((f) => f.startsWith('credentials')), `${provider}: ${JSON.stringify(err.details)}`);
      if (fields.includes('provider')) assert.ok(!err.details.fields.provider.includes(provider), `${provider} is listed as registered but refused`);
    }
    assert.equal(assertOk(await owner.api.get('providers')).length, before, 'no account was created');
  });

  test('a name of 100 characters is accepted even when they are not ASCII', async () => {
    const name = 'é'.repeat(100);
    const a = await connectSimulated(owner.api, { scenario: 'startup', resourceCount: 3 }, { name });
    assert.equal(a.name, name);
  });

  test('a duplicate name is 409 in the same organization and fine in another one', async () => {
    await connectSimulated(owner.api, { scenario: 'startup', resourceCount: 5 }, { name: 'Shared name' });
    const err = assertError(await owner.api.post('providers', { provider: 'simulated', name: 'Shared name', credentials: { scenario: 'startup' } }), 409, 'CONFLICT');
    assert.ok(err.details?.fields?.name);
    await connectSimulated(b.api, { scenario: 'startup', resourceCount: 5 }, { name: 'Shared name' });
  });

  test('regions shape the simulated estate: only listed regions, demo pair in the first, creates elsewhere refused', async () => {
    const a = await connectAndSync(owner.api, { scenario: 'enterprise', seed: 31, resourceCount: 120 }, { name: 'Frankfurt only', regions: ['eu-central-1', 'eu-west-1'] });
    const { items } = await listAll(owner.api, `providerId=${a.id}`);
    assert.equal(items.length, 120);
    assert.deepEqual([...new Set(items.map((r) => r.region))].sort(), ['eu-central-1', 'eu-west-1', 'global']);
    for (const name of ['demo-web-server-1', 'demo-database-1']) {
      assert.equal(items.find((r) => r.name === name)?.region, 'eu-central-1', `${name} in the first listed region`);
    }
    const t = assertOk(await owner.api.post(`providers/${a.id}/test`));
    assert.deepEqual(t.regions.sort(), ['eu-central-1', 'eu-west-1']);
    const refused = assertError(await owner.api.post('resources', { name: 'vm-virginia', type: 'server', providerId: a.id, region: 'us-east-1' }), 400, 'VALIDATION_ERROR');
    assert.equal(refused.details.providerCode, 'InvalidParameterValue');
    // Narrowing the regions and syncing again drops what lies outside.
    assertOk(await owner.api.patch(`providers/${a.id}`, { regions: ['eu-west-1'] }));
    const job = assertOk(await owner.api.post(`providers/${a.id}/sync`), 202);
    await waitForJob(owner.api, job.jobId);
    const after = await listAll(owner.api, `providerId=${a.id}`);
    assert.equal(after.total, 120);
    assert.deepEqual([...new Set(after.items.map((r) => r.region))].sort(), ['eu-west-1', 'global']);
  });

  test('PATCH changes name, interval and regions; bad or empty bodies are 400; name clash 409', async () => {
    const a = await connectAndSync(owner.api, { scenario: 'startup', seed: 7, resourceCount: 10 }, { name: 'Patch me' });
    const p = assertOk(await owner.api.patch(`providers/${a.id}`, { name: 'Patched', syncIntervalSeconds: 3600, regions: ['us-west-2'] }));
    assert.equal(p.name, 'Patched');
    assert.equal(p.syncIntervalSeconds, 3600);
    assert.deepEqual(p.regions, ['us-west-2']);
    assert.equal(p.status, 'connected');
    assert.ok(Date.parse(p.updatedAt) >= Date.parse(a.updatedAt));
    assert.deepEqual(assertOk(await owner.api.get(`providers/${a.id}`)), p);

    assertError(await owner.api.patch(`providers/${a.id}`, {}), 400, 'VALIDATION_ERROR');
    const e1 = assertError(await owner.api.patch(`providers/${a.id}`, { syncIntervalSeconds: 10 }), 400, 'VALIDATION_ERROR');
    assert.ok(e1.details.fields.syncIntervalSeconds);
    const e2 = assertError(await owner.api.patch(`providers/${a.id}`, { credentials: { scenario: 'startup', seed: 'x' } }), 400, 'VALIDATION_ERROR');
    assert.ok(e2.details.fields['credentials.seed']);
    const e3 = assertError(await owner.api.patch(`providers/${a.id}`, { name: '' }), 400, 'VALIDATION_ERROR');
    assert.ok(e3.details.fields.name);
    await connectSimulated(owner.api, { scenario: 'startup', resourceCount: 2 }, { name: 'Taken' });
    assertError(await owner.api.patch(`providers/${a.id}`, { name: 'Taken' }), 409, 'CONFLICT');
    assertError(await owner.api.patch('providers/acct_doesnotexist', { name: 'x' }), 404, 'NOT_FOUND');
    assert.equal(assertOk(await owner.api.get(`providers/${a.id}`)).name, 'Patched', 'failed patches changed nothing');
  });

  test('new credentials are re-tested: a failing cloud puts the account in error, good ones bring it back', async () => {
    const a = await connectAndSync(owner.api, { scenario: 'startup', seed: 8, resourceCount: 10 }, { name: 'Flaky' });
    const broken = assertOk(await owner.api.patch(`providers/${a.id}`, { credentials: { scenario: 'startup', seed: 8, resourceCount: 10, failureRate: 1 } }));
    assert.equal(broken.status, 'error');
    assert.ok(broken.statusReason && broken.statusReason.length > 0, 'statusReason says why');
    const t = assertOk(await owner.api.post(`providers/${a.id}/test`));
    assert.equal(t.valid, false);
    assert.ok(t.errors.length > 0);
    const fixed = assertOk(await owner.api.patch(`providers/${a.id}`, { credentials: { scenario: 'startup', seed: 8, resourceCount: 10 } }));
    assert.equal(fixed.status, 'connected');
    assert.equal(fixed.statusReason, null);
  });

  test('POST /providers/{id}/test reports identity, permissions, regions and services', async () => {
    const a = await connectAndSync(owner.api, { scenario: 'enterprise', seed: 9, resourceCount: 50 }, { name: 'Tested' });
    const t = assertOk(await owner.api.post(`providers/${a.id}/test`));
    assert.equal(t.valid, true);
    assert.deepEqual(t.errors, []);
    assert.ok(Object.keys(t.identity).length > 0, 'identity says who the credentials are');
    assert.ok(t.permissions.length > 0);
    assert.ok(t.regions.length > 0);
    assert.ok(t.services.length > 0);
    assert.equal(assertOk(await owner.api.get(`providers/${a.id}`)).status, 'connected', 'a passing test keeps it connected');
    assertError(await owner.api.post('providers/acct_doesnotexist/test'), 404, 'NOT_FOUND');
  });

  test('an account whose cloud fails the connection test is created in error, with no sync', async () => {
    const a = await connectSimulated(owner.api, { scenario: 'startup', failureRate: 1 }, { name: 'Always failing' });
    assert.equal(a.status, 'error');
    assert.ok(a.statusReason && a.statusReason.length > 0);
    assert.equal(a.lastSync, null);
    const t = assertOk(await owner.api.post(`providers/${a.id}/test`));
    assert.equal(t.valid, false);
    assert.ok(t.errors.length > 0);
    assert.ok(t.limitations.length > 0 || t.errors.length > 0);
  });

  test('sync: 202 with the job; full and incremental modes; bad mode 400', async () => {
    const a = await connectAndSync(owner.api, { scenario: 'startup', seed: 10, resourceCount: 30 }, { name: 'Synced twice' });
    const full = assertOk(await owner.api.post(`providers/${a.id}/sync`), 202);
    assert.equal(full.accountId, a.id);
    assert.match(full.jobId, /^job_/);
    const j1 = await waitForJob(owner.api, full.jobId);
    assert.equal(j1.state, 'succeeded', JSON.stringify(j1));
    assert.equal(j1.result.mode, 'full');
    assert.equal(j1.result.total, 30);
    assert.equal(j1.result.created, 0, 'nothing new');
    assert.equal(j1.result.unchanged, 30, 'a resync without changes changes nothing');
    assert.equal(assertOk(await owner.api.get(`providers/${a.id}`)).lastSyncJobId, full.jobId);

    const inc = assertOk(await owner.api.post(`providers/${a.id}/sync`, { mode: 'incremental' }), 202);
    const j2 = await waitForJob(owner.api, inc.jobId);
    assert.equal(j2.state, 'succeeded');
    assert.equal(j2.result.mode, 'incremental');
    assert.equal(j2.payload.full, false);

    assertError(await owner.api.post(`providers/${a.id}/sync`, { mode: 'partial' }), 400, 'VALIDATION_ERROR');
    assertError(await owner.api.post(`providers/${a.id}/sync`, undefined, { rawBody: '{"mode":', headers: { 'Content-Type': 'application/json' } }), 400, 'INVALID_JSON');
    assertError(await owner.api.post('providers/acct_doesnotexist/sync'), 404, 'NOT_FOUND');
  });

  test('back-to-back sync requests while short syncs come and go are all accepted (never 500)', async () => {
    const a = await connectAndSync(owner.api, { scenario: 'startup', seed: 16, resourceCount: 5 }, { name: 'Sync storm' });
    const statuses = {};
    const jobs = new Set();
    for (let i = 0; i < 250; i++) {
      const res = await owner.api.post(`providers/${a.id}/sync`, undefined, { validate: false });
      statuses[res.status] = (statuses[res.status] || 0) + 1;
      if (res.status === 202) jobs.add(res.body.data.jobId);
    }
    assert.deepEqual(statuses, { 202: 250 }, `statuses of 250 sync requests: ${JSON.stringify(statuses)}`);
    assert.ok(jobs.size < 250, 'some requests joined a queued or running sync');
  });

  test('one sync per account at a time; disconnecting during a sync leaves no resources behind', async () => {
    const big = await connectSimulated(owner.api, { scenario: 'enterprise', seed: 77, resourceCount: 30000 }, { name: 'Big and brief' });
    const first = big.lastSyncJobId;
    const r1 = assertOk(await owner.api.post(`providers/${big.id}/sync`), 202);
    const r2 = assertOk(await owner.api.post(`providers/${big.id}/sync`, { mode: 'incremental' }), 202);
    const job = assertOk(await owner.api.get(`jobs/${first}`));
    if (job.state === 'queued' || job.state === 'running') {
      assert.equal(r1.jobId, first, 'a sync request while one is queued/running returns that job');
    }
    assert.equal(r2.jobId, r1.jobId, 'two requests in a row share the job');

    assertOk(await owner.api.delete(`providers/${big.id}`), 204);
    assertError(await owner.api.get(`providers/${big.id}`), 404, 'NOT_FOUND');
    for (const id of new Set([first, r1.jobId])) {
      await waitForJob(owner.api, id, (j) => ['succeeded', 'dead'].includes(j.state), { timeoutMs: 90000 });
    }
    const left = await owner.api.get(`resources?providerId=${big.id}&limit=1`);
    assert.equal(assertOk(left).length, 0);
    assert.equal(left.body.meta.total, 0, 'no resources of a disconnected account');
    const summary = assertOk(await owner.api.get('resources/summary'));
    const listed = (await listAll(owner.api, '')).total;
    assert.equal(summary.total, listed, 'summary agrees with the list after the disconnect');
  });

  test('DELETE removes the account and its resources; a second DELETE is 404', async () => {
    const a = await connectAndSync(owner.api, { scenario: 'startup', seed: 12, resourceCount: 15 }, { name: 'Doomed' });
    const keep = await connectAndSync(owner.api, { scenario: 'startup', seed: 13, resourceCount: 5 }, { name: 'Bystander' });
    const { items } = await listAll(owner.api, `providerId=${a.id}`);
    assert.equal(items.length, 15);
    const keepIds = sortedIds((await listAll(owner.api, `providerId=${keep.id}`)).items);
    assertOk(await owner.api.delete(`providers/${a.id}`), 204);
    assertError(await owner.api.get(`providers/${a.id}`), 404, 'NOT_FOUND');
    assertError(await owner.api.delete(`providers/${a.id}`), 404, 'NOT_FOUND');
    assertError(await owner.api.get(`resources/${items[0].id}`), 404, 'NOT_FOUND');
    assert.equal((await listAll(owner.api, `providerId=${a.id}`)).total, 0);
    assert.deepEqual(sortedIds((await listAll(owner.api, `providerId=${keep.id}`)).items), keepIds, 'other accounts untouched');
    assert.ok(!assertOk(await owner.api.get('providers')).some((x) => x.id === a.id));
  });

  test('GET /providers pages with limit and cursor: oldest first, every account once, stable total', async () => {
    const org = await registerOwner(srv, { prefix: 'prov-pages', organizationName: 'Paged accounts' });
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await connectSimulated(org.api, { scenario: 'startup', seed: 60 + i, resourceCount: 3 }, { name: `Paged ${i}` }));
    const all = await org.api.get('providers');
    assert.equal(all.body.meta.limit, 50);
    assert.equal(all.body.meta.total, 5);
    assert.equal(all.body.meta.nextCursor, null);
    assert.deepEqual(all.body.data.map((a) => a.id), made.map((a) => a.id), 'oldest first');
    const seen = [];
    let cursor = null;
    let pages = 0;
    do {
      const res = await org.api.get(`providers?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      const page = assertOk(res);
      pages++;
      assert.equal(res.body.meta.limit, 2);
      assert.equal(res.body.meta.total, 5);
      if (res.body.meta.nextCursor) assert.equal(page.length, 2);
      seen.push(...page.map((a) => a.id));
      cursor = res.body.meta.nextCursor;
    } while (cursor && pages < 10);
    assert.equal(pages, 3);
    assert.deepEqual(seen, made.map((a) => a.id));
    for (const [q, field] of [['limit=0', 'limit'], ['limit=501', 'limit'], ['limit=x', 'limit'], ['cursor=nope', 'cursor']]) {
      const err = assertError(await org.api.get(`providers?${q}`), 400, 'VALIDATION_ERROR');
      assert.ok(err.details.fields[field], `${q}: ${JSON.stringify(err.details)}`);
    }
    const resourceCursor = (await org.api.get('resources?limit=1')).body.meta.nextCursor;
    if (resourceCursor) assertError(await org.api.get(`providers?cursor=${encodeURIComponent(resourceCursor)}`), 400, 'VALIDATION_ERROR');
  });

  describe('RBAC', () => {
    let target;
    before(async () => {
      target = await connectAndSync(owner.api, { scenario: 'startup', seed: 14, resourceCount: 5 }, { name: 'RBAC target' });
    });
    const matrix = [
      { name: 'list', allowed: ROLES, run: (api) => api.get('providers') },
      { name: 'get', allowed: ROLES, run: (api) => api.get(`providers/${target.id}`) },
      { name: 'create', allowed: ['owner', 'admin'], okStatus: 201, run: (api, role) => api.post('providers', { provider: 'simulated', name: `By ${role}`, credentials: { scenario: 'startup', resourceCount: 2 } }) },
      { name: 'patch', allowed: ['owner', 'admin'], run: (api, role) => api.patch(`providers/${target.id}`, { syncIntervalSeconds: role === 'owner' ? 1200 : 1800 }) },
      { name: 'test', allowed: ['owner', 'admin'], run: (api) => api.post(`providers/${target.id}/test`) },
      { name: 'sync', allowed: ['owner', 'admin', 'operator'], okStatus: 202, run: (api) => api.post(`providers/${target.id}/sync`) },
    ];
    for (const action of matrix) {
      for (const role of ROLES) {
        const allowed = action.allowed.includes(role);
        test(`${role} ${allowed ? 'may' : 'may not'} ${action.name} cloud accounts`, async () => {
          const res = await action.run(actors[role].api, role);
          if (allowed) assert.equal(res.status, action.okStatus || 200, res.text.slice(0, 300));
          else assertError(res, 403, 'AUTHORIZATION_ERROR');
        });
      }
    }
    test('operator and viewer may not delete an account; admin may', async () => {
      const victim = await connectSimulated(owner.api, { scenario: 'startup', resourceCount: 2 }, { name: 'Delete target' });
      assertError(await actors.viewer.api.delete(`providers/${victim.id}`), 403, 'AUTHORIZATION_ERROR');
      assertError(await actors.operator.api.delete(`providers/${victim.id}`), 403, 'AUTHORIZATION_ERROR');
      assertOk(await owner.api.get(`providers/${victim.id}`));
      assertOk(await actors.admin.api.delete(`providers/${victim.id}`), 204);
    });
    test('denied writes created nothing', async () => {
      const names = assertOk(await owner.api.get('providers')).map((a) => a.name);
      assert.ok(!names.includes('By operator') && !names.includes('By viewer'));
      assert.ok(names.includes('By owner') && names.includes('By admin'));
    });
  });

  test('organization B gets 404 for A’s account, resources and jobs, and never sees them in lists', async () => {
    const a = await connectAndSync(owner.api, { scenario: 'startup', seed: 15, resourceCount: 8 }, { name: 'A private' });
    const res = (await listAll(owner.api, `providerId=${a.id}`)).items[0];
    const jobId = a.lastSyncJobId;
    const bApi = b.api;
    assertError(await bApi.get(`providers/${a.id}`), 404, 'NOT_FOUND');
    assertError(await bApi.patch(`providers/${a.id}`, { name: 'Hijacked' }), 404, 'NOT_FOUND');
    assertError(await bApi.post(`providers/${a.id}/test`), 404, 'NOT_FOUND');
    assertError(await bApi.post(`providers/${a.id}/sync`), 404, 'NOT_FOUND');
    assertError(await bApi.delete(`providers/${a.id}`), 404, 'NOT_FOUND');
    assertError(await bApi.get(`resources/${res.id}`), 404, 'NOT_FOUND');
    assertError(await bApi.patch(`resources/${res.id}`, { name: 'hijacked' }), 404, 'NOT_FOUND');
    assertError(await bApi.post(`resources/${res.id}/actions/stop`), 404, 'NOT_FOUND');
    assertError(await bApi.get(`resources/${res.id}/metrics`), 404, 'NOT_FOUND');
    assertError(await bApi.delete(`resources/${res.id}`), 404, 'NOT_FOUND');
    assertError(await bApi.post('resources', { name: 'in-a', type: 'server', providerId: a.id, region: 'us-east-1' }), 404, 'NOT_FOUND');
    assertError(await bApi.get(`jobs/${jobId}`), 404, 'NOT_FOUND');
    assertError(await bApi.post(`jobs/${jobId}/retry`), 404, 'NOT_FOUND');

    assert.ok(!assertOk(await bApi.get('providers')).some((x) => x.id === a.id));
    const bRes = await bApi.get(`resources?providerId=${a.id}`);
    assert.equal(bRes.body.meta.total, 0);
    const bSearch = await bApi.get(`resources?q=${encodeURIComponent(res.name)}`);
    assert.ok(!assertOk(bSearch).some((r) => r.providerId === a.id));
    const bJobs = assertOk(await bApi.get('jobs?limit=500'));
    assert.ok(!bJobs.some((j) => j.id === jobId || j.payload?.accountId === a.id));
    // Nothing of A changed.
    const still = assertOk(await owner.api.get(`providers/${a.id}`));
    assert.equal(still.name, 'A private');
    assert.equal(assertOk(await owner.api.get(`resources/${res.id}`)).name, res.name);
  });

  test('audit: providers.create/update/test/sync/delete with target cloud_account, no credentials', async () => {
    const a = await connectSimulated(owner.api, { scenario: 'startup', seed: 5150, resourceCount: 3 }, { name: 'Audited' });
    assertOk(await owner.api.patch(`providers/${a.id}`, { name: 'Audited 2' }));
    assertOk(await owner.api.post(`providers/${a.id}/test`));
    assertOk(await owner.api.post(`providers/${a.id}/sync`), 202);
    assertOk(await owner.api.delete(`providers/${a.id}`), 204);
    const entries = assertOk(await owner.api.get(`audit?targetId=${a.id}&limit=500`));
    const actions = new Set(entries.map((e) => e.action));
    for (const act of ['providers.create', 'providers.update', 'providers.test', 'providers.sync', 'providers.delete']) {
      assert.ok(actions.has(act), `audit has ${act}: ${[...actions]}`);
    }
    for (const e of entries) {
      assert.equal(e.targetType, 'cloud_account');
      assert.equal(e.result, 'success');
      const details = JSON.stringify(e.details ?? null);
      assert.ok(!/5150|seed|scenario|credentials/.test(details), `no credentials in audit details: ${details}`);
    }
    const denied = assertOk(await owner.api.get('audit?result=denied&action=providers.create&limit=500'));
    assert.ok(denied.some((e) => e.userId === actors.viewer.user.id), 'a viewer’s denied create is audited');
  });
});
