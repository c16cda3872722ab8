// The JSON access log: one object per line with method, route, status, duration, request id
// and user id — and never passwords, tokens, API keys or invitation tokens (not even the
// WebSocket ?access_token=).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertOk } from '../lib/http.mjs';
import { WsClient } from '../lib/ws.mjs';
import { registerOwner, uniqueEmail, PASSWORD, sleep } from '../lib/fixtures.mjs';

test('access log lines are JSON with request id and user id, and contain no secrets', async () => {
  const srv = await startServer({ env: { CLOUDWEAVE_LOG_LEVEL: 'debug' } });
  const secrets = [PASSWORD];
  let meRequestId;
  let owner;
  try {
    owner = await registerOwner(srv);
    secrets.push(owner.accessToken, owner.refreshToken);
    const r = await srv.api().post('auth/refresh', { refreshToken: owner.refreshToken });
    secrets.push(r.body.data.accessToken, r.body.data.refreshToken);
    const me = await srv.api({ token: r.body.data.accessToken }).get('auth/me', { headers: { 'X-Request-ID': 'log-check-1' } });
    meRequestId = me.headers['x-request-id'];
    const api = srv.api({ token: r.body.data.accessToken });
    const key = assertOk(await api.post('api-keys', { name: 'logged', role: 'viewer' }), 201);
    secrets.push(key.key);
    await srv.api({ apiKey: key.key }).get('users');
    const inv = assertOk(await api.post('users', { email: uniqueEmail('loginv'), name: 'Inv', role: 'viewer' }), 201);
    secrets.push(inv.inviteToken);
    await srv.api().post('auth/accept-invite', { token: inv.inviteToken, password: 'Invited-Secret-99' });
    secrets.push('Invited-Secret-99');
    // A password change ends every session and answers with a new one, whose tokens are secrets too.
    const changed = assertOk(await api.post('users/me/password', { currentPassword: PASSWORD, newPassword: 'Another-Secret-77' }));
    secrets.push('Another-Secret-77', changed.accessToken, changed.refreshToken);
    await srv.api().post('auth/login', { email: owner.email, password: 'Wrong-Secret-55' });
    secrets.push('Wrong-Secret-55');
    const ws = await WsClient.open(srv.url, { query: `access_token=${encodeURIComponent(changed.accessToken)}` });
    await ws.next('auth.ok');
    ws.close();
    await sleep(300);
  } finally {
    await srv.stop();
  }
  const logs = srv.logs();
  for (const s of secrets) {
    assert.ok(!logs.includes(s), `a secret leaked into the log: ${s.slice(0, 12)}…`);
  }
  const lines = logs.split('\n').filter((l) => l.startsWith('[err] {') || l.startsWith('[out] {')).map((l) => JSON.parse(l.slice(6)));
  assert.ok(lines.length > 5, 'JSON log lines on stdout/stderr');
  const access = lines.find((l) => JSON.stringify(l).includes(meRequestId));
  assert.ok(access, `an access log line with request id ${meRequestId}`);
  const text = JSON.stringify(access);
  assert.match(text, /GET/);
  assert.match(text, /\/api\/v1\/auth\/me/);
  assert.match(text, /200/);
  assert.ok(text.includes(owner.user.id), 'user id in the access log line');
  assert.ok(Object.keys(access).some((k) => /dur|ms|latency/i.test(k)), 'a duration field');
});
