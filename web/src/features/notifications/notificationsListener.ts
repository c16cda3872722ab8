import { createListenerMiddleware, type ThunkAction, type ThunkDispatch, type UnknownAction } from '@reduxjs/toolkit';
import { api } from '@/lib/api/baseApi';
import type { ConnectionStatus } from '@/lib/realtime/socket';
import { connectionChanged, realtimeEventReceived } from '@/lib/realtime/realtimeSlice';
import { editCenter } from './api/notificationsApi';
import { prependNotification } from './center';

/** The store state the center's cache edits need (the API slice with this feature's endpoints). */
type CenterState = ReturnType<typeof editCenter> extends ThunkAction<unknown, infer S, unknown, UnknownAction> ? S : never;

/**
 * Keeps the cached notification center in step with the WebSocket: a `notification` event (a new,
 * persisted entry of this user's center) goes on top and counts as unread at once; after a
 * reconnect the center is refetched, since events sent while the socket was down are lost.
 * The app adds `notificationsListener.middleware` to its store.
 */
export const notificationsListener = createListenerMiddleware<CenterState, ThunkDispatch<CenterState, unknown, UnknownAction>>();

notificationsListener.startListening({
  actionCreator: realtimeEventReceived,
  effect: ({ payload: evt }, { dispatch }) => {
    if (evt.type !== 'notification') return;
    dispatch(editCenter((center) => prependNotification(center, evt.data)));
  },
});

notificationsListener.startListening({
  actionCreator: connectionChanged,
  effect: ({ payload: status }, { dispatch, getOriginalState }) => {
    const before = (getOriginalState() as { realtime?: { status?: ConnectionStatus } }).realtime?.status;
    if (status === 'open' && before === 'reconnecting') dispatch(api.util.invalidateTags(['Notification']));
  },
});
