import { describe, expect, it } from 'vitest';
import { formatBytes, parseSize, splitSize } from './bytes';

describe('vault sizes', () => {
  it('formats like a file manager', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(10 * 1024 * 1024)).toBe('10 MB');
    expect(formatBytes(1024 ** 3 * 250)).toBe('250 GB');
    expect(formatBytes(null)).toBe('—');
  });
  it('parses what people type in a quota field', () => {
    expect(parseSize('5', 'GB')).toBe(5 * 1024 ** 3);
    expect(parseSize('1.5', 'MB')).toBe(1572864);
    expect(parseSize(' ', 'GB')).toBeNull();
    expect(parseSize('five', 'GB')).toBeNaN();
    expect(parseSize('-1', 'GB')).toBeNaN();
  });
  it('shows a stored quota in the unit it was probably typed in', () => {
    expect(splitSize(5 * 1024 ** 3)).toEqual(['5', 'GB']);
    expect(splitSize(512 * 1024 ** 2)).toEqual(['512', 'MB']);
    expect(splitSize(null)).toEqual(['', 'GB']);
  });
});
