import { describe, expect, it } from 'vitest';
import { DEFAULT_VIEW, drillDown, searchFromView, toCostQuery, viewFromSearch } from './view';

describe('cost view in the URL', () => {
  it('round-trips a view and leaves defaults out', () => {
    const view = { ...DEFAULT_VIEW, group: 'region' as const, metric: 'effective' as const, filters: { service: 'Compute' } };
    const search = searchFromView(view);
    expect(search.toString()).toBe('group=region&metric=effective&service=Compute');
    expect(viewFromSearch(search)).toEqual(view);
    expect(searchFromView(DEFAULT_VIEW).toString()).toBe('');
  });

  it('falls back to defaults on unknown values', () => {
    expect(viewFromSearch(new URLSearchParams('group=colour&range=forever&granularity=hourly'))).toEqual(DEFAULT_VIEW);
  });
});

describe('drillDown', () => {
  it('filters on the row and groups by the next dimension', () => {
    expect(drillDown(DEFAULT_VIEW, 'Compute')).toEqual({ ...DEFAULT_VIEW, group: 'region', filters: { service: 'Compute' } });
    const byAccount = { ...DEFAULT_VIEW, group: 'account' as const, filters: { service: 'Compute' } };
    // service is already filtered, so an account drills straight into regions
    expect(drillDown(byAccount, 'prv_1')).toMatchObject({ group: 'region', filters: { service: 'Compute', account: 'prv_1' } });
    expect(drillDown({ ...DEFAULT_VIEW, group: 'region' }, 'us-east-1')).toMatchObject({ group: 'resourceType' });
  });

  it('cannot drill into a dimension the API does not filter on', () => {
    expect(drillDown({ ...DEFAULT_VIEW, group: 'chargeCategory' }, 'Tax')).toBeNull();
  });
});

describe('toCostQuery', () => {
  it('maps the view onto GET /costs parameters', () => {
    const q = toCostQuery({ ...DEFAULT_VIEW, range: 'lastMonth', filters: { account: 'prv_1' } }, new Date('2026-03-15T00:00:00Z'));
    expect(q).toMatchObject({ from: '2026-02-01', to: '2026-03-01', groupBy: 'service', providerId: 'prv_1', metric: 'billed' });
  });
});
