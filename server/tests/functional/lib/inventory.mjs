// Helpers for the inventory slice: connecting simulated cloud accounts, waiting for syncs,
// walking every page of /resources, waiting for resource status changes and jobs.
import assert from 'node:assert/strict';
import { assertOk } from './http.mjs';
import { waitFor } from './fixtures.mjs';

let accountCounter = 0;

export const RESOURCE_TYPES = ['server', 'database', 'storage', 'network', 'container', 'function', 'load_balancer', 'cache', 'queue', 'dns', 'account', 'identity', 'key'];
export const RESOURCE_STATUSES = ['provisioning', 'running', 'stopped', 'terminated', 'error'];
export const SORT_FIELDS = ['name', 'type', 'status', 'region', 'provider', 'monthlyCost', 'createdAt', 'updatedAt'];
export const METRIC_UNITS = {
  cpu_utilization: 'percent',
  memory_utilization: 'percent',
  network_in_bytes: 'bytes',
  network_out_bytes: 'bytes',
  disk_read_bytes: 'bytes',
  disk_write_bytes: 'bytes',
  request_count: 'count',
  latency_ms: 'milliseconds',
  error_rate: 'percent',
};

/**
 * Connects a simulated cloud account (POST /providers → 201) and returns it.
 * credentials: {scenario, seed?, resourceCount?, failureRate?}; extra: other body fields.
 */
export async function connectSimulated(api, credentials = { scenario: 'startup' }, extra = {}) {
  const body = { provider: 'simulated', name: extra.name || `Sim ${Date.now().toString(36)}-${++accountCounter}`, credentials, ...extra };
  return assertOk(await api.post('providers', body), 201);
}

/**
 * Polls GET /providers/{id} until the account is `connected` (and, when given, has exactly
 * `resourceCount` resources). Fails early when it turns `error`.
 */
export async function waitForSync(api, accountId, { resourceCount, timeoutMs = 60000 } = {}) {
  let last;
  try {
    return await waitFor(
      async () => {
        last = assertOk(await api.get(`providers/${accountId}`));
        if (last.status === 'error') throw new Error(`account ${accountId} went to error: ${last.statusReason}`);
        if (last.status !== 'connected' || !last.lastSync) return null;
        if (resourceCount !== undefined && last.resourceCount !== resourceCount) return null;
        return last;
      },
      { timeoutMs, intervalMs: 200, what: `sync of ${accountId}` },
    );
  } catch (e) {
    e.message += `; last seen ${JSON.stringify(last)}`;
    throw e;
  }
}

/** Connects a simulated account and waits until its first sync has completed. */
export async function connectAndSync(api, credentials, extra = {}, waitOpts = {}) {
  const account = await connectSimulated(api, credentials, extra);
  const synced = await waitForSync(api, account.id, { resourceCount: credentials.resourceCount, ...waitOpts });
  return synced;
}

/**
 * Walks every page of GET /resources?<query> with `limit`, checking the paging invariants
 * (same total on every page, page size, nextCursor null only on the last page, no id twice).
 * Returns { items, total, pages }.
 */
export async function listAll(api, query = '', { limit = 500, maxPages = 10000 } = {}) {
  const items = [];
  const seen = new Set();
  let cursor = null;
  let total;
  let pages = 0;
  const sep = query ? '&' : '';
  do {
    const res = await api.get(`resources?${query}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    const page = assertOk(res);
    const { meta } = res.body;
    pages++;
    assert.equal(meta.limit, limit, `meta.limit on page ${pages} of ${query}`);
    if (total === undefined) total = meta.total;
    assert.equal(meta.total, total, `meta.total changed between pages of ${query}`);
    assert.ok(page.length <= limit, `page ${pages} of ${query} has ${page.length} > ${limit} items`);
    if (meta.nextCursor) assert.equal(page.length, limit, `a page before the last one is full (page ${pages} of ${query})`);
    for (const r of page) {
      assert.ok(!seen.has(r.id), `resource ${r.id} listed twice while paging ${query} (page ${pages})`);
      seen.add(r.id);
      items.push(r);
    }
    cursor = meta.nextCursor;
    assert.ok(pages <= maxPages, `more than ${maxPages} pages for ${query}`);
  } while (cursor);
  assert.equal(items.length, total, `paging ${query} gave ${items.length} resources, meta.total says ${total}`);
  return { items, total, pages };
}

/** Polls GET /resources/{id} until pred(resource) holds; returns the resource. */
export async function waitForResource(api, id, pred, { timeoutMs = 30000, what } = {}) {
  let last;
  try {
    return await waitFor(
      async () => {
        const res = await api.get(`resources/${id}`);
        last = res.status === 200 ? res.body.data : { status: `HTTP ${res.status}` };
        return res.status === 200 && pred(res.body.data) ? res.body.data : null;
      },
      { timeoutMs, intervalMs: 250, what: what || `resource ${id}` },
    );
  } catch (e) {
    e.message += `; last seen status ${last?.status}`;
    throw e;
  }
}

export const waitForStatus = (api, id, status, opts = {}) =>
  waitForResource(api, id, (r) => r.status === status, { what: `resource ${id} to be ${status}`, ...opts });

/** Polls GET /resources/{id} until it answers 404 (the row is gone). */
export async function waitForGone(api, id, { timeoutMs = 40000 } = {}) {
  await waitFor(async () => (await api.get(`resources/${id}`)).status === 404, {
    timeoutMs,
    intervalMs: 300,
    what: `resource ${id} to disappear`,
  });
}

/** Polls GET /jobs/{id} until pred(job); returns the job. */
export async function waitForJob(api, id, pred = (j) => ['succeeded', 'dead', 'cancelled'].includes(j.state), { timeoutMs = 60000, what } = {}) {
  let last;
  try {
    return await waitFor(
      async () => {
        last = assertOk(await api.get(`jobs/${id}`));
        return pred(last) ? last : null;
      },
      { timeoutMs, intervalMs: 250, what: what || `job ${id}` },
    );
  } catch (e) {
    e.message += `; last seen ${JSON.stringify(last)}`;
    throw e;
  }
}

/** What the server's free-text search compares with: lower case, blanks as `_`. */
export function normalise(s) {
  return String(s).toLowerCase().replace(/[ \t]/g, '_');
}

/** The searchable text of a resource: name, external id and every tag as key=value. */
export function searchText(r) {
  const tags = Object.entries(r.tags || {}).map(([k, v]) => `${normalise(k)}=${normalise(v)}`);
  return [normalise(r.name), normalise(r.externalId), ...tags].join(' ');
}

/** Comparator for the list sort `field` (ascending), ties broken by id. */
export function compareBy(field) {
  return (a, b) => {
    const x = a[field];
    const y = b[field];
    if (x < y) return -1;
    if (x > y) return 1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}

export const ids = (list) => list.map((r) => r.id);
export const sortedIds = (list) => ids(list).sort();
