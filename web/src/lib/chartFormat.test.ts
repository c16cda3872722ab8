import { describe, expect, it } from 'vitest';
import { axisWidth, formatTick } from './chartFormat';

describe('chart axis', () => {
  it('formats ticks compactly per unit', () => {
    expect(formatTick(45, 'percent')).toBe('45%');
    expect(formatTick(2.5, 'percent')).toBe('2.5%');
    expect(formatTick(120, 'milliseconds')).toBe('120 ms');
    expect(formatTick(1500, 'milliseconds')).toBe('1.5 s');
    expect(formatTick(750 * 1024, 'bytes')).toBe('750 KB');
    expect(formatTick(1010 * 1024, 'bytes')).toBe('1.0 MB');
    expect(formatTick(3 * 1024 ** 3, 'bytes')).toBe('3.0 GB');
    expect(formatTick(12500, 'count')).toBe('12.5K');
    expect(formatTick(2_400_000, 'count')).toBe('2.4M');
  });

  it('gives the axis room for its longest label', () => {
    expect(axisWidth([10, 60], 'percent')).toBeGreaterThanOrEqual(36);
    // "732 KB" must fit on one line (it wrapped in a 56 px axis with a negative margin).
    expect(axisWidth([3 * 1024 ** 2], 'bytes')).toBeGreaterThanOrEqual(6 * 7);
    expect(axisWidth([1e12], 'count')).toBeLessThanOrEqual(84);
  });
});
