import { describe, expect, it } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { connectionChanged, realtimeEventReceived } from '@/lib/realtime/realtimeSlice';
import { fail, mockApi, ok, type MockCall } from '@/test/mockApi';
import { centerMeta, notification, notificationEvent } from '@/test/notifications';
import { ME, renderRoute, signedIn } from '@/test/render';
import { NotificationBell } from './NotificationBell';

function setup(routes: Parameters<typeof mockApi>[0]) {
  signedIn();
  const m = mockApi({ 'GET /auth/me': ok(ME), ...routes });
  const r = renderRoute(<NotificationBell />, {
    path: '/dashboard',
    routes: [
      {
        path: '/settings/cloud-accounts',
        element: (
          <>
            <NotificationBell />
            <h1>Cloud accounts page</h1>
          </>
        ),
      },
    ],
  });
  return { ...r, m, user: userEvent.setup() };
}

const bell = () => screen.getByTestId('notifications-bell');

describe('NotificationBell', () => {
  it('shows the server’s unread count (meta.unread), not the length of the page', async () => {
    setup({ 'GET /notifications': ok([notification(), notification({ read: true })], centerMeta(12, 'c2', 40)) });
    await waitFor(() => expect(screen.getByTestId('notifications-unread')).toHaveTextContent('12'));
    expect(bell()).toHaveAccessibleName('Notifications, 12 unread');
  });

  it('lists the center newest first and loads more pages by cursor', async () => {
    const first = [notification({ title: 'Newest' }), notification({ title: 'Older', read: true })];
    const second = [notification({ title: 'Oldest', read: true })];
    const { m, user } = setup({
      'GET /notifications': (c: MockCall) =>
        c.query.get('cursor') === 'c2' ? ok(second, centerMeta(1, null, 3)) : ok(first, centerMeta(1, 'c2', 3)),
    });
    await waitFor(() => expect(bell()).toHaveAccessibleName('Notifications, 1 unread'));
    await user.click(bell());
    const panel = screen.getByRole('dialog', { name: 'Notifications' });
    const titles = () => within(panel).getAllByTestId('notification-item').map((b) => b.textContent);
    expect(titles()[0]).toContain('Unread: Newest');
    expect(titles()[1]).toContain('Older');
    await user.click(within(panel).getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(titles()).toHaveLength(3));
    expect(titles()[2]).toContain('Oldest');
    expect(m.find('GET', '/notifications').map((c) => c.query.get('cursor'))).toEqual([null, 'c2']);
    expect(within(panel).queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('marks a notification read on click and follows its link', async () => {
    const n = notification({ title: 'Sync failed', link: '/settings/cloud-accounts' });
    const { m, user, router } = setup({
      'GET /notifications': ok([n], centerMeta(1)),
      'POST /notifications/:id/read': ok({ ...n, read: true }),
    });
    await waitFor(() => expect(bell()).toHaveAccessibleName('Notifications, 1 unread'));
    await user.click(bell());
    await user.click(screen.getByRole('button', { name: /Sync failed/ }));
    await waitFor(() => expect(m.find('POST', `/notifications/${n.id}/read`)).toHaveLength(1));
    await waitFor(() => expect(router.state.location.pathname).toBe('/settings/cloud-accounts'));
    expect(screen.getByRole('heading', { name: 'Cloud accounts page' })).toBeInTheDocument();
    await waitFor(() => expect(bell()).toHaveAccessibleName('Notifications'));
    expect(screen.queryByTestId('notifications-unread')).not.toBeInTheDocument();
  });

  it('puts the count back when marking read fails', async () => {
    const n = notification({ title: 'No link', link: null });
    const { user } = setup({
      'GET /notifications': ok([n], centerMeta(1)),
      'POST /notifications/:id/read': fail(500, 'INTERNAL_ERROR', 'boom'),
    });
    await waitFor(() => expect(bell()).toHaveAccessibleName('Notifications, 1 unread'));
    await user.click(bell());
    await user.click(screen.getByRole('button', { name: /No link/ }));
    expect(await screen.findByText('Could not mark the notification read')).toBeInTheDocument();
    expect(bell()).toHaveAccessibleName('Notifications, 1 unread');
  });

  it('marks all read', async () => {
    const { m, user } = setup({
      'GET /notifications': ok([notification(), notification()], centerMeta(2)),
      'POST /notifications/read-all': ok({ updated: 2 }),
    });
    await waitFor(() => expect(bell()).toHaveAccessibleName('Notifications, 2 unread'));
    await user.click(bell());
    await user.click(screen.getByRole('button', { name: 'Mark all read' }));
    await waitFor(() => expect(m.find('POST', '/notifications/read-all')).toHaveLength(1));
    await waitFor(() => expect(bell()).toHaveAccessibleName('Notifications'));
    expect(screen.getAllByTestId('notification-item').every((b) => b.dataset.read === 'true')).toBe(true);
  });

  it('adds a live notification event on top and bumps the count', async () => {
    const { store, user } = setup({ 'GET /notifications': ok([notification({ title: 'Earlier', read: true })], centerMeta(0)) });
    await waitFor(() => expect(screen.queryByTestId('notifications-unread')).not.toBeInTheDocument());
    await user.click(bell());
    await screen.findByText('Earlier');
    const live = notification({ title: 'Test notification from CloudWeave', kind: 'alerts', level: 'info' });
    act(() => {
      store.dispatch(realtimeEventReceived(notificationEvent(live)));
    });
    await waitFor(() => expect(screen.getByTestId('notifications-unread')).toHaveTextContent('1'));
    expect(screen.getAllByTestId('notification-item')[0]).toHaveTextContent('Test notification from CloudWeave');
    expect(screen.getByRole('status', { name: '' })).toHaveTextContent('New notification: 1 unread');
    // The same event again (e.g. delivered twice) is not a second entry.
    await act(async () => {
      store.dispatch(realtimeEventReceived(notificationEvent(live)));
    });
    expect(screen.getAllByTestId('notification-item')).toHaveLength(2);
    expect(screen.getByTestId('notifications-unread')).toHaveTextContent('1');
  });

  it('refetches the center after the socket reconnects (events may have been missed)', async () => {
    const { m, store } = setup({ 'GET /notifications': ok([], centerMeta(0)) });
    await waitFor(() => expect(m.find('GET', '/notifications')).toHaveLength(1));
    act(() => {
      store.dispatch(connectionChanged('open'));
    });
    act(() => {
      store.dispatch(connectionChanged('reconnecting'));
    });
    act(() => {
      store.dispatch(connectionChanged('open'));
    });
    await waitFor(() => expect(m.find('GET', '/notifications')).toHaveLength(2));
  });

  it('has empty and error states, and closes on Escape with focus back on the bell', async () => {
    let failing = true;
    const { user } = setup({
      'GET /notifications': () => (failing ? fail(503, 'SERVICE_UNAVAILABLE', 'Database unavailable') : ok([], centerMeta(0))),
    });
    await user.click(bell());
    expect(await screen.findByText('Could not load notifications')).toBeInTheDocument();
    expect(screen.getByText('Database unavailable')).toBeInTheDocument();
    failing = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('notifications-empty')).toHaveTextContent(/all caught up/i);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog', { name: 'Notifications' })).not.toBeInTheDocument();
    expect(bell()).toHaveFocus();
  });

  it('keeps Tab inside the open panel', async () => {
    const { user } = setup({ 'GET /notifications': ok([notification({ title: 'Only one' })], centerMeta(1)) });
    await waitFor(() => expect(bell()).toHaveAccessibleName('Notifications, 1 unread'));
    await user.click(bell());
    const panel = screen.getByRole('dialog', { name: 'Notifications' });
    expect(panel.contains(document.activeElement)).toBe(true);
    for (let i = 0; i < 5; i++) {
      await user.tab();
      expect(panel.contains(document.activeElement)).toBe(true);
    }
    await user.tab({ shift: true });
    expect(panel.contains(document.activeElement)).toBe(true);
  });
});
