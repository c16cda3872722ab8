import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ME, renderRoute, signedIn } from '@/test/render';
import { fail, mockApi, ok, type MockCall } from '@/test/mockApi';
import { CostsPage } from './CostsPage';
import { ACCOUNT, breakdown, COST_META } from '../test/fixtures';

const BY = {
  service: { Compute: 300, Storage: 100 },
  region: { 'us-east-1': 250, 'eu-west-1': 150, '': 5 },
  resourceType: { server: 400 },
} as Record<string, Record<string, number>>;

function costs(c: MockCall) {
  const group = c.query.get('groupBy') ?? '';
  if (group === 'service,region') return ok(breakdown('service', {}), COST_META);
  return ok(breakdown(group, BY[group] ?? {}), COST_META);
}

const FORECAST = {
  currency: 'USD',
  asOf: '2026-01-30',
  method: 'holt-winters',
  coverage: 0.8,
  monthEnd: { date: '2026-01-01', month: '2026-01', actual: 380, amount: 405, lower: 395, upper: 420 },
  points: [{ date: '2026-02-01', month: '2026-02', actual: 0, amount: 410, lower: 380, upper: 450 }],
};

function setup({ path = '/cost', role = 'owner', getCosts = costs }: { path?: string; role?: string; getCosts?: (c: MockCall) => unknown } = {}) {
  signedIn();
  const m = mockApi({
    'GET /auth/me': ok({ ...ME, role }),
    'GET /providers': ok([ACCOUNT]),
    'GET /costs': getCosts as never,
    'GET /costs/forecast': ok(FORECAST),
    'GET /costs/collections': ok([]),
    'GET /budgets': ok([]),
    'GET /costs/anomalies': ok([]),
    'GET /costs/recommendations': ok({ items: [], totalMonthlySavings: 0, currency: null, totalsByCurrency: {} }),
  });
  const r = renderRoute(<CostsPage />, { path, route: '/cost' });
  return { ...r, m };
}

const mainCalls = (m: ReturnType<typeof mockApi>) => m.find('GET', '/costs').filter((c) => c.query.get('groupBy') !== 'service,region' && c.query.get('granularity') !== 'monthly');

describe('CostsPage', () => {
  it('shows totals, the chart and the breakdown of the view in the URL', async () => {
    const { m } = setup({ path: '/cost?group=region&metric=effective&range=lastMonth' });
    const table = await screen.findByRole('table', { name: 'Cost by region' });
    expect(await within(table).findByRole('button', { name: /us-east-1/ })).toBeInTheDocument();
    expect(within(table).getByText('62%')).toBeInTheDocument();
    // rows without a region cannot be filtered on, so they are not drill-down buttons
    expect(within(table).getByText('Not set')).not.toHaveRole('button');
    expect(screen.getByTestId('cost-totals')).toHaveTextContent('$405.00');
    expect(screen.getByTestId('cost-totals')).toHaveTextContent('up 100% vs the previous period');
    expect(await screen.findByRole('img', { name: 'Spend over time by region' })).toBeInTheDocument();
    const call = mainCalls(m)[0];
    expect(call.query.get('groupBy')).toBe('region');
    expect(call.query.get('metric')).toBe('effective');
    expect(call.query.get('granularity')).toBe('daily');
    // Each row's change against the previous period comes with the breakdown: one request.
    expect(within(table).getAllByText(/100%/).length).toBeGreaterThan(0);
    expect(m.find('GET', '/costs').filter((c) => c.query.get('groupBy') === 'region')).toHaveLength(1);
    // The forecast of the same scope: month end and the months after, each with its interval.
    const forecast = await screen.findByRole('list', { name: 'Forecast by month' });
    expect(within(forecast).getAllByRole('listitem')[0]).toHaveTextContent('Jan 2026 (month end)$405.0080%: $395.00 – $420.00 · $380.00 so far');
    expect(m.find('GET', '/costs/forecast')[0].query.get('metric')).toBe('effective');
    // Top movers: the groups whose cost changed most.
    const movers = screen.getByRole('list', { name: 'Top movers' });
    expect(within(movers).getAllByRole('listitem')[0]).toHaveTextContent('us-east-1');
    expect(within(movers).getAllByRole('listitem')[0]).toHaveTextContent('+$125.00');
  });

  it('drills into a row: filters on it, groups by the next dimension, and the URL follows', async () => {
    const { m, router } = setup();
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Compute: show its breakdown' }));
    expect(await screen.findByRole('table', { name: 'Cost by region' })).toBeInTheDocument();
    expect(router.state.location.search).toBe('?group=region&service=Compute');
    expect(mainCalls(m).at(-1)?.query.get('service')).toBe('Compute');
    expect(screen.getByTestId('cost-filter-service')).toHaveValue('Compute');
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(router.state.location.search).toBe('?group=region'));
  });

  it('changes grouping, granularity and range through the toolbar', async () => {
    const { m, router } = setup();
    const user = userEvent.setup();
    await screen.findByRole('table', { name: 'Cost by service' });
    await screen.findByRole('button', { name: 'Compute: show its breakdown' });
    await user.selectOptions(screen.getByTestId('cost-group'), 'resourceType');
    await user.selectOptions(screen.getByLabelText('Granularity'), 'weekly');
    await user.selectOptions(screen.getByTestId('cost-range'), 'last3Months');
    await waitFor(() => expect(router.state.location.search).toBe('?range=last3Months&group=resourceType&granularity=weekly'));
    const table = await screen.findByRole('table', { name: 'Cost by resource type' });
    await within(table).findByText('server');
    // resource types cannot be filtered on, so rows are not drill-down buttons
    expect(within(table).queryByRole('button')).not.toBeInTheDocument();
    expect(mainCalls(m).at(-1)?.query.get('granularity')).toBe('weekly');
  });

  it('explains how to get cost data when there is none', async () => {
    setup({ getCosts: () => ok(breakdown('service', {}, { currency: null, total: 0, previousTotal: 0 }), COST_META) });
    const empty = await screen.findByTestId('costs-empty');
    expect(within(empty).getByRole('link', { name: /connect a cloud account/i })).toHaveAttribute('href', '/settings/cloud-accounts');
    await userEvent.setup().click(within(empty).getByRole('button', { name: 'Import a FOCUS file' }));
    expect(await screen.findByRole('dialog', { name: 'Import cost data' })).toBeInTheDocument();
  });

  it('offers a viewer neither import nor connect', async () => {
    setup({ role: 'viewer', getCosts: () => ok(breakdown('service', {}, { currency: null }), COST_META) });
    const empty = await screen.findByTestId('costs-empty');
    expect(empty).toHaveTextContent('Ask an administrator');
    expect(within(empty).queryByRole('button')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Import costs' })).not.toBeInTheDocument();
  });

  it('shows the error with a retry', async () => {
    let calls = 0;
    setup({ getCosts: (c) => (c.query.get('groupBy') === 'service' && calls++ === 0 ? fail(500, 'INTERNAL_ERROR', 'database is locked') : costs(c)) });
    expect(await screen.findByText('database is locked')).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('button', { name: 'Compute: show its breakdown' })).toBeInTheDocument();
  });

  it('asks for a currency when the range holds several', async () => {
    const { router } = setup({
      getCosts: (c) =>
        c.query.get('currency') ? costs(c) : fail(400, 'VALIDATION_ERROR', 'several currencies', { currencies: ['EUR', 'USD'] }),
    });
    await userEvent.setup().click(await screen.findByRole('button', { name: 'EUR' }));
    await waitFor(() => expect(router.state.location.search).toBe('?currency=EUR'));
    expect(await screen.findByRole('button', { name: 'Compute: show its breakdown' })).toBeInTheDocument();
  });

  it('keeps the tab in the URL: budgets, anomalies and data sources are one click (or arrow key) away', async () => {
    const { m, router } = setup({ path: '/cost?tab=budgets' });
    m.fetchMock.mockClear();
    expect(await screen.findByRole('tab', { name: 'Budgets', selected: true })).toBeInTheDocument();
    expect(screen.getByRole('tabpanel')).toHaveTextContent('Budgets');
    // The overview's breakdowns are not fetched for another tab.
    expect(m.find('GET', '/costs')).toHaveLength(0);
    const user = userEvent.setup();
    screen.getByRole('tab', { name: 'Budgets' }).focus();
    await user.keyboard('{ArrowRight}');
    await waitFor(() => expect(router.state.location.search).toBe('?tab=anomalies'));
    expect(screen.getByRole('tab', { name: 'Anomalies' })).toHaveFocus();
    await user.click(screen.getByRole('tab', { name: 'Overview' }));
    await waitFor(() => expect(router.state.location.search).toBe(''));
    expect(await screen.findByRole('table', { name: 'Cost by service' })).toBeInTheDocument();
  });
});
