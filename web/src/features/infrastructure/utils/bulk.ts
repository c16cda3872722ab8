import type { Resource, ResourceAction } from '@/lib/api/types';
import { ACTION_COPY, actionBlocker } from './actions';
import { typeLabel } from '../types';

export type BulkKind = 'start' | 'stop' | 'tag' | 'delete';

export interface BulkPlan {
  kind: BulkKind;
  apply: Resource[];
  skipped: { resource: Resource; reason: string }[];
}

const CANNOT: Record<ResourceAction, string> = { start: 'cannot be started', stop: 'cannot be stopped', reboot: 'cannot be rebooted' };

/** Which of the selected resources the bulk action applies to, and why the others are skipped. */
export function planBulk(kind: BulkKind, selected: readonly Resource[]): BulkPlan {
  const apply: Resource[] = [];
  const skipped: BulkPlan['skipped'] = [];
  for (const r of selected) {
    let reason: string | null = null;
    if (r.status === 'terminated') reason = 'being deleted';
    else if (kind === 'start' || kind === 'stop') {
      const blocker = actionBlocker(r, kind);
      if (blocker === 'unsupported') reason = `${CANNOT[kind]} (${typeLabel(r.type).toLowerCase()})`;
      else if (blocker === 'status') reason = ACTION_COPY[kind].allowedStatus;
    }
    if (reason) skipped.push({ resource: r, reason });
    else apply.push(r);
  }
  return { kind, apply, skipped };
}

/** "2 cannot be stopped (storage)", "1 not running": one line per reason, most frequent first. */
export function summarizeSkipped(skipped: BulkPlan['skipped']): string[] {
  const counts = new Map<string, number>();
  for (const s of skipped) counts.set(s.reason, (counts.get(s.reason) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([reason, n]) => `${n} ${reason}`);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/**
 * Runs `task` over `items`, at most `concurrency` at a time, in order of start; stops starting
 * new ones once `signal` aborts. Resolves when every started task has settled.
 */
export async function runPool<T>(
  items: readonly T[],
  task: (item: T) => Promise<void>,
  { concurrency = 4, signal }: { concurrency?: number; signal?: AbortSignal } = {},
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal?.aborted) {
      const item = items[next];
      next += 1;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
