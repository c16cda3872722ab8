import { vi } from 'vitest';

export interface MockCall {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: Record<string, string>;
}

/** A JSON envelope (`body`), or a file (`text` with its `contentType`, as exports answer). */
type Reply = { status?: number; body?: unknown; text?: string; contentType?: string; headers?: Record<string, string> } | undefined;
type Handler = (call: MockCall) => Reply | Promise<Reply>;

export function ok(data: unknown, meta?: unknown, status = 200) {
  return { status, body: { success: true, data, ...(meta ? { meta } : {}) } };
}

export function fail(status: number, code: string, message: string, details: unknown = null) {
  return { status, body: { success: false, error: { code, message, details, requestId: 'req-test', timestamp: new Date().toISOString() } } };
}

/**
 * Replaces fetch with a router over "METHOD /path" (path without /api/v1 and query).
 * Unmatched requests answer 404 "no such endpoint", like the real server.
 */
export function mockApi(routes: Record<string, Handler | Reply>) {
  const calls: MockCall[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const method = (init?.method ?? 'GET').toUpperCase();
    const path = url.pathname.replace(/^\/api\/v1/, '');
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const call: MockCall = {
      method,
      path,
      query: url.searchParams,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : init?.body,
      headers,
    };
    calls.push(call);
    const key = `${method} ${path}`;
    let entry = routes[key];
    if (entry === undefined) {
      const pattern = Object.keys(routes).find((k) => {
        const re = new RegExp(`^${k.replace(/:[^/]+/g, '[^/]+')}$`);
        return re.test(key);
      });
      if (pattern) entry = routes[pattern];
    }
    const reply = typeof entry === 'function' ? await entry(call) : entry;
    const r: NonNullable<Reply> = reply ?? fail(404, 'NOT_FOUND', `no such endpoint: ${url.pathname}`);
    if (r.status === 204) return new Response(null, { status: 204 });
    if ('text' in r && r.text !== undefined) return new Response(r.text, { status: r.status ?? 200, headers: { 'Content-Type': r.contentType ?? 'text/plain' } });
    return new Response(JSON.stringify(r.body ?? null), {
      status: r.status ?? 200,
      headers: { 'Content-Type': 'application/json', ...r.headers },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { calls, fetchMock, find: (method: string, path: string) => calls.filter((c) => c.method === method && c.path === path) };
}
