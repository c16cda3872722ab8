import type { CostBreakdown, CostImport } from '@/lib/api/types';

export const ACCOUNT = { id: 'prv_1', provider: 'aws', name: 'Production AWS', status: 'connected', isDemo: false, regions: ['us-east-1'] };

/** A breakdown whose series are `groups` (value → total), spread over two days. */
export function breakdown(dimension: string, groups: Record<string, number>, extra: Partial<CostBreakdown> = {}): CostBreakdown {
  const total = Object.values(groups).reduce((a, b) => a + b, 0);
  return {
    currency: 'USD',
    total,
    previousTotal: total / 2,
    previousFrom: '2025-12-01',
    previousTo: '2025-12-31',
    series: Object.entries(groups).map(([value, t]) => ({
      key: { [dimension]: value },
      total: t,
      previousTotal: t / 2,
      points: [
        { date: '2026-01-01', amount: t / 2 },
        { date: '2026-01-02', amount: t / 2 },
      ],
    })),
    // Every group doubled: the largest moved most.
    movers: Object.entries(groups)
      .filter(() => dimension !== '')
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([value, t]) => ({ key: { [dimension]: value }, total: t, previousTotal: t / 2, change: t / 2, changePercent: 100 })),
    exchangeRates: null,
    ...extra,
  };
}

export const COST_META = { seriesTotal: 2, from: '2026-01-01', to: '2026-01-31', granularity: 'daily', metric: 'billed' };

export function costImport(extra: Partial<CostImport> = {}): CostImport {
  return {
    id: 'imp_1',
    providerId: 'prv_1',
    format: 'focus',
    fileName: 'focus.csv',
    fileBytes: 120,
    state: 'queued',
    jobId: 'job_1',
    rows: 0,
    periods: [],
    errors: [],
    warnings: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: null,
    ...extra,
  };
}
