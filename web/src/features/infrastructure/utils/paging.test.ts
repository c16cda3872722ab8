import { describe, expect, it, vi } from 'vitest';
import { nearestKnownPage, pageCount, seekPage, type CursorBook } from './paging';

/** A server over `total` rows whose cursors are opaque tokens for offsets. */
function server(total: number) {
  const token = (offset: number) => `c${offset.toString(36)}`;
  const offsetOf = (c: string | undefined) => (c ? parseInt(c.slice(1), 36) : 0);
  const fetchAfter = vi.fn(async (cursor: string | undefined, limit: number) => {
    expect(limit).toBeGreaterThanOrEqual(1);
    expect(limit).toBeLessThanOrEqual(500);
    const next = offsetOf(cursor) + limit;
    return { nextCursor: next < total ? token(next) : null, total };
  });
  return { fetchAfter, token };
}

describe('seekPage', () => {
  it('walks to a far page with as few requests of at most 500 rows as it takes', async () => {
    const s = server(2000);
    const book: CursorBook = new Map([[1, undefined]]);
    const found = await seekPage({ book, target: 40, pageSize: 50, fetchAfter: s.fetchAfter });
    expect(found).toEqual({ page: 40, cursor: s.token(1950) });
    expect(s.fetchAfter.mock.calls.map((c) => c[1])).toEqual([500, 500, 500, 450]);
    // Boundaries passed are remembered: page 11 starts after 500 rows.
    expect(book.get(11)).toBe(s.token(500));
    expect(book.get(40)).toBe(s.token(1950));
  });

  it('starts from the nearest page it knows', async () => {
    const s = server(2000);
    const book: CursorBook = new Map([[1, undefined], [7, s.token(300)]]);
    expect(nearestKnownPage(book, 9)).toBe(7);
    const found = await seekPage({ book, target: 9, pageSize: 50, fetchAfter: s.fetchAfter });
    expect(found.cursor).toBe(s.token(400));
    expect(s.fetchAfter).toHaveBeenCalledTimes(1);
    expect(s.fetchAfter).toHaveBeenCalledWith(s.token(300), 100, undefined);
  });

  it('answers the page it reached when the list is shorter than expected', async () => {
    const s = server(120);
    const book: CursorBook = new Map([[1, undefined]]);
    const found = await seekPage({ book, target: 5, pageSize: 50, fetchAfter: s.fetchAfter });
    expect(found.page).toBe(1);
  });

  it('stops when aborted', async () => {
    const s = server(5000);
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(seekPage({ book: new Map(), target: 20, pageSize: 100, fetchAfter: s.fetchAfter, signal: ctrl.signal })).rejects.toThrow();
  });

  it('counts pages', () => {
    expect(pageCount(undefined, 50)).toBeUndefined();
    expect(pageCount(0, 50)).toBe(1);
    expect(pageCount(2000, 50)).toBe(40);
    expect(pageCount(2001, 50)).toBe(41);
  });
});
