import { describe, expect, it } from 'vitest';
import { realtimeEventReceived } from '@/lib/realtime/realtimeSlice';
import { allRead, notificationsSlice, selectUnreadCount } from './notificationsSlice';

describe('notifications', () => {
  it('turns alerts and notifications into unread bell items, ignores resource churn', () => {
    let s = notificationsSlice.reducer(undefined, realtimeEventReceived({ type: 'alert.fired', data: { name: 'High CPU', severity: 'critical' }, timestamp: 't' }));
    s = notificationsSlice.reducer(s, realtimeEventReceived({ type: 'resource.updated', data: { id: 'r' }, timestamp: 't' }));
    s = notificationsSlice.reducer(s, realtimeEventReceived({ type: 'notification', data: { title: 'Hello' }, timestamp: 't' }));
    expect(s.items.map((i) => i.title)).toEqual(['Hello', 'Alert: High CPU']);
    expect(selectUnreadCount({ notifications: s })).toBe(2);
    s = notificationsSlice.reducer(s, allRead());
    expect(selectUnreadCount({ notifications: s })).toBe(0);
  });
});
