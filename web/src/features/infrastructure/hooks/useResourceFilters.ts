import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { ResourceQuery } from '@/lib/api/types';

export const FILTER_KEYS = ['q', 'provider', 'providerId', 'type', 'status', 'region', 'tag'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export const DEFAULT_SORT = '-createdAt';
export const DEFAULT_LIMIT = 50;
export const PAGE_SIZES = [25, 50, 100, 200, 500];

function clampLimit(raw: string | null): number {
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= 500 ? n : DEFAULT_LIMIT;
}

/**
 * Everything that decides the rows shown lives in the URL, so a reload, a shared link and Back
 * show the same rows: filters, sort, page size (`limit`), the page number (`page`, 1-based) and
 * the cursor that starts it (`cursor`; see utils/paging.ts for why a cursor and not an offset).
 * Changing a filter, the sort or the page size goes back to page 1 and replaces the history
 * entry; moving between pages pushes one, so Back returns to the previous page.
 */
export function useResourceFilters() {
  const [params, setParams] = useSearchParams();

  const filters = useMemo(() => {
    const f: Partial<Record<FilterKey, string>> = {};
    for (const k of FILTER_KEYS) {
      const v = params.get(k);
      if (v) f[k] = v;
    }
    return f;
  }, [params]);
  const sort = params.get('sort') ?? DEFAULT_SORT;
  const limit = clampLimit(params.get('limit'));
  const selected = params.get('resource');
  const pageParam = Number(params.get('page'));
  const page = Number.isInteger(pageParam) && pageParam > 1 ? pageParam : 1;
  const cursor = page > 1 ? params.get('cursor') || undefined : undefined;

  const update = useCallback(
    (patch: Record<string, string | undefined>, { resetPaging = true, push = false } = {}) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (resetPaging) {
            next.delete('page');
            next.delete('cursor');
          }
          for (const [k, v] of Object.entries(patch)) {
            if (v) next.set(k, v);
            else next.delete(k);
          }
          return next;
        },
        { replace: !push },
      );
    },
    [setParams],
  );

  /** Rows of the page (filters, sort, limit) without the paging: one cursor book per signature. */
  const signature = JSON.stringify([filters, sort, limit]);
  const query: ResourceQuery = useMemo(
    () => ({ ...filters, sort, limit, cursor }),
    // Keyed by the value of filters/sort/limit, not the `filters` object, which is new on every
    // URL change (opening a row's drawer too) while the query must stay the same object.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `signature` stands for filters, sort and limit
    [signature, cursor],
  );

  return {
    filters,
    sort,
    limit,
    selected,
    page,
    cursor,
    query,
    signature,
    setFilter: (k: FilterKey, v: string | undefined) => update({ [k]: v }),
    clearFilters: () => update(Object.fromEntries(FILTER_KEYS.map((k) => [k, undefined]))),
    setSort: (s: string) => update({ sort: s === DEFAULT_SORT ? undefined : s }),
    setLimit: (n: number) => update({ limit: n === DEFAULT_LIMIT ? undefined : String(n) }),
    select: (id: string | null) => update({ resource: id ?? undefined }, { resetPaging: false }),
    /** Shows page `n` starting at `startCursor` (a new history entry unless `replace`). */
    setPage: (n: number, startCursor: string | undefined, { replace = false } = {}) =>
      update({ page: n > 1 ? String(n) : undefined, cursor: n > 1 ? startCursor : undefined }, { resetPaging: false, push: !replace }),
  };
}
