import { describe, expect, it, vi } from 'vitest';
import { apiRequest, onSessionExpired } from './http';
import { tokenStore } from '../auth/tokenStore';
import { fail, mockApi, ok } from '@/test/mockApi';

describe('apiRequest', () => {
  it('unwraps the envelope and returns list meta', async () => {
    mockApi({ 'GET /users': ok([{ id: 'u1' }], { limit: 50, nextCursor: null, total: 1 }) });
    const r = await apiRequest<{ id: string }[]>('/users');
    expect(r.data).toEqual([{ id: 'u1' }]);
    expect(r.meta?.total).toBe(1);
  });

  it('throws an ApiError carrying code, details and requestId', async () => {
    mockApi({ 'POST /auth/register': fail(400, 'VALIDATION_ERROR', 'invalid', { fields: { email: 'bad' } }) });
    await expect(apiRequest('/auth/register', { method: 'POST', body: {}, anonymous: true })).rejects.toMatchObject({
      status: 400,
      code: 'VALIDATION_ERROR',
      details: { fields: { email: 'bad' } },
      requestId: 'req-test',
    });
  });

  it('attaches the bearer token', async () => {
    tokenStore.set({ accessToken: 'A', refreshToken: 'R' });
    const m = mockApi({ 'GET /auth/me': ok({ id: 'me' }) });
    await apiRequest('/auth/me');
    expect(m.calls[0].headers.Authorization).toBe('Bearer A');
  });

  it('refreshes once on 401, stores the rotated pair and retries concurrent calls', async () => {
    tokenStore.set({ accessToken: 'old', refreshToken: 'r1' });
    let refreshes = 0;
    const m = mockApi({
      'GET /auth/me': (c) => (c.headers.Authorization === 'Bearer new' ? ok({ id: 'me' }) : fail(401, 'AUTHENTICATION_ERROR', 'expired')),
      'GET /users': (c) => (c.headers.Authorization === 'Bearer new' ? ok([]) : fail(401, 'AUTHENTICATION_ERROR', 'expired')),
      'POST /auth/refresh': async (c) => {
        refreshes += 1;
        expect(c.body).toEqual({ refreshToken: 'r1' });
        await new Promise((r) => setTimeout(r, 10));
        return ok({ accessToken: 'new', refreshToken: 'r2', expiresIn: 900 });
      },
    });
    const [a, b] = await Promise.all([apiRequest('/auth/me'), apiRequest('/users')]);
    expect(a.data).toEqual({ id: 'me' });
    expect(b.data).toEqual([]);
    expect(refreshes).toBe(1);
    expect(tokenStore.get()).toEqual({ accessToken: 'new', refreshToken: 'r2' });
    expect(m.find('POST', '/auth/refresh')).toHaveLength(1);
  });

  it('ends the session when the refresh token is rejected', async () => {
    tokenStore.set({ accessToken: 'old', refreshToken: 'revoked' });
    const expired = vi.fn();
    const off = onSessionExpired(expired);
    mockApi({
      'GET /auth/me': fail(401, 'AUTHENTICATION_ERROR', 'expired'),
      'POST /auth/refresh': fail(401, 'AUTHENTICATION_ERROR', 'token reuse'),
    });
    await expect(apiRequest('/auth/me')).rejects.toMatchObject({ status: 401 });
    expect(tokenStore.get()).toBeNull();
    expect(expired).toHaveBeenCalledTimes(1);
    off();
  });

  it('does not try to refresh anonymous calls', async () => {
    const m = mockApi({ 'POST /auth/login': fail(401, 'AUTHENTICATION_ERROR', 'wrong password') });
    await expect(apiRequest('/auth/login', { method: 'POST', body: {}, anonymous: true })).rejects.toMatchObject({ code: 'AUTHENTICATION_ERROR' });
    expect(m.find('POST', '/auth/refresh')).toHaveLength(0);
  });

  it('reports a network failure as NETWORK_ERROR', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch'); }));
    await expect(apiRequest('/health')).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
  });
});
