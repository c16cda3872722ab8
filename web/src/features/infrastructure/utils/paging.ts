import { MAX_PAGE } from '../api/requests';

/**
 * Paging over the inventory's keyset cursors.
 *
 * GET /resources pages with opaque cursors (server/http/paging.cpp: the sort value and id of
 * the last row, base64url): a cursor only says "after this row", so page N cannot be asked for
 * directly, and the client must not build cursors itself. We therefore keep the current page's
 * number and cursor in the URL (reload and Back show the same rows) and reach any other page by
 * "seeking": walking from the nearest page whose cursor we know with requests of up to 500 rows
 * (`limit` is any 1–500, so the walk lands exactly on a page boundary), remembering every
 * boundary passed. Last of 2,000 rows at 50 a page costs 4 requests; Previous after a reload
 * one. A cursor stack in the URL was the alternative, but it grows with every page and still
 * cannot serve First/Last or a page typed in.
 */

/** Page number (1-based) → the cursor that starts it; page 1 starts without one. */
export type CursorBook = Map<number, string | undefined>;

export interface SeekOptions {
  book: CursorBook;
  target: number;
  pageSize: number;
  /** One request: `limit` rows after `cursor`; answers the cursor after them and the total. */
  fetchAfter: (cursor: string | undefined, limit: number, signal?: AbortSignal) => Promise<{ nextCursor: string | null; total: number }>;
  signal?: AbortSignal;
  onProgress?: (walkedRows: number, rowsToWalk: number) => void;
}

export function nearestKnownPage(book: CursorBook, target: number): number {
  let best = 1;
  for (const p of book.keys()) if (p <= target && p > best) best = p;
  return best;
}

/**
 * Finds the cursor of page `target`. When the list turns out shorter than that (rows were
 * deleted meanwhile), answers the last page reached instead.
 */
export async function seekPage({ book, target, pageSize, fetchAfter, signal, onProgress }: SeekOptions): Promise<{ page: number; cursor: string | undefined }> {
  if (!book.has(1)) book.set(1, undefined);
  const start = nearestKnownPage(book, target);
  let cursor = book.get(start);
  const toWalk = (target - start) * pageSize;
  let walked = 0;
  while (walked < toWalk) {
    signal?.throwIfAborted();
    const limit = Math.min(MAX_PAGE, toWalk - walked);
    const { nextCursor } = await fetchAfter(cursor, limit, signal);
    if (!nextCursor) {
      const reached = nearestKnownPage(book, target);
      return { page: reached, cursor: book.get(reached) };
    }
    walked += limit;
    cursor = nextCursor;
    if (walked % pageSize === 0) book.set(start + walked / pageSize, cursor);
    onProgress?.(walked, toWalk);
  }
  return { page: target, cursor };
}

export function pageCount(total: number | undefined, pageSize: number): number | undefined {
  return total === undefined ? undefined : Math.max(1, Math.ceil(total / pageSize));
}
