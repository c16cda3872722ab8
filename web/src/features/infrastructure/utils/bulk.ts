import type { Resource, ResourceAction } from '@/lib/api/types';
import { ACTION_COPY, actionBlocker } from './actions';
import { typeLabel } from '../types';

export type BulkKind = 'start' | 'stop' | 'tag' | 'delete';

export type SkipReason = 'unsupported' | 'status' | 'terminated';

export interface BulkPlan {
  kind: BulkKind;
  apply: Resource[];
  skipped: { resource: Resource; reason: SkipReason }[];
}

const CANNOT: Record<ResourceAction, string> = { start: 'cannot be started', stop: 'cannot be stopped', reboot: 'cannot be rebooted' };

/** Which of the selected resources the bulk action applies to, and why the others are skipped. */
export function planBulk(kind: BulkKind, selected: readonly Resource[]): BulkPlan {
  const apply: Resource[] = [];
  const skipped: BulkPlan['skipped'] = [];
  for (const r of selected) {
    let reason: SkipReason | null = null;
    if (r.status === 'terminated') reason = 'terminated';
    else if (kind === 'start' || kind === 'stop') reason = actionBlocker(r, kind);
    if (reason) skipped.push({ resource: r, reason });
    else apply.push(r);
  }
  return { kind, apply, skipped };
}

function typeWord(type: string): string {
  const label = typeLabel(type);
  return label === label.toUpperCase() ? label : label.toLowerCase();
}

/**
 * Why resources were skipped, one line per reason: "30 cannot be stopped: storage (11),
 * database (5), …", "3 not running", "1 being deleted".
 */
export function summarizeSkipped(kind: BulkKind, skipped: BulkPlan['skipped']): string[] {
  const lines: string[] = [];
  const unsupported = skipped.filter((s) => s.reason === 'unsupported');
  if (unsupported.length && (kind === 'start' || kind === 'stop')) {
    const byType = new Map<string, number>();
    for (const s of unsupported) byType.set(s.resource.type, (byType.get(s.resource.type) ?? 0) + 1);
    const types = [...byType].sort((a, b) => b[1] - a[1]).map(([t, n]) => (byType.size > 1 ? `${typeWord(t)} (${n})` : typeWord(t)));
    lines.push(`${unsupported.length.toLocaleString('en-US')} ${CANNOT[kind]}: ${types.join(', ')}`);
  }
  const status = skipped.filter((s) => s.reason === 'status').length;
  if (status && (kind === 'start' || kind === 'stop')) lines.push(`${status.toLocaleString('en-US')} ${ACTION_COPY[kind].allowedStatus}`);
  const gone = skipped.filter((s) => s.reason === 'terminated').length;
  if (gone) lines.push(`${gone.toLocaleString('en-US')} being deleted`);
  return lines;
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
