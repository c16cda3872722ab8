import { tokenStore, type TokenPair } from '../auth/tokenStore';
import { ApiError } from './errors';
import type { PageMeta } from './types';

export const API_BASE = '/api/v1';

export interface RequestOptions {
  method?: string;
  body?: unknown;
  params?: Record<string, string | number | boolean | undefined | null>;
  signal?: AbortSignal;
  /** Do not attach the token nor try a refresh (login, register, refresh itself). */
  anonymous?: boolean;
  /** Send this file as the body, streamed as is, instead of JSON (`body` is then ignored). */
  upload?: { file: Blob; contentType: string };
  /** Extra request headers (a protocol's own, such as tus's). */
  headers?: Record<string, string>;
}

export interface ApiResult<T> {
  data: T;
  meta?: PageMeta & Record<string, unknown>;
  status: number;
  requestId?: string;
}

type SessionEndListener = () => void;
const sessionEndListeners = new Set<SessionEndListener>();

/** Called when the session cannot be refreshed any more (the user must sign in again). */
export function onSessionExpired(listener: SessionEndListener): () => void {
  sessionEndListeners.add(listener);
  return () => sessionEndListeners.delete(listener);
}

export function buildUrl(path: string, params?: RequestOptions['params']): string {
  const qs = new URLSearchParams();
  if (params) {
    for (const [k, v] of Object.entries(params)) {
      if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
    }
  }
  const q = qs.toString();
  return `${API_BASE}${path}${q ? `?${q}` : ''}`;
}

let refreshInFlight: Promise<TokenPair | null> | null = null;

/**
 * Exchanges the refresh token for a new pair. Concurrent callers share one request, because
 * the server rotates refresh tokens: a second exchange of the same token would revoke the family.
 */
export function refreshSession(): Promise<TokenPair | null> {
  if (refreshInFlight) return refreshInFlight;
  const tokens = tokenStore.get();
  if (!tokens) return Promise.resolve(null);
  refreshInFlight = (async () => {
    try {
      const res = await fetch(buildUrl('/auth/refresh'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ refreshToken: tokens.refreshToken }),
      });
      if (!res.ok) {
        // Another tab may have rotated the pair meanwhile; only clear if it is still ours.
        if (tokenStore.get()?.refreshToken === tokens.refreshToken) {
          tokenStore.clear();
          for (const l of sessionEndListeners) l();
        }
        return tokenStore.get();
      }
      const body = (await res.json()) as { data?: Partial<TokenPair> };
      const next = body.data;
      if (!next?.accessToken || !next.refreshToken) throw new Error('bad refresh response');
      const pair = { accessToken: next.accessToken, refreshToken: next.refreshToken };
      tokenStore.set(pair);
      return pair;
    } catch {
      // Network failure: keep the tokens, the next call will try again.
      return null;
    } finally {
      refreshInFlight = null;
    }
  })();
  return refreshInFlight;
}

async function send(path: string, opts: RequestOptions, token?: string): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  if (opts.upload) headers['Content-Type'] = opts.upload.contentType;
  else if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  return fetch(buildUrl(path, opts.params), {
    method: opts.method ?? 'GET',
    headers,
    body: opts.upload ? opts.upload.file : opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
    signal: opts.signal,
  });
}

async function parse<T>(res: Response): Promise<ApiResult<T>> {
  const requestId = res.headers.get('X-Request-ID') ?? undefined;
  if (res.status === 204) return { data: undefined as T, status: 204, requestId };
  let body: unknown = null;
  const text = await res.text();
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  const envelope = (body ?? {}) as {
    success?: boolean;
    data?: T;
    meta?: ApiResult<T>['meta'];
    error?: { code?: string; message?: string; details?: unknown; requestId?: string };
  };
  if (!res.ok || envelope.success === false) {
    const err = envelope.error ?? {};
    throw new ApiError({
      status: res.status,
      code: err.code ?? (res.status >= 500 ? 'INTERNAL_ERROR' : 'HTTP_ERROR'),
      message: err.message ?? defaultMessage(res.status),
      details: err.details,
      requestId: err.requestId ?? requestId,
    });
  }
  return { data: envelope.data as T, meta: envelope.meta, status: res.status, requestId };
}

function defaultMessage(status: number): string {
  if (status === 404) return 'Not found';
  if (status === 401) return 'Your session has expired';
  if (status === 403) return 'You do not have permission to do that';
  if (status === 429) return 'Too many requests — try again shortly';
  if (status >= 500) return 'The server could not complete the request';
  return `Request failed (${status})`;
}

/** Sends with the session's token; a 401 triggers one silent refresh (shared) and a single retry. */
async function sendAuthorized(path: string, opts: RequestOptions): Promise<Response> {
  const sentToken = opts.anonymous ? undefined : tokenStore.get()?.accessToken;
  try {
    let res = await send(path, opts, sentToken);
    if (res.status === 401 && sentToken) {
      // If someone refreshed while we were in flight, just retry with the new token.
      const latest = tokenStore.get()?.accessToken;
      const pair = latest && latest !== sentToken ? tokenStore.get() : await refreshSession();
      if (pair && pair.accessToken !== sentToken) res = await send(path, opts, pair.accessToken);
    }
    return res;
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e;
    throw new ApiError({ status: 0, code: 'NETWORK_ERROR', message: 'Cannot reach the CloudWeave server' });
  }
}

/** Calls the API and unwraps the envelope. */
export async function apiRequest<T>(path: string, opts: RequestOptions = {}): Promise<ApiResult<T>> {
  return parse<T>(await sendAuthorized(path, opts));
}

/** The raw answer (its headers included), with the token and the refresh-on-401 of every call. */
export async function apiFetch(path: string, opts: RequestOptions = {}): Promise<Response> {
  return sendAuthorized(path, opts);
}

/** Throws the API's error of a failed raw answer (apiFetch) as ApiError. */
export async function throwApiError(res: Response): Promise<never> {
  await parse<unknown>(res);
  throw new ApiError({ status: res.status, code: 'UNEXPECTED', message: `Unexpected answer ${res.status}` });
}

/** A file the API answers with (an export): its bytes, or the API's error thrown as ApiError. */
export async function apiDownload(path: string, opts: RequestOptions = {}): Promise<Blob> {
  const res = await sendAuthorized(path, opts);
  if (!res.ok) await parse<unknown>(res);
  return res.blob();
}
