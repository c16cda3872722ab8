import { describe, expect, it } from 'vitest';
import type { CostBreakdown } from '@/lib/api/types';
import { breakdownRows, change, chartData } from './breakdown';
import { breakdownCsv } from './csv';

const current: CostBreakdown = {
  currency: 'USD',
  total: 100,
  previousTotal: 80,
  previousFrom: '2026-01-01',
  previousTo: '2026-01-03',
  series: [
    { key: { service: 'Compute' }, total: 75, previousTotal: 60, points: [{ date: '2026-01-03', amount: 50 }, { date: '2026-01-04', amount: 25 }] },
    { key: { service: 'Storage' }, total: 25, previousTotal: 0, points: [{ date: '2026-01-03', amount: 10 }, { date: '2026-01-04', amount: 15 }] },
  ],
  movers: [],
  exchangeRates: null,
};

describe('breakdownRows', () => {
  it('gives each group its share and previous total', () => {
    expect(breakdownRows(current, 'service')).toEqual([
      { value: 'Compute', total: 75, share: 0.75, previous: 60 },
      { value: 'Storage', total: 25, share: 0.25, previous: null },
    ]);
  });
});

describe('change', () => {
  it('is a signed fraction, null without a base', () => {
    expect(change(75, 60)).toBe(0.25);
    expect(change(30, 60)).toBe(-0.5);
    expect(change(30, null)).toBeNull();
    expect(change(30, 0)).toBeNull();
  });
});

describe('chartData', () => {
  it('pivots series into one point per bucket', () => {
    expect(chartData(current, 'service')).toEqual({
      series: [{ dataKey: 's0', value: 'Compute' }, { dataKey: 's1', value: 'Storage' }],
      points: [
        { date: '2026-01-03', s0: 50, s1: 10 },
        { date: '2026-01-04', s0: 25, s1: 15 },
      ],
    });
  });

  it('folds the series past the largest into Other', () => {
    const three = { ...current, series: [...current.series, { key: { service: 'DNS' }, total: 1, previousTotal: 0, points: [{ date: '2026-01-03', amount: 1 }] }] };
    const data = chartData(three, 'service', 2);
    expect(data.series).toEqual([{ dataKey: 's0', value: 'Compute' }, { dataKey: 'other', value: 'Other', other: true }]);
    expect(data.points[0]).toEqual({ date: '2026-01-03', s0: 50, other: 11 });
  });
});

describe('breakdownCsv', () => {
  it('writes raw amounts and quotes what needs it', () => {
    const rows = [...breakdownRows(current, 'service'), { value: '=cmd, "x"', total: 1, share: 0.01, previous: 2 }];
    expect(breakdownCsv('Service', 'USD', rows, (v) => v)).toBe(
      'Service,Total (USD),Share (%),Previous period (USD)\r\n' +
        'Compute,75.00,75.00,60.00\r\n' +
        'Storage,25.00,25.00,\r\n' +
        `"'=cmd, ""x""",1.00,1.00,2.00\r\n`,
    );
  });
});
