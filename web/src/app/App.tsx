import { useEffect, useMemo } from 'react';
import { Provider } from 'react-redux';
import { RouterProvider } from 'react-router';
import { Toaster } from '@/components/Toaster';
import { onSessionExpired } from '@/lib/api/http';
import { api } from '@/lib/api/baseApi';
import { toastAdded } from '@/lib/toast/toastSlice';
import { makeStore, type AppStore } from './store';
import { createAppRouter } from './routes';

export function App({ store: given }: { store?: AppStore }) {
  const store = useMemo(() => given ?? makeStore(), [given]);
  const router = useMemo(() => createAppRouter(store), [store]);
  useEffect(
    () =>
      onSessionExpired(() => {
        store.dispatch(api.util.resetApiState());
        store.dispatch(toastAdded({ tone: 'warning', title: 'Your session has ended', description: 'Sign in again to continue.' }));
      }),
    [store],
  );
  return (
    <Provider store={store}>
      <RouterProvider router={router} />
      <Toaster />
    </Provider>
  );
}
