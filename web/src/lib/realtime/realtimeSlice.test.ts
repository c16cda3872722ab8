import { describe, expect, it } from 'vitest';
import { progressPercent, realtimeEventReceived, realtimeSlice } from './realtimeSlice';

describe('realtime slice', () => {
  it('understands several progress shapes', () => {
    expect(progressPercent({ percent: 40 })).toBe(40);
    expect(progressPercent({ progress: 0.5 })).toBe(50);
    expect(progressPercent({ processed: 25, total: 100 })).toBe(25);
    expect(progressPercent({})).toBeNull();
  });
  it('tracks sync progress and completion per provider', () => {
    let s = realtimeSlice.reducer(undefined, realtimeEventReceived({ type: 'sync.progress', data: { providerId: 'p1', processed: 5, total: 10 }, timestamp: 't1' }));
    expect(s.sync.p1).toMatchObject({ state: 'running', percent: 50 });
    s = realtimeSlice.reducer(s, realtimeEventReceived({ type: 'sync.completed', data: { providerId: 'p1' }, timestamp: 't2' }));
    expect(s.sync.p1).toMatchObject({ state: 'completed', percent: 100 });
    expect(s.activity).toHaveLength(2);
  });
});
