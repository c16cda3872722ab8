import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { ResourceQuery } from '@/lib/api/types';

export const FILTER_KEYS = ['q', 'provider', 'providerId', 'type', 'status', 'region', 'tag'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export const DEFAULT_SORT = '-createdAt';
export const DEFAULT_LIMIT = 50;

/**
 * Filters, sort and page size live in the URL (shareable, survive reload); the cursor stack for
 * Previous/Next lives in memory and resets whenever the query changes.
 */
export function useResourceFilters() {
  const [params, setParams] = useSearchParams();
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);

  const filters = useMemo(() => {
    const f: Partial<Record<FilterKey, string>> = {};
    for (const k of FILTER_KEYS) {
      const v = params.get(k);
      if (v) f[k] = v;
    }
    return f;
  }, [params]);
  const sort = params.get('sort') ?? DEFAULT_SORT;
  const limit = Number(params.get('limit')) || DEFAULT_LIMIT;
  const selected = params.get('resource');

  const update = useCallback(
    (patch: Record<string, string | undefined>, resetPaging = true) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) {
            if (v) next.set(k, v);
            else next.delete(k);
          }
          return next;
        },
        { replace: true },
      );
      if (resetPaging) setCursors([undefined]);
    },
    [setParams],
  );

  const pageIndex = cursors.length - 1;
  const query: ResourceQuery = { ...filters, sort, limit, cursor: cursors[pageIndex] };

  return {
    filters,
    sort,
    limit,
    selected,
    query,
    pageIndex,
    setFilter: (k: FilterKey, v: string | undefined) => update({ [k]: v }),
    clearFilters: () => update(Object.fromEntries(FILTER_KEYS.map((k) => [k, undefined]))),
    setSort: (s: string) => update({ sort: s === DEFAULT_SORT ? undefined : s }),
    setLimit: (n: number) => update({ limit: n === DEFAULT_LIMIT ? undefined : String(n) }),
    select: (id: string | null) => update({ resource: id ?? undefined }, false),
    next: (cursor: string | null | undefined) => {
      if (cursor) setCursors((c) => [...c, cursor]);
    },
    prev: () => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)),
  };
}
