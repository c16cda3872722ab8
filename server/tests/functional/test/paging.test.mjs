// Paging through 10,000 resources of a simulated account: every resource exactly once, with
// the default sort, with sorts full of ties, with a filter, and while resources are being
// added — keyset cursors never skip or repeat.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertOk } from '../lib/http.mjs';
import { registerOwner } from '../lib/fixtures.mjs';
import { connectSimulated, waitForSync, listAll, compareBy } from '../lib/inventory.mjs';

const COUNT = 10000;

describe('paging through 10,000 resources', () => {
  let srv, owner, account, expectedIds;
  before(async () => {
    srv = await startServer();
    owner = await registerOwner(srv, { prefix: 'paging', organizationName: 'Paging Org' });
    account = await connectSimulated(owner.api, { scenario: 'enterprise', seed: 1010, resourceCount: COUNT }, { name: 'Ten thousand' });
    account = await waitForSync(owner.api, account.id, { resourceCount: COUNT, timeoutMs: 110000 });
  });
  after(async () => {
    await srv?.stop();
  });

  const checkWalk = (items, field, desc) => {
    const cmp = compareBy(field);
    for (let i = 1; i < items.length; i++) {
      const c = cmp(items[i - 1], items[i]);
      assert.ok(desc ? c > 0 : c < 0, `out of order at ${i}: ${items[i - 1][field]} (${items[i - 1].id}) then ${items[i][field]} (${items[i].id})`);
    }
  };

  test('the account reports 10,000 resources after its first sync', async () => {
    assert.equal(account.status, 'connected');
    assert.equal(account.resourceCount, COUNT);
    const job = assertOk(await owner.api.get(`jobs/${account.lastSyncJobId}`));
    assert.equal(job.result.total, COUNT);
    assert.equal(job.result.created, COUNT);
  });

  test('default sort, pages of 500: 20 pages, no gaps, no repeats', async () => {
    const walk = await listAll(owner.api, '', { limit: 500 });
    assert.equal(walk.total, COUNT);
    assert.equal(walk.pages, COUNT / 500);
    checkWalk(walk.items, 'name', false);
    expectedIds = new Set(walk.items.map((r) => r.id));
    assert.equal(expectedIds.size, COUNT);
  });

  for (const [sort, limit] of [
    ['-monthlyCost', 500],
    ['status', 333],
    ['-type', 500],
    ['region', 499],
    ['createdAt', 500],
    ['-updatedAt', 500],
  ]) {
    test(`sort=${sort}, pages of ${limit}: the same 10,000 resources, in order`, async () => {
      const walk = await listAll(owner.api, `sort=${sort}`, { limit });
      assert.equal(walk.items.length, COUNT);
      for (const r of walk.items) assert.ok(expectedIds.has(r.id), `unexpected ${r.id}`);
      checkWalk(walk.items, sort.replace(/^-/, ''), sort.startsWith('-'));
    });
  }

  test('a filtered walk (type=server, sort=-monthlyCost) matches the filter exactly', async () => {
    const all = (await listAll(owner.api, '', { limit: 500 })).items;
    const want = all.filter((r) => r.type === 'server').map((r) => r.id).sort();
    const walk = await listAll(owner.api, 'type=server&sort=-monthlyCost', { limit: 250 });
    assert.deepEqual(walk.items.map((r) => r.id).sort(), want);
    assert.ok(want.length > 500, `enough servers to need several pages (${want.length})`);
  });

  test('forged cursors with numbers that overflow are a 400, on every keyset list', async () => {
    const forge = (raw) => Buffer.from(`cw1:${raw}`).toString('base64url');
    const problems = [];
    for (const value of ['1e999', '-1e999', '9'.repeat(25), '1'.repeat(400), 'NaN']) {
      for (const path of ['resources?sort=monthlyCost', 'resources?sort=-createdAt', 'resources?sort=updatedAt', 'audit', 'users', 'jobs']) {
        // 25 digits is a (large) amount of money, so a fine cursor for the cost sort; no time or offset.
        if (path.endsWith('monthlyCost') && /^9+$/.test(value)) continue;
        const res = await owner.api.get(`${path}${path.includes('?') ? '&' : '?'}cursor=${forge(`${value}\x1fres_x`)}`, { validate: false });
        if (res.status !== 400 || res.body?.error?.code !== 'VALIDATION_ERROR') problems.push(`${path} ${value.slice(0, 12)} → ${res.status}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  test('resources added during a walk do not make it skip or repeat what was there', async () => {
    const seen = new Set();
    let cursor = null;
    let pages = 0;
    let added = 0;
    do {
      const res = await owner.api.get(`resources?sort=name&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      for (const r of assertOk(res)) {
        assert.ok(!seen.has(r.id), `${r.id} seen twice`);
        seen.add(r.id);
      }
      cursor = res.body.meta.nextCursor;
      if (++pages <= 3) {
        // One name sorts before everything (already passed), one after everything (still ahead).
        for (const name of [`0000-early-${pages}`, `zzzz-late-${pages}`]) {
          assertOk(await owner.api.post('resources', { name, type: 'queue', providerId: account.id, region: 'us-east-1' }), 201);
          added++;
        }
      }
    } while (cursor);
    for (const id of expectedIds) assert.ok(seen.has(id), `${id} skipped`);
    const late = [...seen].length - COUNT;
    assert.equal(late, added / 2, 'the names sorting after the cursor were picked up, the earlier ones not');
  });
});
