import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DashboardPage } from './DashboardPage';
import { ME, renderRoute, signedIn } from '@/test/render';
import { mockApi, ok } from '@/test/mockApi';

const EMPTY_SUMMARY = { total: 0, monthlyCost: 0, byStatus: [], byProvider: [], byType: [], byRegion: [] };
const page = (items: unknown[]) => ok(items, { limit: 50, nextCursor: null, total: items.length });

function setup(routes: Parameters<typeof mockApi>[0] = {}, me = ME) {
  signedIn();
  const m = mockApi({
    'GET /auth/me': ok(me),
    'GET /resources/summary': ok(EMPTY_SUMMARY),
    'GET /resources': page([]),
    'GET /providers': ok([]),
    'GET /audit': page([]),
    'POST /demo': ok({ isDemo: true, scenario: 'devops', loadedAt: '2026-01-01T00:00:00.000Z' }),
    ...routes,
  });
  renderRoute(<DashboardPage />, { path: '/dashboard' });
  return { m, user: userEvent.setup() };
}

describe('DashboardPage', () => {
  it('without any account offers both ways to start: connect, or load demo data', async () => {
    const { m, user } = setup();
    const empty = await screen.findByTestId('dashboard-empty');
    expect(within(empty).getByRole('heading', { name: 'No cloud accounts yet' })).toBeInTheDocument();
    expect(within(empty).getByRole('link', { name: /connect a cloud account/i })).toHaveAttribute('href', '/settings/cloud-accounts');
    await user.selectOptions(within(empty).getByRole('combobox', { name: 'Demo scenario' }), 'devops');
    await user.click(within(empty).getByRole('button', { name: /load demo data/i }));
    await waitFor(() => expect(m.find('POST', '/demo')[0]?.body).toEqual({ scenario: 'devops' }));
  });

  it('tells a viewer who can do neither that an administrator connects accounts', async () => {
    setup({}, { ...ME, role: 'viewer' });
    const empty = await screen.findByTestId('dashboard-empty');
    expect(empty).toHaveTextContent(/administrator has not connected/i);
    expect(within(empty).queryByRole('button')).not.toBeInTheDocument();
    expect(within(empty).queryByRole('link')).not.toBeInTheDocument();
  });

  it('with accounts but no resources yet, says so instead of drawing empty charts', async () => {
    setup({ 'GET /providers': ok([{ id: 'a1', name: 'AWS prod', provider: 'aws', status: 'pending', isDemo: false, resourceCount: 0, lastSync: null }]) });
    expect(await screen.findAllByText(/no resources yet/i)).not.toHaveLength(0);
    expect(screen.queryByTestId('dashboard-empty')).not.toBeInTheDocument();
  });

  it('words the audit actions of the activity feed', async () => {
    setup({
      'GET /audit': page([
        { id: 'aud_1', timestamp: '2026-03-01T10:00:00.000Z', userEmail: 'ada@example.com', action: 'resources.create', result: 'success', details: null },
        { id: 'aud_2', timestamp: '2026-03-01T09:00:00.000Z', userEmail: 'bob@example.com', action: 'providers.delete', result: 'denied', details: null },
        { id: 'aud_3', timestamp: '2026-03-01T08:00:00.000Z', userEmail: null, action: 'billing.export_report', result: 'success', details: null },
      ]),
    });
    const feed = await screen.findByRole('list', { name: 'Recent activity' });
    expect(feed).toHaveTextContent('ada@example.com created a resource');
    expect(feed).toHaveTextContent('bob@example.com tried to disconnect a cloud account (denied)');
    expect(feed).toHaveTextContent('CloudWeave exported report (billing)');
    expect(feed).not.toHaveTextContent('resources.create');
  });

  it("shows the absolute time of an activity in the user's time zone", async () => {
    setup({
      'GET /auth/me': ok({ ...ME, preferences: { ...ME.preferences, timezone: 'Asia/Tokyo' } }),
      'GET /audit': page([{ id: 'aud_1', timestamp: '2026-03-01T10:00:00.000Z', userEmail: 'ada@example.com', action: 'auth.login', result: 'success', details: null }]),
    });
    const feed = await screen.findByRole('list', { name: 'Recent activity' });
    await waitFor(() => expect(within(feed).getByText(/ago$/)).toHaveAttribute('title', 'Mar 1, 2026, 7:00 PM'));
  });
});
