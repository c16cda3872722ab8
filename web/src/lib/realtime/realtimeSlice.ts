import { createAction, createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { RealtimeEvent } from '../api/types';
import type { ConnectionStatus } from './socket';

export const realtimeEventReceived = createAction<RealtimeEvent>('realtime/eventReceived');

export interface SyncProgress {
  providerId: string;
  jobId?: string;
  /** 0..100; null while the total is unknown (sync.progress only counts what was read). */
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
  /** The latest events, newest first (the dashboard's activity feed). */
  activity: RealtimeEvent[];
}

const initialState: RealtimeState = { status: 'idle', sync: {}, activity: [] };

/** How a failed sync's `error: {code, message}` reads. */
export function errorText(e: { code: string; message: string } | undefined): string | undefined {
  if (!e) return undefined;
  return [e.code, e.message].filter(Boolean).join(': ') || undefined;
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
      if (evt.type === 'sync.progress') {
        const d = evt.data;
        state.sync[d.accountId] = {
          providerId: d.accountId,
          jobId: d.jobId ?? undefined,
          percent: null,
          processed: d.processed,
          state: 'running',
          updatedAt: evt.timestamp,
        };
      } else if (evt.type === 'sync.completed') {
        const d = evt.data;
        state.sync[d.accountId] =
          d.status === 'error'
            ? {
                providerId: d.accountId,
                jobId: d.jobId ?? undefined,
                percent: 100,
                state: 'failed',
                message: errorText(d.error),
                updatedAt: evt.timestamp,
              }
            : {
                providerId: d.accountId,
                jobId: d.jobId ?? undefined,
                percent: 100,
                processed: d.total,
                total: d.total,
                state: 'completed',
                updatedAt: evt.timestamp,
              };
      }
    });
  },
});

export const { connectionChanged, syncStarted, realtimeReset } = realtimeSlice.actions;
