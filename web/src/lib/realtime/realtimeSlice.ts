import { createAction, createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { RealtimeEvent } from '../api/types';
import type { ConnectionStatus } from './socket';

export const realtimeEventReceived = createAction<RealtimeEvent>('realtime/eventReceived');

export interface SyncProgress {
  providerId: string;
  jobId?: string;
  /** 0..100 */
  percent: number | null;
  processed?: number;
  total?: number;
  state: 'running' | 'completed' | 'failed';
  message?: string;
  updatedAt: string;
}

interface RealtimeState {
  status: ConnectionStatus;
  sync: Record<string, SyncProgress>;
  activity: RealtimeEvent[];
}

const initialState: RealtimeState = { status: 'idle', sync: {}, activity: [] };

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** sync.completed carries `error: {code, message}` on failure. */
export function errorText(e: unknown): string | undefined {
  if (!e) return undefined;
  if (typeof e === 'string') return e;
  const o = e as { code?: string; message?: string };
  return [o.code, o.message].filter(Boolean).join(': ') || undefined;
}

/** Turns the many plausible progress shapes into a percentage. */
export function progressPercent(d: Record<string, unknown>): number | null {
  const pct = num(d.percent) ?? num(d.percentage);
  if (pct !== undefined) return Math.max(0, Math.min(100, pct));
  const p = num(d.progress);
  if (p !== undefined) return Math.max(0, Math.min(100, p <= 1 ? p * 100 : p));
  const processed = num(d.processed) ?? num(d.done) ?? num(d.current);
  const total = num(d.total);
  if (processed !== undefined && total) return Math.min(100, (processed / total) * 100);
  return null;
}

export const realtimeSlice = createSlice({
  name: 'realtime',
  initialState,
  reducers: {
    connectionChanged(state, action: PayloadAction<ConnectionStatus>) {
      state.status = action.payload;
    },
    syncStarted(state, action: PayloadAction<{ providerId: string; jobId?: string }>) {
      state.sync[action.payload.providerId] = {
        providerId: action.payload.providerId,
        jobId: action.payload.jobId,
        percent: 0,
        state: 'running',
        updatedAt: new Date().toISOString(),
      };
    },
    realtimeReset() {
      return initialState;
    },
  },
  extraReducers: (builder) => {
    builder.addCase(realtimeEventReceived, (state, { payload: evt }) => {
      state.activity.unshift(evt);
      if (state.activity.length > 50) state.activity.length = 50;
      const d = (evt.data ?? {}) as Record<string, unknown>;
      const providerId = (d.providerId ?? d.provider_id ?? d.accountId) as string | undefined;
      if (!providerId) return;
      if (evt.type === 'sync.progress') {
        state.sync[providerId] = {
          providerId,
          jobId: d.jobId as string | undefined,
          percent: progressPercent(d),
          processed: num(d.processed),
          total: num(d.total),
          state: 'running',
          message: d.message as string | undefined,
          updatedAt: evt.timestamp,
        };
      } else if (evt.type === 'sync.completed') {
        const failed = d.success === false || d.status === 'failed' || d.status === 'error' || !!d.error;
        state.sync[providerId] = {
          providerId,
          jobId: d.jobId as string | undefined,
          percent: 100,
          processed: num(d.processed),
          total: num(d.total),
          state: failed ? 'failed' : 'completed',
          message: errorText(d.error) ?? (d.message as string | undefined),
          updatedAt: evt.timestamp,
        };
      }
    });
  },
});

export const { connectionChanged, syncStarted, realtimeReset } = realtimeSlice.actions;
