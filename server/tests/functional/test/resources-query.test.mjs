// GET /resources: every filter (alone and combined) returns exactly the matching resources,
// free-text search, every sort in both directions walked page by page, bad parameters → 400,
// and /resources/summary agreeing with the list.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertError, assertOk } from '../lib/http.mjs';
import { registerOwner } from '../lib/fixtures.mjs';
import {
  connectAndSync,
  listAll,
  waitForStatus,
  sortedIds,
  normalise,
  searchText,
  compareBy,
  RESOURCE_TYPES,
  RESOURCE_STATUSES,
  SORT_FIELDS,
} from '../lib/inventory.mjs';

describe('resource queries', () => {
  let srv, owner, ent, multi, all, extra;
  before(async () => {
    srv = await startServer();
    owner = await registerOwner(srv, { prefix: 'rq', organizationName: 'Query Org' });
    ent = await connectAndSync(owner.api, { scenario: 'enterprise', seed: 21, resourceCount: 400 }, { name: 'Enterprise 21' });
    multi = await connectAndSync(owner.api, { scenario: 'multicloud', seed: 4, resourceCount: 300 }, { name: 'Multicloud 4' });
    // A few resources made through the API, with names and tags that stress the search.
    const mk = (body) => owner.api.post('resources', { providerId: ent.id, region: 'us-east-1', ...body });
    extra = {
      underscore: assertOk(await mk({ name: 'svc_alpha', type: 'storage', tags: { env: 'prod', 'Cost Center': 'Blue Team' } }), 201),
      upper: assertOk(await mk({ name: 'Zeta-Upper', type: 'queue', tags: { env: 'prod_eu' } }), 201),
      server: assertOk(await mk({ name: 'query-vm-stopped', type: 'server', tags: { purpose: 'stop-me' } }), 201),
    };
    // Every made resource starts 'provisioning': wait for all of them, so the snapshot in `all`
    // cannot change under the tests that compare against it.
    for (const r of Object.values(extra)) await waitForStatus(owner.api, r.id, 'running');
    assertOk(await owner.api.post(`resources/${extra.server.id}/actions/stop`), 202);
    await waitForStatus(owner.api, extra.server.id, 'stopped');
    all = (await listAll(owner.api, '')).items;
  });
  after(async () => {
    await srv?.stop();
  });

  /** Server result of `query` (all pages) must be exactly the resources `pred` selects. */
  async function expectFilter(query, pred) {
    const got = await listAll(owner.api, query);
    const want = all.filter(pred);
    assert.deepEqual(sortedIds(got.items), sortedIds(want), `GET /resources?${query}: ${got.total} results, expected ${want.length}`);
    return got;
  }

  test('the inventory holds both accounts and the API-made resources', () => {
    assert.equal(all.length, 400 + 300 + 3);
    assert.ok(new Set(all.map((r) => r.provider)).size === 3, 'multicloud gives aws, azure and gcp resources');
  });

  test('provider, providerId, type, status and region filters, alone', async () => {
    for (const p of ['aws', 'azure', 'gcp']) await expectFilter(`provider=${p}`, (r) => r.provider === p);
    for (const a of [ent.id, multi.id]) await expectFilter(`providerId=${a}`, (r) => r.providerId === a);
    await expectFilter('providerId=acct_nosuchaccount', () => false);
    for (const t of RESOURCE_TYPES) await expectFilter(`type=${t}`, (r) => r.type === t);
    for (const s of RESOURCE_STATUSES) await expectFilter(`status=${s}`, (r) => r.status === s);
    assert.ok(all.some((r) => r.status === 'stopped'), 'a stopped resource exists');
    const regions = [...new Set(all.map((r) => r.region))];
    assert.ok(regions.length >= 3);
    for (const region of regions) await expectFilter(`region=${encodeURIComponent(region)}`, (r) => r.region === region);
    await expectFilter('region=nowhere-1', () => false);
  });

  test('filters combine with AND', async () => {
    await expectFilter(`providerId=${multi.id}&provider=azure&type=server`, (r) => r.providerId === multi.id && r.provider === 'azure' && r.type === 'server');
    await expectFilter(`provider=aws&status=running&region=us-east-1`, (r) => r.provider === 'aws' && r.status === 'running' && r.region === 'us-east-1');
    await expectFilter(`type=server&tag=env:prod&providerId=${ent.id}`, (r) => r.type === 'server' && r.tags.env === 'prod' && r.providerId === ent.id);
    await expectFilter(`type=storage&q=alpha`, (r) => r.type === 'storage' && searchText(r).includes('alpha'));
  });

  test('tag=key:value matches resources with exactly that tag', async () => {
    const pairs = new Map();
    for (const r of all) for (const [k, v] of Object.entries(r.tags)) pairs.set(`${k}:${v}`, [k, v]);
    const sample = [...pairs.values()].filter((_, i) => i % Math.ceil(pairs.size / 12) === 0);
    sample.push(['env', 'prod'], ['Cost Center', 'Blue Team'], ['purpose', 'stop-me']);
    const hasTag = (k, v) => (r) => Object.entries(r.tags).some(([rk, rv]) => normalise(rk) === normalise(k) && normalise(rv) === normalise(v));
    for (const [k, v] of sample) await expectFilter(`tag=${encodeURIComponent(`${k}:${v}`)}`, hasTag(k, v));
    // Case-insensitive, and the value may contain colons.
    await expectFilter(`tag=${encodeURIComponent('ENV:Prod')}`, hasTag('env', 'prod'));
    await expectFilter(`tag=${encodeURIComponent('env:prod:x')}`, hasTag('env', 'prod:x'));
    // Part of a key or value is not a match.
    await expectFilter('tag=env:pro', hasTag('env', 'pro'));
    await expectFilter('tag=nv:prod', hasTag('nv', 'prod'));
  });

  test('tag filter: _ and % in the value are literal characters, not wildcards', async () => {
    const hasTag = (k, v) => (r) => Object.entries(r.tags).some(([rk, rv]) => normalise(rk) === normalise(k) && normalise(rv) === normalise(v));
    await expectFilter('tag=env:pro_', hasTag('env', 'pro_'));
    await expectFilter(`tag=${encodeURIComponent('env:pro%')}`, hasTag('env', 'pro%'));
    await expectFilter('tag=env:prod_eu', hasTag('env', 'prod_eu'));
  });

  test('q: case-insensitive substring of name, external id or key=value tag', async () => {
    const someExternal = all.find((r) => r.providerId === multi.id && r.provider === 'gcp').externalId;
    const queries = ['demo-web', 'DEMO-WEB', 'zeta-upper', 'alpha', someExternal.slice(-10), 'env=prod', 'blue', 'stop-me', 'database-1'];
    for (const q of queries) {
      const got = await expectFilter(`q=${encodeURIComponent(q)}`, (r) => searchText(r).includes(normalise(q)));
      assert.ok(got.total > 0, `q=${q} finds something`);
    }
    await expectFilter('q=definitely-not-anywhere', () => false);
  });

  test('q: _ and % are searched for literally', async () => {
    const got = await expectFilter('q=svc_alpha', (r) => searchText(r).includes('svc_alpha'));
    assert.equal(got.total, 1, 'the resource named svc_alpha is found by its exact name');
    await expectFilter(`q=${encodeURIComponent('%')}`, (r) => searchText(r).includes('%'));
    await expectFilter('q=svc%5Falpha', (r) => searchText(r).includes('svc_alpha'));
  });

  for (const field of SORT_FIELDS) {
    for (const desc of [false, true]) {
      const sort = `${desc ? '-' : ''}${field}`;
      test(`sort=${sort}: every resource once, in order, over pages of 97`, async () => {
        const { items } = await listAll(owner.api, `sort=${sort}`, { limit: 97 });
        assert.equal(items.length, all.length);
        const cmp = compareBy(field);
        for (let i = 1; i < items.length; i++) {
          const c = cmp(items[i - 1], items[i]);
          assert.ok(desc ? c > 0 : c < 0, `out of order at ${i}: ${JSON.stringify(items[i - 1][field])} (${items[i - 1].id}) then ${JSON.stringify(items[i][field])} (${items[i].id})`);
        }
      });
    }
  }

  test('the default sort is name ascending', async () => {
    const res = await owner.api.get('resources?limit=500');
    const page = assertOk(res);
    const expected = [...all].sort(compareBy('name')).slice(0, 500);
    assert.deepEqual(page.map((r) => r.id), expected.map((r) => r.id));
    assert.equal(res.body.meta.limit, 500);
    assert.equal(res.body.meta.total, all.length);
    const dflt = await owner.api.get('resources');
    assert.equal(dflt.body.meta.limit, 50);
    assert.equal(dflt.body.data.length, 50);
  });

  test('a filtered, sorted walk is complete too', async () => {
    const { items } = await listAll(owner.api, `providerId=${multi.id}&sort=-monthlyCost`, { limit: 41 });
    const want = all.filter((r) => r.providerId === multi.id).sort(compareBy('monthlyCost')).reverse();
    assert.deepEqual(items.map((r) => r.id), want.map((r) => r.id));
  });

  test('bad parameters are 400 VALIDATION_ERROR naming the parameter', async () => {
    const cases = [
      ['type=vm', 'type'],
      ['type=SERVER', 'type'],
      ['tag=novalue', 'tag'],
      ['tag=:prod', 'tag'],
      ['sort=size', 'sort'],
      ['sort=-size', 'sort'],
      ['sort=--name', 'sort'],
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['limit=ten', 'limit'],
      ['cursor=not-a-cursor', 'cursor'],
      [`cursor=${Buffer.from('cw1:no-separator').toString('base64url')}`, 'cursor'],
      ['status=bogus', 'status'],
      ['status=RUNNING', 'status'],
      ['status=', 'status'],
      ['provider=simulated', 'provider'],
      ['provider=AWS', 'provider'],
      ['provider=oracle', 'provider'],
    ];
    for (const [q, field] of cases) {
      const err = assertError(await owner.api.get(`resources?${q}`), 400, 'VALIDATION_ERROR');
      assert.ok(err.details?.fields?.[field], `resources?${q}: details.fields.${field} expected, got ${JSON.stringify(err.details)}`);
    }
  });

  test('an unknown filter value names the allowed values instead of matching nothing', async () => {
    for (const [q, field, allowed] of [
      ['status=bogus', 'status', RESOURCE_STATUSES],
      ['provider=oracle', 'provider', ['aws', 'azure', 'gcp']],
      ['type=vm', 'type', RESOURCE_TYPES],
    ]) {
      const err = assertError(await owner.api.get(`resources?${q}`), 400, 'VALIDATION_ERROR');
      for (const v of allowed) assert.ok(err.details.fields[field].includes(v), `${q}: ${err.details.fields[field]} lists ${v}`);
      assert.ok(err.message.startsWith(`${field}:`), err.message);
    }
  });

  test('a cursor from another list or another sort is refused', async () => {
    const jobs = await owner.api.get('jobs?limit=1');
    const jobCursor = jobs.body.meta.nextCursor;
    assert.ok(jobCursor, 'jobs list has a second page');
    assertError(await owner.api.get(`resources?cursor=${encodeURIComponent(jobCursor)}`), 400, 'VALIDATION_ERROR');
    const byName = await owner.api.get('resources?limit=5&sort=name');
    const nameCursor = byName.body.meta.nextCursor;
    assertError(await owner.api.get(`resources?sort=monthlyCost&cursor=${encodeURIComponent(nameCursor)}`), 400, 'VALIDATION_ERROR');
    assertError(await owner.api.get(`resources?sort=-createdAt&cursor=${encodeURIComponent(nameCursor)}`), 400, 'VALIDATION_ERROR');
    const usersCursor = (await owner.api.get('users?limit=1')).body.meta.nextCursor;
    if (usersCursor) assertError(await owner.api.get(`resources?cursor=${encodeURIComponent(usersCursor)}`), 400, 'VALIDATION_ERROR');
  });

  test('summary: totals and every breakdown agree with the list', async () => {
    const s = assertOk(await owner.api.get('resources/summary'));
    assert.equal(s.total, all.length);
    const cost = all.reduce((x, r) => x + r.monthlyCost, 0);
    assert.ok(Math.abs(s.monthlyCost - cost) < 0.01 * all.length + 0.01, `monthlyCost ${s.monthlyCost} vs ${cost}`);
    // Money is in whole cents: no float noise from summing hundreds of prices.
    const isCents = (x) => /^-?\d+(\.\d{1,2})?$/.test(String(x));
    assert.ok(isCents(s.monthlyCost), `summary monthlyCost ${s.monthlyCost} has more than two decimals`);
    for (const key of ['byStatus', 'byProvider', 'byType', 'byRegion']) {
      for (const b of s[key]) assert.ok(isCents(b.monthlyCost), `${key} ${b.value}: ${b.monthlyCost} has more than two decimals`);
    }
    for (const [key, field] of [['byStatus', 'status'], ['byProvider', 'provider'], ['byType', 'type'], ['byRegion', 'region']]) {
      const want = new Map();
      for (const r of all) {
        const w = want.get(r[field]) || { count: 0, cost: 0 };
        w.count++;
        w.cost += r.monthlyCost;
        want.set(r[field], w);
      }
      assert.deepEqual(s[key].map((b) => b.value).sort(), [...want.keys()].sort(), `${key} values`);
      for (const bucket of s[key]) {
        assert.equal(bucket.count, want.get(bucket.value).count, `${key} ${bucket.value} count`);
        assert.ok(Math.abs(bucket.monthlyCost - want.get(bucket.value).cost) < 0.01 * bucket.count + 0.01, `${key} ${bucket.value} cost`);
      }
      assert.equal(s[key].reduce((x, b) => x + b.count, 0), s.total, `${key} adds up to total`);
    }
  });
});
