import { afterEach, describe, expect, it, vi } from 'vitest';
import { coreApi } from '@/lib/api/endpoints';
import { monitoringSharedApi } from '@/lib/api/monitoring';
import type { Alert } from '@/lib/api/types';
import { ME, makeTestStore, signedIn } from '@/test/render';
import { mockApi, ok } from '@/test/mockApi';
import { createRealtimeBridge } from './realtimeBridge';

afterEach(() => vi.useRealTimers());


const ORG = { id: 'org_1', name: 'Acme', slug: 'acme', createdAt: 't' };
describe('realtime bridge', () => {
  it('refetches /auth/me once for a burst of organization and user events', async () => {
    signedIn();
    const m = mockApi({ 'GET /auth/me': ok(ME) });
    const store = makeTestStore();
    const sub = store.dispatch(coreApi.endpoints.getMe.initiate());
    await sub;
    expect(m.find('GET', '/auth/me')).toHaveLength(1);
    vi.useFakeTimers();
    const handle = createRealtimeBridge(store);
    handle({ type: 'organization.updated', data: ORG, timestamp: 't' });
    handle({ type: 'organization.updated', data: ORG, timestamp: 't' });
    await vi.advanceTimersByTimeAsync(450);
    vi.useRealTimers();
    await vi.waitFor(() => expect(m.find('GET', '/auth/me')).toHaveLength(2));
    sub.unsubscribe();
  });

  it('removes a deleted resource from cached pages at once', async () => {
    signedIn();
    const row = { id: 'res_1', name: 'web-1' };
    mockApi({ 'GET /resources': ok([row], { limit: 50, nextCursor: null, total: 1 }) });
    const store = makeTestStore();
    const sub = store.dispatch(coreApi.endpoints.listResources.initiate({ limit: 50 }));
    await sub;
    createRealtimeBridge(store)({ type: 'resource.deleted', data: { id: 'res_1', providerId: 'prv_1', externalId: 'i-1' }, timestamp: 't' });
    const page = coreApi.endpoints.listResources.select({ limit: 50 })(store.getState()).data;
    expect(page?.items).toEqual([]);
    expect(page?.page.total).toBe(0);
    sub.unsubscribe();
  });

  it('refetches the alert lists when an alert fires or resolves', async () => {
    signedIn();
    const m = mockApi({ 'GET /alerts': ok([], { limit: 50, nextCursor: null, total: 0 }) });
    const store = makeTestStore();
    const sub = store.dispatch(monitoringSharedApi.endpoints.listAlerts.initiate({ state: 'firing' }));
    await sub;
    expect(m.find('GET', '/alerts')).toHaveLength(1);
    vi.useFakeTimers();
    const handle = createRealtimeBridge(store);
    const alert = { id: 'alt_1', ruleName: 'High CPU', resourceName: 'web-1', state: 'firing' } as Alert;
    handle({ type: 'alert.fired', data: alert, timestamp: 't' });
    handle({ type: 'alert.resolved', data: { ...alert, state: 'resolved' }, timestamp: 't' });
    await vi.advanceTimersByTimeAsync(450);
    vi.useRealTimers();
    await vi.waitFor(() => expect(m.find('GET', '/alerts')).toHaveLength(2));
    expect(store.getState().realtime.activity.map((e) => e.type)).toEqual(['alert.resolved', 'alert.fired']);
    sub.unsubscribe();
  });

  it('drops an event whose id it has already seen (delivery is at least once)', () => {
    const store = makeTestStore();
    const handle = createRealtimeBridge(store);
    const evt = { id: 'evt_1', type: 'organization.updated' as const, data: ORG, timestamp: 't' };
    handle(evt);
    handle(evt);
    handle({ ...evt, id: 'evt_2' });
    handle({ ...evt, id: undefined });
    expect(store.getState().realtime.activity).toHaveLength(3);
  });
});
