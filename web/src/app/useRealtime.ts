import { useEffect } from 'react';
import { useStore } from 'react-redux';
import { tokenStore } from '@/lib/auth/tokenStore';
import { refreshSession } from '@/lib/api/http';
import { RealtimeClient, defaultSocketUrl } from '@/lib/realtime/socket';
import { connectionChanged } from '@/lib/realtime/realtimeSlice';
import { createRealtimeBridge } from '@/lib/realtime/realtimeBridge';
import type { AppStore } from './store';

/** Keeps one authenticated WebSocket open while the user is signed in. */
export function useRealtime(enabled: boolean) {
  const store = useStore() as AppStore;
  useEffect(() => {
    if (!enabled || typeof WebSocket === 'undefined') return;
    const handle = createRealtimeBridge(store);
    const client = new RealtimeClient({
      url: defaultSocketUrl(),
      getToken: () => tokenStore.get()?.accessToken,
      onAuthFailed: () => refreshSession(),
      onEvent: handle,
      onStatus: (s) => store.dispatch(connectionChanged(s)),
    });
    client.start();
    return () => client.stop();
  }, [enabled, store]);
}
