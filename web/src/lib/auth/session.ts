import { useSyncExternalStore } from 'react';
import { tokenStore, type TokenPair } from './tokenStore';

export function useTokens(): TokenPair | null {
  return useSyncExternalStore(tokenStore.subscribe, tokenStore.get, tokenStore.get);
}

export function useIsAuthenticated(): boolean {
  return useTokens() !== null;
}

export function startSession(result: { accessToken: string; refreshToken: string }) {
  tokenStore.set({ accessToken: result.accessToken, refreshToken: result.refreshToken });
}
