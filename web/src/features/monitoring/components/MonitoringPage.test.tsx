import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ME, renderRoute, signedIn } from '@/test/render';
import { mockApi, ok, type MockCall } from '@/test/mockApi';
import { MonitoringPage } from './MonitoringPage';

const RULE = {
  id: 'alr_1', name: 'High CPU', kind: 'metric', metric: 'cpu_utilization', aggregation: 'avg', window: '5m', operator: 'gt', threshold: 80, states: [],
  for: '5m', keepFiringFor: '0s', groupWait: '30s', groupInterval: '5m', repeatInterval: '4h', condition: 'avg(cpu_utilization) > 80 over 5m', scope: { type: 'server', tag: 'env=prod' }, severity: 'warning', noData: 'ok', labels: {}, annotations: {}, enabled: true,
  createdAt: '2026-12-01T00:00:00.000Z', updatedAt: '2026-12-01T00:00:00.000Z', active: { pending: 0, firing: 2 },
};
const COLLECTION = {
  providerId: 'acct_1', providerName: 'Prod AWS', provider: 'aws', enabled: true, intervalSeconds: 300, watchedTypes: ['server', 'database'],
  watchTag: null, lastCollectedAt: '2026-12-05T10:00:00.000Z', lastError: null, series: 42,
};
const SILENCE = {
  id: 'sil_1', matchers: [{ name: 'alertname', value: 'High CPU', isRegex: false }], startsAt: '2026-12-05T10:00:00.000Z', endsAt: '2099-01-01T00:00:00.000Z',
  comment: 'maintenance', createdBy: { id: 'usr_1', name: 'Ada' }, createdAt: '2026-12-05T10:00:00.000Z', state: 'active',
};
const NOW = Math.floor(Date.now() / 1000);

function api(role: string) {
  return mockApi({
    'GET /auth/me': ok({ ...ME, role }),
    'GET /providers': ok([{ id: 'acct_1', name: 'Prod AWS' }]),
    'GET /metrics/query': ok({ series: [{ labels: { type: 'server' }, points: [[NOW - 300, 40], [NOW, 42]] }], step: 300, resolution: 'raw' }),
    'GET /alert-rules': ok([RULE], { total: 1 }),
    'PATCH /alert-rules/:id': (c: MockCall) => ok({ ...RULE, ...(c.body as object) }),
    'GET /silences': ok([SILENCE]),
    'GET /monitoring/collection': ok([COLLECTION]),
    'PATCH /monitoring/collection/:id': (c: MockCall) => ok({ ...COLLECTION, ...(c.body as object) }),
  });
}

describe('MonitoringPage', () => {
  it('keeps the tab and the fleet choices in the URL; arrow keys move between tabs', async () => {
    signedIn();
    const m = api('viewer');
    const { router } = renderRoute(<MonitoringPage />, { path: '/monitoring?metric=memory_utilization&groupBy=type', route: '/monitoring' });
    await screen.findByTestId('fleet-chart');
    const q = m.find('GET', '/metrics/query')[0].query;
    expect(q.get('metric')).toBe('memory_utilization');
    expect(q.get('groupBy')).toBe('type');
    const user = userEvent.setup();
    await user.click(screen.getByRole('radio', { name: '7d' }));
    await waitFor(() => expect(router.state.location.search).toContain('range=7d'));
    screen.getByRole('tab', { name: 'Overview' }).focus();
    await user.keyboard('{ArrowRight}');
    await waitFor(() => expect(router.state.location.search).toBe('?tab=alerts'));
    expect(screen.getByRole('tab', { name: 'Alerts' })).toHaveFocus();
    await user.keyboard('{End}');
    await waitFor(() => expect(router.state.location.search).toBe('?tab=collection'));
  });

  it('viewers read rules, silences and collection without a single write button', async () => {
    signedIn();
    api('viewer');
    renderRoute(<MonitoringPage />, { path: '/monitoring?tab=rules', route: '/monitoring' });
    const rules = await screen.findByRole('table', { name: 'Alert rules' });
    await within(rules).findByText('High CPU');
    expect(within(rules).getByText('avg(cpu_utilization) > 80 over 5m for 5m')).toBeInTheDocument();
    expect(within(rules).getByText('every server · tag env=prod')).toBeInTheDocument();
    expect(within(rules).getByText('2 firing')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'New rule' })).toBeNull();
    expect(screen.queryByRole('switch')).toBeNull();
    const user = userEvent.setup();
    await user.click(screen.getByRole('tab', { name: 'Silences' }));
    await screen.findByText('maintenance');
    expect(screen.queryByRole('button', { name: /New silence|Expire/ })).toBeNull();
    await user.click(screen.getByRole('tab', { name: 'Collection' }));
    await screen.findByText(/42 series/);
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
    expect(screen.queryByRole('switch')).toBeNull();
  });

  it('operators toggle a rule; only admins edit collection', async () => {
    signedIn();
    const m = api('operator');
    renderRoute(<MonitoringPage />, { path: '/monitoring?tab=rules', route: '/monitoring' });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('switch', { name: 'High CPU enabled' }));
    await waitFor(() => expect(m.find('PATCH', '/alert-rules/alr_1')[0]?.body).toEqual({ enabled: false }));
    await user.click(screen.getByRole('tab', { name: 'Collection' }));
    await screen.findByText(/42 series/);
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
  });

  it('admins change an account’s collection', async () => {
    signedIn();
    const m = api('admin');
    renderRoute(<MonitoringPage />, { path: '/monitoring?tab=collection', route: '/monitoring' });
    const user = userEvent.setup();
    const account = await screen.findByTestId('collection-account');
    await user.selectOptions(within(account).getByLabelText('Interval'), '600');
    await user.click(within(account).getByLabelText('Cache'));
    await user.type(within(account).getByLabelText('Also watch the tag'), 'monitor=true');
    await user.click(within(account).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(m.find('PATCH', '/monitoring/collection/acct_1')).toHaveLength(1));
    expect(m.find('PATCH', '/monitoring/collection/acct_1')[0].body).toEqual({ intervalSeconds: 600, watchedTypes: ['server', 'database', 'cache'], watchTag: 'monitor=true' });
    await user.click(within(account).getByRole('switch', { name: 'Collect metrics of Prod AWS' }));
    await waitFor(() => expect(m.find('PATCH', '/monitoring/collection/acct_1')[1]?.body).toEqual({ enabled: false }));
  });
});
