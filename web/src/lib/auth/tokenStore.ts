/**
 * Holds the access/refresh token pair. Persisted in localStorage so a reload keeps the session;
 * listeners are told about every change (including from other tabs) so the UI and the
 * WebSocket follow along.
 */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

const KEY = 'cw.session';
type Listener = (tokens: TokenPair | null) => void;

let current: TokenPair | null = read();
const listeners = new Set<Listener>();

function read(): TokenPair | null {
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<TokenPair>;
    if (typeof parsed.accessToken === 'string' && typeof parsed.refreshToken === 'string') {
      return { accessToken: parsed.accessToken, refreshToken: parsed.refreshToken };
    }
  } catch {
    /* corrupted storage: treat as signed out */
  }
  return null;
}

function emit() {
  for (const l of listeners) l(current);
}

export const tokenStore = {
  get(): TokenPair | null {
    return current;
  },
  set(tokens: TokenPair | null) {
    current = tokens;
    try {
      if (tokens) globalThis.localStorage?.setItem(KEY, JSON.stringify(tokens));
      else globalThis.localStorage?.removeItem(KEY);
    } catch {
      /* private mode: keep in memory only */
    }
    emit();
  },
  clear() {
    tokenStore.set(null);
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /** Re-reads storage; used when another tab changed the session. */
  reload() {
    current = read();
    emit();
  },
};

if (typeof window !== 'undefined') {
  window.addEventListener('storage', (e) => {
    if (e.key === KEY) tokenStore.reload();
  });
}
