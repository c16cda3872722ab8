import { describe, expect, it, vi } from 'vitest';
import { withKeepBoth } from './conflict';

const conflict = { status: 409, code: 'CONFLICT', message: '"a.txt" already exists in this folder' };

describe('withKeepBoth', () => {
  it('sends once when the name is free', async () => {
    const attempt = vi.fn().mockResolvedValue('ok');
    expect(await withKeepBoth(attempt, () => true)).toBe('ok');
    expect(attempt).toHaveBeenCalledWith('fail');
    expect(attempt).toHaveBeenCalledTimes(1);
  });
  it('asks, then sends again with rename', async () => {
    const attempt = vi.fn().mockRejectedValueOnce(conflict).mockResolvedValueOnce('renamed');
    const ask = vi.fn().mockReturnValue(true);
    expect(await withKeepBoth(attempt, ask)).toBe('renamed');
    expect(ask).toHaveBeenCalledWith(conflict.message);
    expect(attempt).toHaveBeenLastCalledWith('rename');
  });
  it('stops when the user declines, and passes other errors on', async () => {
    expect(await withKeepBoth(vi.fn().mockRejectedValue(conflict), () => false)).toBeNull();
    const other = { status: 403, code: 'AUTHORIZATION_ERROR', message: 'no' };
    await expect(withKeepBoth(vi.fn().mockRejectedValue(other), () => true)).rejects.toBe(other);
  });
});
