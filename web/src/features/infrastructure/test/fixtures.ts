import type { Resource } from '@/lib/api/types';
import { fail, ok, type MockCall } from '@/test/mockApi';

export const PROVIDER = { id: 'prv_demo', provider: 'simulated', name: 'Demo cloud', status: 'connected', isDemo: true, regions: ['us-east-1'] };

export function resource(i: number, extra: Partial<Resource> = {}): Resource {
  return {
    id: `res_${i}`,
    name: `demo-web-server-${i}`,
    type: 'server',
    provider: 'aws',
    providerId: 'prv_demo',
    externalId: `i-${i}`,
    spec: {},
    tags: {},
    updatedAt: '2026-01-01T00:00:00.000Z',
    lastSyncedAt: '2026-01-01T00:00:00.000Z',
    region: 'us-east-1',
    status: 'running',
    monthlyCost: 42.5,
    isDemo: true,
    createdAt: '2026-01-01T00:00:00.000Z',
    actions: ['start', 'stop', 'reboot'],
    ...extra,
  };
}

export const bucket = (i: number, extra: Partial<Resource> = {}) => resource(i, { name: `bucket-${i}`, type: 'storage', actions: [], ...extra });

/** Opaque to the UI: the server's cursors are base64url too, but the UI never reads them. */
export const cursorFor = (offset: number) => btoa(`cw1:${offset}`).replace(/=+$/, '');
const offsetOf = (cursor: string) => {
  try {
    const raw = atob(cursor);
    return raw.startsWith('cw1:') ? Number(raw.slice(4)) : NaN;
  } catch {
    return NaN;
  }
};

/** GET /resources over `rows()` with limit/cursor paging and the status/type filters. */
export function listHandler(rows: () => Resource[]) {
  return (c: MockCall) => {
    let items = rows();
    const status = c.query.get('status');
    const type = c.query.get('type');
    if (status) items = items.filter((r) => r.status === status);
    if (type) items = items.filter((r) => r.type === type);
    const limit = Number(c.query.get('limit') ?? 50);
    const cursor = c.query.get('cursor');
    const offset = cursor ? offsetOf(cursor) : 0;
    if (Number.isNaN(offset)) return fail(400, 'VALIDATION_ERROR', 'invalid fields: cursor', { fields: { cursor: 'is not a cursor returned by this API' } });
    const page = items.slice(offset, offset + limit);
    const next = offset + limit < items.length ? cursorFor(offset + limit) : null;
    return ok(page, { limit, nextCursor: next, total: items.length });
  };
}
