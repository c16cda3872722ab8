// HTTP hardening: security headers, X-Request-ID, CORS, keep-alive, and malformed requests
// over raw sockets (bad request line, huge headers, bad Content-Length, invalid UTF-8,
// wrong content type, truncated body, path traversal) — after which /health still answers.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertError, assertOk } from '../lib/http.mjs';
import { rawExchange, rawJson } from '../lib/raw.mjs';
import { registerOwner, PASSWORD } from '../lib/fixtures.mjs';

const ALLOWED = 'https://app.example.com';
const ALLOWED2 = 'http://localhost:5173';
const EVIL = 'https://evil.example.net';

function checkSecurityHeaders(res, where) {
  const h = res.headers;
  assert.equal(h['x-content-type-options'], 'nosniff', `${where}: X-Content-Type-Options`);
  assert.equal(h['x-frame-options'], 'DENY', `${where}: X-Frame-Options`);
  assert.ok(h['referrer-policy'], `${where}: Referrer-Policy`);
  assert.match(h['referrer-policy'], /^(no-referrer|strict-origin-when-cross-origin|same-origin|strict-origin)$/);
  assert.ok(h['content-security-policy'], `${where}: Content-Security-Policy`);
  assert.match(h['content-security-policy'], /default-src/);
  assert.ok(!h['strict-transport-security'], `${where}: no HSTS over plain HTTP`);
  assert.ok(h['x-request-id'], `${where}: X-Request-ID`);
  assert.ok(!/boost|beast/i.test(h.server || ''), `${where}: Server header must not advertise the stack`);
}

describe('HTTP hardening', () => {
  let srv, owner;
  before(async () => {
    srv = await startServer({
      env: { CLOUDWEAVE_CORS_ORIGINS: `${ALLOWED},${ALLOWED2}`, CLOUDWEAVE_MAX_BODY_BYTES: '16384' },
    });
    owner = await registerOwner(srv);
  });
  after(async () => {
    await srv?.stop();
  });

  test('security headers on success, error, auth failure and metrics responses', async () => {
    checkSecurityHeaders(await srv.api().get('/api/v1/health'), 'health');
    checkSecurityHeaders(await srv.api().get('/api/v1/nope'), '404');
    checkSecurityHeaders(await srv.api().get('/api/v1/auth/me'), '401');
    checkSecurityHeaders(await owner.api.get('auth/me'), 'me');
    checkSecurityHeaders(await srv.api().get('/metrics'), 'metrics');
    checkSecurityHeaders(await srv.api().post('auth/login', { email: owner.email, password: PASSWORD }), 'login');
  });

  test('JSON responses say application/json and API responses are not cached', async () => {
    const res = await owner.api.get('auth/me');
    assert.match(res.headers['content-type'], /^application\/json/);
    assert.match(res.headers['cache-control'] || '', /no-store/, 'authenticated API responses: Cache-Control no-store');
  });

  test('X-Request-ID: a sane one is echoed, otherwise one is generated', async () => {
    const echoed = await srv.api().get('/api/v1/health', { headers: { 'X-Request-ID': 'abc-123_XYZ.9' } });
    assert.equal(echoed.headers['x-request-id'], 'abc-123_XYZ.9');
    const a = await srv.api().get('/api/v1/health');
    const b = await srv.api().get('/api/v1/health');
    assert.ok(a.headers['x-request-id'] && b.headers['x-request-id']);
    assert.notEqual(a.headers['x-request-id'], b.headers['x-request-id'], 'generated ids are unique');
    for (const insane of ['x'.repeat(300), 'has spaces in it', 'semi;colon<script>', '']) {
      const r = await srv.api().get('/api/v1/health', { headers: { 'X-Request-ID': insane } });
      assert.ok(r.headers['x-request-id'], 'an id is generated');
      assert.notEqual(r.headers['x-request-id'], insane, `insane id ${JSON.stringify(insane.slice(0, 20))} must be replaced`);
      assert.ok(r.headers['x-request-id'].length <= 128);
    }
  });

  test('CORS: an allowed origin gets Access-Control-Allow-Origin, others do not', async () => {
    const ok = await srv.api().get('/api/v1/health', { headers: { Origin: ALLOWED } });
    assert.equal(ok.headers['access-control-allow-origin'], ALLOWED);
    assert.match(ok.headers.vary || '', /origin/i, 'Vary: Origin');
    const ok2 = await srv.api().get('/api/v1/health', { headers: { Origin: ALLOWED2 } });
    assert.equal(ok2.headers['access-control-allow-origin'], ALLOWED2);

    const bad = await srv.api().get('/api/v1/health', { headers: { Origin: EVIL } });
    assert.equal(bad.status, 200, 'a simple request from another origin is still answered (the browser blocks it)');
    assert.equal(bad.headers['access-control-allow-origin'], undefined);
    assert.equal(bad.headers['access-control-allow-credentials'], undefined);

    const none = await srv.api().get('/api/v1/health');
    assert.equal(none.headers['access-control-allow-origin'], undefined);
    // Never a wildcard, never a reflected prefix match.
    const prefix = await srv.api().get('/api/v1/health', { headers: { Origin: `${ALLOWED}.evil.net` } });
    assert.equal(prefix.headers['access-control-allow-origin'], undefined);
  });

  test('CORS preflight: allowed origin gets methods and headers; disallowed gets nothing', async () => {
    const pre = await srv.api().request('OPTIONS', '/api/v1/users', {
      headers: {
        Origin: ALLOWED,
        'Access-Control-Request-Method': 'PATCH',
        'Access-Control-Request-Headers': 'authorization, content-type, x-request-id',
      },
    });
    assert.ok([200, 204].includes(pre.status), `preflight status ${pre.status}`);
    assert.equal(pre.headers['access-control-allow-origin'], ALLOWED);
    assert.match(pre.headers['access-control-allow-methods'] || '', /PATCH/);
    const allowHeaders = (pre.headers['access-control-allow-headers'] || '').toLowerCase();
    assert.match(allowHeaders, /authorization/);
    assert.match(allowHeaders, /content-type/);
    assert.ok(Number(pre.headers['access-control-max-age'] || 0) >= 0);

    const evil = await srv.api().request('OPTIONS', '/api/v1/users', {
      headers: { Origin: EVIL, 'Access-Control-Request-Method': 'DELETE' },
    });
    assert.equal(evil.headers['access-control-allow-origin'], undefined);
    assert.equal(evil.headers['access-control-allow-methods'], undefined);
    assert.ok(evil.status < 500);
  });

  test('keep-alive: two pipelined requests on one connection are both answered', async () => {
    const req = 'GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\n\r\n';
    const last = 'GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n';
    const res = await rawExchange(srv.port, req + last);
    const statuses = [...res.text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => m[1]);
    assert.deepEqual(statuses, ['200', '200']);
    assert.ok(res.closedByServer, 'Connection: close honoured');
  });

  test('garbage request line → 400 and the connection is closed', async () => {
    for (const bytes of ['GARBAGE\r\n\r\n', 'GET\r\n\r\n', '\x00\x01\x02\x03 nonsense\r\n\r\n']) {
      const res = await rawExchange(srv.port, bytes);
      assert.equal(res.status, 400, `${JSON.stringify(bytes)} → ${res.text.slice(0, 100)}`);
      assert.ok(res.closedByServer, `${JSON.stringify(bytes)}: connection closed`);
    }
  });

  test('invalid header syntax and bad Content-Length → 400', async () => {
    const cases = [
      'GET /api/v1/health HTTP/1.1\r\nHost: x\r\nBad Header Without Colon\r\n\r\n',
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}',
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: -5\r\n\r\n{}',
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 7\r\n\r\n{}',
    ];
    for (const bytes of cases) {
      const res = await rawExchange(srv.port, bytes);
      assert.equal(res.status, 400, `${JSON.stringify(bytes.slice(0, 80))} → ${res.text.slice(0, 100)}`);
      assert.ok(res.closedByServer);
    }
  });

  test('64 KB of headers → 431 and the connection is closed', async () => {
    const bytes = `GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`;
    const res = await rawExchange(srv.port, bytes);
    assert.equal(res.status, 431, res.text.slice(0, 100));
    assert.ok(res.closedByServer);
    // Many small headers adding up also count.
    let many = 'GET /api/v1/health HTTP/1.1\r\nHost: x\r\n';
    for (let i = 0; i < 2000; i++) many += `X-H${i}: ${'b'.repeat(30)}\r\n`;
    const res2 = await rawExchange(srv.port, many + '\r\n');
    assert.equal(res2.status, 431, res2.text.slice(0, 100));
  });

  test('a Content-Length over the limit is refused with 413 before the body arrives', async () => {
    const bytes =
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n{"a":';
    const res = await rawExchange(srv.port, bytes, { timeoutMs: 5000 });
    assert.equal(res.status, 413, res.text.slice(0, 200));
    assert.equal(rawJson(res).error.code, 'PAYLOAD_TOO_LARGE');
  });

  test('a chunked body over the limit is also 413', async () => {
    const chunk = 'x'.repeat(8000);
    let bytes = 'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n';
    for (let i = 0; i < 4; i++) bytes += `${chunk.length.toString(16)}\r\n${chunk}\r\n`;
    bytes += '0\r\n\r\n';
    const res = await rawExchange(srv.port, bytes);
    assert.equal(res.status, 413, res.text.slice(0, 200));
  });

  test('invalid UTF-8 in a JSON body over a raw socket → 400 INVALID_JSON', async () => {
    const body = Buffer.concat([Buffer.from('{"email":"'), Buffer.from([0xc0, 0xaf, 0xed, 0xa0, 0x80]), Buffer.from('","password":"0123456789ab"}')]);
    const head = `POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
    const res = await rawExchange(srv.port, Buffer.concat([Buffer.from(head), body]));
    assert.equal(res.status, 400, res.text.slice(0, 200));
    assert.equal(rawJson(res).error.code, 'INVALID_JSON');
  });

  test('wrong content type over a raw socket → 415', async () => {
    const body = 'email=a@b.c&password=0123456789';
    const head = `POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
    const res = await rawExchange(srv.port, head + body);
    assert.equal(res.status, 415, res.text.slice(0, 200));
    assert.equal(rawJson(res).error.code, 'UNSUPPORTED_MEDIA_TYPE');
  });

  test('a client that sends half a body and hangs up does not hurt the server', async () => {
    const head = 'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"email":';
    await rawExchange(srv.port, head, { timeoutMs: 300, halfClose: true });
    await rawExchange(srv.port, 'GET /api/v1/hea', { timeoutMs: 200 });
    assert.equal((await srv.api().get('/api/v1/health')).status, 200);
  });

  test('path traversal and odd paths never escape or 5xx', async () => {
    for (const p of ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2f..%2fetc%2fpasswd', '/static/..%5c..%5cetc/passwd', '/api/v1/users/%00', '/%ff%fe', '//api//v1//health']) {
      const res = await rawExchange(srv.port, `GET ${p} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      assert.ok(res.status && res.status < 500, `${p} → ${res.status}`);
      assert.doesNotMatch(res.text, /root:.*:0:0:/, `${p} leaked /etc/passwd`);
    }
  });

  test('the server still answers /health after all of the above', async () => {
    const res = await srv.api().get('/api/v1/health');
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'ok');
    assertOk(await owner.api.get('auth/me'));
    assert.equal(srv.child.exitCode, null, 'process still running');
  });
});
