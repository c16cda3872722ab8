import { describe, expect, it } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import { realtimeEventReceived } from '@/lib/realtime/realtimeSlice';
import { mockApi, ok } from '@/test/mockApi';
import { notification, notificationEvent } from '@/test/notifications';
import { ME, renderRoute, signedIn } from '@/test/render';
import type { Alert } from '@/lib/api/types';
import { ActivityFeed } from './ActivityFeed';

describe('ActivityFeed (live events)', () => {
  it('words each kind of event the server sends, newest first; progress is not activity', async () => {
    signedIn();
    mockApi({
      'GET /auth/me': ok(ME),
      'GET /providers': ok([{ id: 'prv_1', name: 'Production AWS' }]),
    });
    const { store } = renderRoute(<ActivityFeed audit={[]} loading={false} />);
    await waitFor(() => expect(store.getState().api.queries['listProviders(undefined)']?.status).toBe('fulfilled'));
    act(() => {
      store.dispatch(realtimeEventReceived({ type: 'sync.progress', data: { accountId: 'prv_1', jobId: null, processed: 3 }, timestamp: '2026-03-01T10:00:00.000Z' }));
      store.dispatch(
        realtimeEventReceived({
          type: 'sync.completed',
          data: { accountId: 'prv_1', jobId: 'job_1', status: 'error', error: { code: 'AccessDenied', message: 'not allowed' } },
          timestamp: '2026-03-01T10:00:01.000Z',
        }),
      );
      store.dispatch(realtimeEventReceived({ type: 'resource.deleted', data: { id: 'res_1', providerId: 'prv_1', externalId: 'i-0abc' }, timestamp: '2026-03-01T10:00:02.000Z' }));
      store.dispatch(realtimeEventReceived({ type: 'user.created', data: { email: 'grace@example.com' } as never /* the contract types user.* data as an empty object */, timestamp: '2026-03-01T10:00:03.000Z' }));
      store.dispatch(realtimeEventReceived(notificationEvent(notification({ title: 'Budget crossed', createdAt: '2026-03-01T10:00:04.000Z' }))));
    });
    const items = within(screen.getByRole('list', { name: 'Recent activity' })).getAllByRole('listitem');
    expect(items.map((li) => li.textContent?.replace(/\d+ \w+ ago|just now/, '').trim())).toEqual([
      'Budget crossed',
      'Member grace@example.com added',
      'Resource i-0abc deleted',
      'Sync of Production AWS failed: not allowed',
    ]);
  });

  it('words alert transitions', async () => {
    signedIn();
    mockApi({ 'GET /auth/me': ok(ME), 'GET /providers': ok([]) });
    const { store } = renderRoute(<ActivityFeed audit={[]} loading={false} />);
    const alert = { id: 'alt_1', ruleName: 'High CPU', resourceName: 'web-1', state: 'firing' } as Alert;
    act(() => {
      store.dispatch(realtimeEventReceived({ type: 'alert.pending', data: { ...alert, state: 'pending' }, timestamp: '2026-03-01T10:00:00.000Z' }));
      store.dispatch(realtimeEventReceived({ type: 'alert.fired', data: alert, timestamp: '2026-03-01T10:05:00.000Z' }));
      store.dispatch(realtimeEventReceived({ type: 'alert.resolved', data: { ...alert, state: 'resolved', resourceName: null }, timestamp: '2026-03-01T10:10:00.000Z' }));
    });
    const items = within(screen.getByRole('list', { name: 'Recent activity' })).getAllByRole('listitem');
    expect(items.map((li) => li.textContent?.replace(/\d+ \w+ ago|just now/, '').trim())).toEqual([
      'Alert High CPU resolved',
      'Alert High CPU on web-1 firing',
      'Alert High CPU on web-1 pending',
    ]);
  });
});
