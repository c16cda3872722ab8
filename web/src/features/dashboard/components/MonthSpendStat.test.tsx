import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { renderRoute, signedIn } from '@/test/render';
import { mockApi, ok, type MockCall } from '@/test/mockApi';
import { MonthSpendStat } from './MonthSpendStat';

const NOW = new Date('2026-03-15T12:00:00Z');

function month(total: number, currency: string | null = 'USD') {
  return ok({ currency, total, previousTotal: 0, previousFrom: '2026-01-01', previousTo: '2026-02-01', series: [] });
}

describe('MonthSpendStat', () => {
  it("shows this month's spend so far beside last month's", async () => {
    signedIn();
    const m = mockApi({ 'GET /costs': (c: MockCall) => (c.query.get('from') === '2026-03-01' ? month(1234.4) : month(2500)) });
    renderRoute(<MonthSpendStat estimate={99} loading={false} now={NOW} />);
    expect(await screen.findByText('$1,234')).toBeInTheDocument();
    expect(screen.getByText(/Last month \$2,500/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Costs' })).toHaveAttribute('href', '/cost');
    expect(m.find('GET', '/costs').map((c) => `${c.query.get('from')}..${c.query.get('to')}`).sort()).toEqual([
      '2026-02-01..2026-03-01',
      '2026-03-01..2026-03-16',
    ]);
  });

  it('falls back to the list-price estimate without cost data', async () => {
    signedIn();
    mockApi({ 'GET /costs': month(0, null) });
    renderRoute(<MonthSpendStat estimate={99} loading={false} now={NOW} />);
    expect(await screen.findByText('$99')).toBeInTheDocument();
    expect(screen.getByText('Monthly cost (estimated)')).toBeInTheDocument();
  });
});
