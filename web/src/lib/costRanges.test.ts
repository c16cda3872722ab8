import { describe, expect, it } from 'vitest';
import { dayBefore, presetRange } from './costRanges';

const NOW = new Date('2026-03-15T22:30:00Z');

describe('presetRange', () => {
  it('ends tomorrow (exclusive) for ranges up to today', () => {
    expect(presetRange('last30', NOW)).toEqual({ from: '2026-02-14', to: '2026-03-16' });
    expect(presetRange('thisMonth', NOW)).toEqual({ from: '2026-03-01', to: '2026-03-16' });
  });

  it('covers whole calendar months, across a year boundary', () => {
    expect(presetRange('lastMonth', NOW)).toEqual({ from: '2026-02-01', to: '2026-03-01' });
    expect(presetRange('last3Months', NOW)).toEqual({ from: '2026-01-01', to: '2026-03-16' });
    expect(presetRange('last12Months', NOW)).toEqual({ from: '2025-04-01', to: '2026-03-16' });
    expect(presetRange('lastMonth', new Date('2026-01-03T00:00:00Z'))).toEqual({ from: '2025-12-01', to: '2026-01-01' });
  });
});

describe('dayBefore', () => {
  it('gives the last day of an exclusive range', () => {
    expect(dayBefore('2026-03-01')).toBe('2026-02-28');
  });
});
