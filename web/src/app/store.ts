import { combineReducers, configureStore } from '@reduxjs/toolkit';
import { setupListeners } from '@reduxjs/toolkit/query';
import { api } from '@/lib/api/baseApi';
import { toastSlice } from '@/lib/toast/toastSlice';
import { realtimeSlice } from '@/lib/realtime/realtimeSlice';
import { notificationsListener } from '@/features/notifications';

const rootReducer = combineReducers({
  [api.reducerPath]: api.reducer,
  toasts: toastSlice.reducer,
  realtime: realtimeSlice.reducer,
});

export type RootState = ReturnType<typeof rootReducer>;

export function makeStore(preloadedState?: Partial<RootState>) {
  const store = configureStore({
    reducer: rootReducer,
    preloadedState: preloadedState as RootState | undefined,
    middleware: (gdm) =>
      gdm({ serializableCheck: false, immutableCheck: false }).prepend(notificationsListener.middleware).concat(api.middleware),
  });
  setupListeners(store.dispatch);
  return store;
}

export type AppStore = ReturnType<typeof makeStore>;
export type AppDispatch = AppStore['dispatch'];
