import { useCallback, useEffect, useRef, useState } from 'react';
import type { Resource, ResourceAction } from '@/lib/api/types';
import { TRANSITION_TIMEOUT_MS, transitionSettled, type Transition } from '../utils/actions';

type Observed = Pick<Resource, 'id' | 'status'> & { updatedAt?: string };

/**
 * Resources with an action under way ("Stopping…"), until the rows the page holds (kept fresh
 * by `resource.updated` events and refetches) show it ended. `onExpired` is told about those
 * that showed nothing for TRANSITION_TIMEOUT_MS, so the caller can refetch them.
 */
export function useTransitions({ onExpired }: { onExpired?: (ids: string[]) => void } = {}) {
  const [transitions, setTransitions] = useState<ReadonlyMap<string, Transition>>(() => new Map());
  const onExpiredRef = useRef(onExpired);
  onExpiredRef.current = onExpired;

  const begin = useCallback((resources: readonly Pick<Resource, 'id' | 'updatedAt'>[], action: ResourceAction) => {
    if (!resources.length) return;
    setTransitions((m) => {
      const n = new Map(m);
      for (const r of resources) n.set(r.id, { action, since: Date.now(), updatedAt: r.updatedAt });
      return n;
    });
  }, []);

  const end = useCallback((id: string) => {
    setTransitions((m) => {
      if (!m.has(id)) return m;
      const n = new Map(m);
      n.delete(id);
      return n;
    });
  }, []);

  const observe = useCallback((rows: readonly (Observed | undefined)[] | undefined) => {
    if (!rows?.length) return;
    setTransitions((m) => {
      if (!m.size) return m;
      let n: Map<string, Transition> | null = null;
      for (const r of rows) {
        const t = r && m.get(r.id);
        if (!r || !t) continue;
        if (transitionSettled(t, r)) {
          n ??= new Map(m);
          n.delete(r.id);
        } else if (t.action === 'reboot' && !t.sawIntermediate && r.status !== 'running') {
          n ??= new Map(m);
          n.set(r.id, { ...t, sawIntermediate: true });
        }
      }
      return n ?? m;
    });
  }, []);

  useEffect(() => {
    if (!transitions.size) return;
    const oldest = Math.min(...[...transitions.values()].map((t) => t.since));
    const timer = setTimeout(
      () => {
        const now = Date.now();
        const expired = [...transitions].filter(([, t]) => now - t.since >= TRANSITION_TIMEOUT_MS).map(([id]) => id);
        if (!expired.length) return;
        setTransitions((m) => {
          const n = new Map(m);
          for (const id of expired) n.delete(id);
          return n;
        });
        onExpiredRef.current?.(expired);
      },
      Math.max(0, oldest + TRANSITION_TIMEOUT_MS - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [transitions]);

  return { transitions, begin, end, observe };
}
