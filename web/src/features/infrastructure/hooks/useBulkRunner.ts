import { useCallback, useRef, useState } from 'react';
import { useDispatch } from 'react-redux';
import { api } from '@/lib/api/baseApi';
import { errorMessage } from '@/lib/api/errors';
import type { Resource } from '@/lib/api/types';
import * as requests from '../api/requests';
import { userFacingMessage } from '../utils/actions';
import { runPool, type BulkPlan } from '../utils/bulk';

export interface BulkFailure {
  resource: Resource;
  message: string;
}

export interface BulkRun {
  kind: BulkPlan['kind'];
  total: number;
  done: number;
  succeeded: Resource[];
  failures: BulkFailure[];
  running: boolean;
  cancelled: boolean;
}

/**
 * Applies a bulk plan one request per resource (four at a time), counting progress and
 * collecting failures with the server's message. A tag is added to the resource's current tags
 * (read just before, since PATCH replaces them all). Cancel starts no new request; those under
 * way finish and are counted, since the server may already have acted on them. The list is
 * refetched once at the end.
 */
export function useBulkRunner() {
  const dispatch = useDispatch();
  const [run, setRun] = useState<BulkRun | null>(null);
  const abort = useRef<AbortController | null>(null);

  const start = useCallback(
    async (plan: BulkPlan, tag?: { key: string; value: string }): Promise<BulkRun> => {
      const ctrl = new AbortController();
      abort.current = ctrl;
      let state: BulkRun = { kind: plan.kind, total: plan.apply.length, done: 0, succeeded: [], failures: [], running: true, cancelled: false };
      setRun(state);
      const settle = (patch: (s: BulkRun) => BulkRun) => {
        state = patch(state);
        setRun(state);
      };
      await runPool(
        plan.apply,
        async (r) => {
          try {
            let after: Resource | null = r;
            if (plan.kind === 'start' || plan.kind === 'stop') after = (await requests.runAction(r.id, plan.kind)) ?? r;
            else if (plan.kind === 'delete') await requests.deleteResource(r.id);
            else if (plan.kind === 'tag' && tag) {
              const fresh = await requests.fetchResource(r.id);
              after = await requests.patchTags(r.id, { ...(fresh.tags ?? {}), [tag.key]: tag.value });
            }
            settle((s) => ({ ...s, done: s.done + 1, succeeded: [...s.succeeded, { ...r, ...(after ?? {}) }] }));
          } catch (e) {
            settle((s) => ({ ...s, done: s.done + 1, failures: [...s.failures, { resource: r, message: userFacingMessage(errorMessage(e)) }] }));
          }
        },
        { concurrency: 4, signal: ctrl.signal },
      );
      settle((s) => ({ ...s, running: false, cancelled: ctrl.signal.aborted }));
      if (abort.current === ctrl) abort.current = null;
      dispatch(
        api.util.invalidateTags([
          { type: 'Resource', id: 'LIST' },
          'ResourceSummary',
          ...plan.apply.map((r) => ({ type: 'Resource' as const, id: r.id })),
        ]),
      );
      return state;
    },
    [dispatch],
  );

  const cancel = useCallback(() => abort.current?.abort(), []);
  const reset = useCallback(() => setRun(null), []);
  return { run, start, cancel, reset };
}
