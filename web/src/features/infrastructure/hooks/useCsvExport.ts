import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '@/lib/api/errors';
import type { Resource, ResourceQuery } from '@/lib/api/types';
import { fetchResourcePage, MAX_PAGE } from '../api/requests';
import { downloadText } from '@/lib/download';
import { csvFileName, resourcesToCsv } from '../utils/csv';

export type ExportState =
  | { status: 'idle' }
  | { status: 'running'; fetched: number; total: number | null }
  | { status: 'done'; count: number; fileName: string }
  | { status: 'cancelled' }
  | { status: 'error'; message: string; fetched: number };

/**
 * Downloads every resource matching the filters as CSV: walks the pages 500 rows at a time
 * with the cursor, reporting progress; cancel stops the walk and downloads nothing.
 */
export function useCsvExport({ save = downloadText }: { save?: (fileName: string, text: string) => void } = {}) {
  const [state, setState] = useState<ExportState>({ status: 'idle' });
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const start = useCallback(
    async (query: Omit<ResourceQuery, 'cursor' | 'limit'>) => {
      abort.current?.abort();
      const ctrl = new AbortController();
      abort.current = ctrl;
      const rows: Resource[] = [];
      const seen = new Set<string>();
      let total: number | null = null;
      let cursor: string | undefined;
      setState({ status: 'running', fetched: 0, total: null });
      try {
        for (;;) {
          const page = await fetchResourcePage({ ...query, limit: MAX_PAGE, cursor }, ctrl.signal);
          if (ctrl.signal.aborted) return;
          rows.push(...page.items);
          total = page.total;
          setState({ status: 'running', fetched: rows.length, total });
          // A cursor seen before would loop forever: the server never does that, but be sure.
          if (!page.nextCursor || !page.items.length || seen.has(page.nextCursor)) break;
          seen.add(page.nextCursor);
          cursor = page.nextCursor;
        }
        if (ctrl.signal.aborted) return;
        const fileName = csvFileName();
        save(fileName, resourcesToCsv(rows));
        setState({ status: 'done', count: rows.length, fileName });
      } catch (e) {
        if (!ctrl.signal.aborted) setState({ status: 'error', message: errorMessage(e), fetched: rows.length });
      } finally {
        if (abort.current === ctrl) abort.current = null;
      }
    },
    [save],
  );

  const cancel = useCallback(() => {
    abort.current?.abort();
    abort.current = null;
    setState({ status: 'cancelled' });
  }, []);
  const reset = useCallback(() => setState({ status: 'idle' }), []);
  return { state, start, cancel, reset };
}
