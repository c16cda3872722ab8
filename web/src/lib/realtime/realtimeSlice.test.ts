import { describe, expect, it } from 'vitest';
import { realtimeEventReceived, realtimeSlice } from './realtimeSlice';

describe('realtime slice', () => {
  it('tracks sync progress and completion per cloud account', () => {
    let s = realtimeSlice.reducer(
      undefined,
      realtimeEventReceived({ type: 'sync.progress', data: { accountId: 'p1', jobId: 'job_1', processed: 5 }, timestamp: 't1' }),
    );
    expect(s.sync.p1).toMatchObject({ state: 'running', processed: 5, percent: null, jobId: 'job_1' });
    s = realtimeSlice.reducer(
      s,
      realtimeEventReceived({
        type: 'sync.completed',
        data: {
          accountId: 'p1',
          jobId: 'job_1',
          status: 'connected',
          resourceCount: 10,
          mode: 'full',
          created: 2,
          updated: 1,
          deleted: 0,
          unchanged: 7,
          total: 10,
          durationMs: 40,
        },
        timestamp: 't2',
      }),
    );
    expect(s.sync.p1).toMatchObject({ state: 'completed', percent: 100, total: 10 });
    expect(s.activity.map((e) => e.type)).toEqual(['sync.completed', 'sync.progress']);
  });

  it('says why a sync failed', () => {
    const s = realtimeSlice.reducer(
      undefined,
      realtimeEventReceived({
        type: 'sync.completed',
        data: { accountId: 'p2', jobId: null, status: 'error', error: { code: 'Throttling', message: 'Rate exceeded' } },
        timestamp: 't',
      }),
    );
    expect(s.sync.p2).toMatchObject({ state: 'failed', message: 'Throttling: Rate exceeded' });
  });
});
