import { afterEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ProfileSettings } from './ProfileSettings';
import { ME, renderRoute, signedIn } from '@/test/render';
import { mockApi, ok } from '@/test/mockApi';
import { getDisplayTimeZone, setDisplayTimeZone } from '@/lib/format';
import { tokenStore } from '@/lib/auth/tokenStore';

afterEach(() => setDisplayTimeZone(null));

function setup(prefs = ME.preferences) {
  signedIn();
  const m = mockApi({
    'GET /auth/me': ok({ ...ME, preferences: prefs }),
    'GET /users/me/preferences': ok(prefs),
    'PUT /users/me/preferences': (c) => ok(c.body),
  });
  renderRoute(<ProfileSettings />, { path: '/settings/profile' });
  return { m, user: userEvent.setup() };
}

describe('Preferences', () => {
  it('offers only the languages that exist (English)', async () => {
    setup();
    const language = await screen.findByRole('combobox', { name: 'Language' });
    expect(Array.from((language as HTMLSelectElement).options).map((o) => o.text)).toEqual(['English']);
    expect(screen.getByText(/english only for now/i)).toBeInTheDocument();
  });

  it('saves every notification switch it shows with the preferences (PUT)', async () => {
    const { m, user } = setup();
    const group = await screen.findByTestId('notification-preferences');
    const boxes = within(group).getAllByRole('checkbox');
    expect(boxes.map((b) => b.getAttribute('data-testid'))).toEqual([
      'pref-notify-inApp',
      'pref-notify-email',
      'pref-notify-weeklyReport',
      'pref-notify-alerts',
      'pref-notify-costAlerts',
      'pref-notify-security',
      'pref-notify-deployments',
      'pref-notify-sync',
      'pref-notify-vault',
    ]);
    // Everything is on by default but the weekly report, which is opt-in.
    expect(boxes.filter((b) => !(b as HTMLInputElement).checked).map((b) => b.getAttribute('data-testid'))).toEqual([
      'pref-notify-weeklyReport',
    ]);
    expect(within(group).getByText('Budgets crossed and unusual spend.')).toBeInTheDocument();
    await user.click(within(group).getByRole('checkbox', { name: /By email/ }));
    await user.click(within(group).getByRole('checkbox', { name: /Cost alerts/ }));
    await user.click(within(group).getByRole('checkbox', { name: /^Vault/ }));
    await user.click(within(group).getByRole('checkbox', { name: /Weekly report/ }));
    await user.click(screen.getByRole('button', { name: 'Save preferences' }));
    await waitFor(() => expect(m.find('PUT', '/users/me/preferences')).toHaveLength(1));
    expect((m.find('PUT', '/users/me/preferences')[0].body as { notifications: unknown }).notifications).toEqual({
      email: false,
      inApp: true,
      alerts: true,
      costAlerts: false,
      deployments: true,
      security: true,
      sync: true,
      vault: false,
      weeklyReport: true,
    });
  });

  it('fills in switches an older answer lacks as on', async () => {
    const { m, user } = setup({ ...ME.preferences, notifications: { email: true, inApp: false, alerts: false, weeklyReport: false } as typeof ME.preferences.notifications });
    const group = await screen.findByTestId('notification-preferences');
    expect(within(group).getByRole('checkbox', { name: /In the app/ })).not.toBeChecked();
    expect(within(group).getByRole('checkbox', { name: /^Alerts/ })).not.toBeChecked();
    expect(within(group).getByRole('checkbox', { name: /^Security/ })).toBeChecked();
    await user.click(screen.getByRole('button', { name: 'Save preferences' }));
    await waitFor(() => expect(m.find('PUT', '/users/me/preferences')).toHaveLength(1));
    expect((m.find('PUT', '/users/me/preferences')[0].body as { notifications: Record<string, boolean> }).notifications).toMatchObject({
      inApp: false,
      alerts: false,
      security: true,
      sync: true,
    });
  });

  it('saves the time zone, which then applies to every time shown', async () => {
    const { m, user } = setup({ ...ME.preferences, language: 'de' });
    const zone = await screen.findByRole('combobox', { name: 'Time zone' });
    await user.selectOptions(zone, 'Asia/Tokyo');
    expect(screen.getByTestId('pref-timezone-now')).toHaveTextContent('GMT+9');
    await user.click(screen.getByRole('button', { name: 'Save preferences' }));
    await waitFor(() => expect(m.find('PUT', '/users/me/preferences')).toHaveLength(1));
    // A language that does not exist is not kept.
    expect(m.find('PUT', '/users/me/preferences')[0].body).toMatchObject({ timezone: 'Asia/Tokyo', language: 'en' });
    await waitFor(() => expect(getDisplayTimeZone()).toBe('Asia/Tokyo'));
  });
});

describe('Password', () => {
  it('goes on in the new session the server answers with (every old one ended, this one too)', async () => {
    signedIn();
    const m = mockApi({
      'GET /auth/me': ok(ME),
      'GET /users/me/preferences': ok(ME.preferences),
      'POST /users/me/password': ok({ accessToken: 'new-access', refreshToken: 'new-refresh', expiresIn: 900 }),
    });
    renderRoute(<ProfileSettings />, { path: '/settings/profile' });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Current password'), 'old-password-123');
    await user.type(screen.getByLabelText('New password'), 'new-password-456');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    await waitFor(() => expect(m.find('POST', '/users/me/password')).toHaveLength(1));
    await waitFor(() => expect(tokenStore.get()).toEqual({ accessToken: 'new-access', refreshToken: 'new-refresh' }));
  });
});

describe('Active sessions', () => {
  const SESSIONS = [
    {
      id: 'fam_1',
      createdAt: '2026-12-01T09:00:00.000Z',
      lastSeenAt: '2026-12-05T10:00:00.000Z',
      ip: '127.0.0.1',
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0',
      current: true,
    },
    {
      id: 'fam_2',
      createdAt: '2026-11-20T09:00:00.000Z',
      lastSeenAt: '2026-11-21T10:00:00.000Z',
      ip: '203.0.113.9',
      userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/604.1',
      current: false,
    },
  ];

  it('lists where the account is signed in and signs another one out after confirming', async () => {
    signedIn();
    const m = mockApi({
      'GET /auth/me': ok(ME),
      'GET /users/me/preferences': ok(ME.preferences),
      'GET /auth/sessions': ok(SESSIONS),
      'DELETE /auth/sessions/fam_2': { status: 204 },
    });
    renderRoute(<ProfileSettings />, { path: '/settings/profile' });
    const user = userEvent.setup();
    const list = await screen.findByRole('list', { name: 'Active sessions' });
    expect(within(list).getByText('Firefox on Linux')).toBeInTheDocument();
    expect(within(list).getByText('This browser')).toBeInTheDocument();
    expect(within(list).getByText('Safari on iOS')).toBeInTheDocument();
    // Only the other session has a button: this one signs out from the menu.
    const buttons = within(list).getAllByRole('button');
    expect(buttons).toHaveLength(1);
    await user.click(within(list).getByRole('button', { name: 'Sign out Safari on iOS (203.0.113.9)' }));
    const dialog = await screen.findByRole('alertdialog');
    expect(m.find('DELETE', '/auth/sessions/fam_2')).toHaveLength(0);
    await user.click(within(dialog).getByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(m.find('DELETE', '/auth/sessions/fam_2')).toHaveLength(1));
  });
});
