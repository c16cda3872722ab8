import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { renderRoute, signedIn } from '@/test/render';
import { mockApi, ok, type MockCall } from '@/test/mockApi';
import ResourceCostPanel from './ResourceCostPanel';

function breakdown(total: number, previousTotal: number) {
  return {
    currency: 'EUR',
    total,
    previousTotal,
    previousFrom: '2026-01-01',
    previousTo: '2026-01-31',
    series: total ? [{ key: {}, total, previousTotal, points: [{ date: '2026-02-01', amount: total }] }] : [],
    movers: [],
    exchangeRates: null,
  };
}
const META = { seriesTotal: 1, from: '2026-01-31', to: '2026-03-02', granularity: 'daily', metric: 'billed' };
const FORECAST = {
  currency: 'EUR',
  asOf: '2026-02-27',
  method: 'holt-winters',
  coverage: 0.8,
  monthEnd: { date: '2026-02-01', month: '2026-02', actual: 40, amount: 44.5, lower: 42, upper: 47 },
  points: [],
};

describe('ResourceCostPanel', () => {
  it("shows the resource's own costs, this month and the month-end forecast with its interval", async () => {
    signedIn();
    const m = mockApi({
      'GET /costs': (c: MockCall) => ok(c.query.get('granularity') === 'monthly' ? breakdown(40, 0) : breakdown(60, 50), META),
      'GET /costs/forecast': ok(FORECAST),
    });
    renderRoute(<ResourceCostPanel resourceId="res_1" />);
    const stats = await screen.findByTestId('resource-cost');
    expect(within(stats).getByText('€60.00')).toBeInTheDocument();
    expect(within(stats).getByText('up 20% vs the 30 days before')).toBeInTheDocument();
    expect(within(stats).getByText('€40.00')).toBeInTheDocument();
    expect(await within(stats).findByText('€44.50')).toBeInTheDocument();
    expect(within(stats).getByText('80%: €42.00 – €47.00')).toBeInTheDocument();
    expect(screen.getByRole('img', { name: /Daily cost over the last 30 days/ })).toBeInTheDocument();
    expect(m.find('GET', '/costs').every((c) => c.query.get('resourceId') === 'res_1')).toBe(true);
    expect(m.find('GET', '/costs/forecast')[0].query.get('resourceId')).toBe('res_1');
  });

  it('says where costs come from when the resource has none, and asks no forecast', async () => {
    signedIn();
    const m = mockApi({ 'GET /costs': ok(breakdown(0, 0), META), 'GET /costs/forecast': ok(FORECAST) });
    renderRoute(<ResourceCostPanel resourceId="res_2" />);
    expect(await screen.findByText('No cost data for this resource')).toBeInTheDocument();
    expect(m.find('GET', '/costs/forecast')).toHaveLength(0);
  });
});
