import { describe, expect, it } from 'vitest';
import type { Resource } from '@/lib/api/types';
import { planBulk, runPool, summarizeSkipped } from './bulk';

const r = (id: string, type: Resource['type'], status: Resource['status'], actions: Resource['actions'] = []): Resource =>
  ({ id, name: id, type, status, actions, tags: {} }) as unknown as Resource;
const vm = (id: string, status: Resource['status']) => r(id, 'server', status, ['start', 'stop', 'reboot']);

describe('planBulk', () => {
  const selected = [vm('a', 'running'), vm('b', 'stopped'), r('c', 'storage', 'running'), r('d', 'storage', 'running'), r('e', 'dns', 'running'), vm('f', 'terminated')];

  it('stops the running machines and says why the rest are skipped', () => {
    const plan = planBulk('stop', selected);
    expect(plan.apply.map((x) => x.id)).toEqual(['a']);
    expect(summarizeSkipped('stop', plan.skipped)).toEqual(['3 cannot be stopped: storage (2), DNS (1)', '1 not running', '1 being deleted']);
  });

  it('starts the stopped ones', () => {
    const plan = planBulk('start', selected);
    expect(plan.apply.map((x) => x.id)).toEqual(['b']);
    expect(summarizeSkipped('start', plan.skipped)[1]).toBe('1 not stopped');
  });

  it('tags and deletes everything not already being deleted', () => {
    expect(planBulk('tag', selected).apply).toHaveLength(5);
    const del = planBulk('delete', selected);
    expect(del.apply).toHaveLength(5);
    expect(summarizeSkipped('delete', del.skipped)).toEqual(['1 being deleted']);
  });
});

describe('runPool', () => {
  it('runs every item with bounded concurrency and stops starting new ones when aborted', async () => {
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    await runPool(
      Array.from({ length: 10 }, (_, i) => i),
      async (i) => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((res) => setTimeout(res, 1));
        running -= 1;
        done.push(i);
      },
      { concurrency: 3 },
    );
    expect(done.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(peak).toBe(3);

    const ctrl = new AbortController();
    const started: number[] = [];
    await runPool(
      [1, 2, 3, 4, 5],
      async (i) => {
        started.push(i);
        if (i === 2) ctrl.abort();
      },
      { concurrency: 1, signal: ctrl.signal },
    );
    expect(started).toEqual([1, 2]);
  });
});
