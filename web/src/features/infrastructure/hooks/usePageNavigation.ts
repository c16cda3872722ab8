import { useCallback, useEffect, useRef, useState } from 'react';
import type { Page, Resource } from '@/lib/api/types';
import { fetchResourcePage } from '../api/requests';
import { pageCount, seekPage, type CursorBook } from '../utils/paging';
import type { useResourceFilters } from './useResourceFilters';

type Filters = ReturnType<typeof useResourceFilters>;

export interface Seeking {
  target: number;
  /** 0–1 of the rows to walk. */
  progress: number;
}

/**
 * First / Previous / Next / Last and any page by number over keyset cursors (see utils/paging).
 * Cursors learnt while paging are kept per list (filters + sort + page size) for this visit.
 */
export function usePageNavigation(f: Filters, data: Page<Resource> | undefined, { onError }: { onError: (e: unknown) => void }) {
  const books = useRef(new Map<string, CursorBook>());
  let book = books.current.get(f.signature);
  if (!book) {
    book = new Map([[1, undefined]]);
    books.current.set(f.signature, book);
  }
  if (f.page > 1 && f.cursor) book.set(f.page, f.cursor);
  if (data?.page.nextCursor && data.items.length) book.set(f.page + 1, data.page.nextCursor);

  const latest = useRef(f);
  latest.current = f;
  const onErrorRef = useRef(onError);
  onErrorRef.current = onError;
  const [seeking, setSeeking] = useState<Seeking | null>(null);
  const abort = useRef<AbortController | null>(null);

  const goTo = useCallback(async (target: number, { replace = false } = {}) => {
    const cur = latest.current;
    const bookNow = books.current.get(cur.signature) ?? new Map([[1, undefined]]);
    abort.current?.abort();
    abort.current = null;
    setSeeking(null);
    if (target <= 1) {
      cur.setPage(1, undefined, { replace });
      return;
    }
    if (bookNow.has(target)) {
      cur.setPage(target, bookNow.get(target), { replace });
      return;
    }
    const ctrl = new AbortController();
    abort.current = ctrl;
    setSeeking({ target, progress: 0 });
    try {
      const found = await seekPage({
        book: bookNow,
        target,
        pageSize: cur.limit,
        signal: ctrl.signal,
        fetchAfter: (cursor, limit, signal) => fetchResourcePage({ ...cur.filters, sort: cur.sort, limit, cursor }, signal),
        onProgress: (walked, toWalk) => setSeeking({ target, progress: toWalk ? walked / toWalk : 1 }),
      });
      if (!ctrl.signal.aborted) latest.current.setPage(found.page, found.cursor, { replace });
    } catch (e) {
      if (!ctrl.signal.aborted) onErrorRef.current(e);
    } finally {
      if (abort.current === ctrl) {
        abort.current = null;
        setSeeking(null);
      }
    }
  }, []);

  // A link with a page number but no cursor (typed, or cut short): find that page's cursor.
  const needsCursor = f.page > 1 && !f.cursor;
  useEffect(() => {
    if (needsCursor) void goTo(f.page, { replace: true });
  }, [needsCursor, f.page, f.signature, goTo]);

  // Another list (filters, sort, size) or leaving the page: a running seek is moot.
  useEffect(() => () => abort.current?.abort(), [f.signature]);

  const total = data?.page.total;
  const last = pageCount(total, f.limit);
  return {
    seeking,
    needsCursor,
    pageCount: last,
    first: () => void goTo(1),
    prev: () => void goTo(f.page - 1),
    next: () => void goTo(f.page + 1),
    last: () => last !== undefined && void goTo(last),
    goTo: (n: number) => void goTo(n),
    cancelSeek: () => {
      abort.current?.abort();
      abort.current = null;
      setSeeking(null);
    },
  };
}
