// Graceful shutdown: SIGTERM → open WebSockets closed with 1001, in-flight work finishes,
// the process exits 0, the port is released.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer } from '../lib/server.mjs';
import { WsClient } from '../lib/ws.mjs';
import { registerOwner, sleep, within } from '../lib/fixtures.mjs';

test('SIGTERM closes WebSockets with 1001 and exits 0', async () => {
  const srv = await startServer();
  try {
    const owner = await registerOwner(srv);
    const ws = await WsClient.open(srv.url);
    await ws.auth(owner.accessToken);
    const unauth = await WsClient.open(srv.url);
    // An idle keep-alive HTTP connection must not hold the shutdown up.
    const idle = net.connect(srv.port, '127.0.0.1');
    await new Promise((r) => idle.on('connect', r));
    idle.write('GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n');
    await sleep(100);

    const t0 = Date.now();
    srv.child.kill('SIGTERM');
    const closed = await within(ws.closed, 10000);
    assert.ok(closed, 'WebSocket closed after SIGTERM');
    assert.equal(closed.code, 1001, `close code ${closed.code}`);
    const closed2 = await within(unauth.closed, 10000);
    assert.ok(closed2, 'unauthenticated WebSocket closed too');
    const exit = await within(srv.exited, 15000);
    assert.ok(exit, 'process exited within 15 s');
    assert.equal(exit.code, 0, `exit code ${exit.code} signal ${exit.signal}`);
    assert.ok(Date.now() - t0 < 15000);
    idle.destroy();
    // The port is free again.
    await new Promise((resolve, reject) => {
      const s = net.createServer();
      s.once('error', reject);
      s.listen(srv.port, '127.0.0.1', () => s.close(resolve));
    });
  } finally {
    await srv.stop();
  }
});

test('SIGTERM lets an in-flight request finish', async () => {
  const srv = await startServer();
  try {
    // Registration hashes a password (argon2id) — slow enough to be in flight.
    const pending = srv
      .api()
      .post('auth/register', { email: `inflight-${Date.now()}@example.com`, name: 'In Flight', password: 'correct-horse-battery' })
      .then((r) => r.status, (e) => e);
    await sleep(30);
    srv.child.kill('SIGTERM');
    const status = await pending;
    assert.ok(status === 201 || status === 503, `in-flight request answered (got ${status})`);
    const exit = await within(srv.exited, 15000);
    assert.ok(exit && exit.code === 0, `exit ${JSON.stringify(exit)}`);
  } finally {
    await srv.stop();
  }
});

test('SIGINT also shuts down cleanly', async () => {
  const srv = await startServer();
  srv.child.kill('SIGINT');
  const exit = await within(srv.exited, 15000);
  assert.ok(exit && exit.code === 0, `exit ${JSON.stringify(exit)}`);
  await srv.stop();
});

test('SIGTERM answers a request already on its way over a keep-alive connection (Connection: close)', async () => {
  const srv = await startServer();
  try {
    const conn = net.connect(srv.port, '127.0.0.1');
    await new Promise((r) => conn.on('connect', r));
    let received = '';
    conn.on('data', (b) => (received += b.toString()));
    const closed = new Promise((r) => conn.on('close', r));
    // A first request on the connection, answered: the connection is now an idle keep-alive one.
    conn.write('GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n');
    for (let i = 0; i < 200 && !received.includes('"status"'); i++) await sleep(10);
    assert.match(received, /^HTTP\/1\.1 200/);
    received = '';
    // The next request has begun to arrive when shutdown starts; it completes after.
    conn.write('GET /api/v1/health HTTP/1.1\r\nHost: x\r\n');
    await sleep(100);
    srv.child.kill('SIGTERM');
    await sleep(200);
    conn.write('X-After: shutdown-began\r\n\r\n');
    const ended = await within(closed, 10000, 'timeout');
    assert.notEqual(ended, 'timeout', `the server closed the connection after answering: ${JSON.stringify(received.slice(0, 300))}`);
    assert.match(received, /^HTTP\/1\.1 200/, `answered, not dropped: ${JSON.stringify(received.slice(0, 200))}`);
    assert.match(received, /\r\nConnection: close\r\n/i);
    const exit = await within(srv.exited, 15000);
    assert.equal(exit?.code, 0);
  } finally {
    await srv.stop();
  }
});
