// The contract itself: api/openapi.yaml lints clean, the server serves the same document,
// and the operational endpoints (health, metrics) answer as described.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { lintSpec } from '../lib/lint.mjs';
import { loadSpecRaw } from '../lib/openapi.mjs';
import { startServer } from '../lib/server.mjs';
import { assertError, assertOk } from '../lib/http.mjs';
import { execFileSync } from 'node:child_process';
import { registerOwner, waitFor } from '../lib/fixtures.mjs';
import { WsClient } from '../lib/ws.mjs';

test('api/openapi.yaml is a valid OpenAPI 3.0 document', async () => {
  const problems = await lintSpec();
  assert.deepEqual(problems, []);
});

describe('operations endpoints', () => {
  let srv;
  before(async () => {
    srv = await startServer();
  });
  after(async () => {
    await srv?.stop();
  });

  test('GET /api/v1/openapi.json serves api/openapi.yaml', async () => {
    const res = await srv.api().get('/api/v1/openapi.json');
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'], /^application\/json/);
    assert.deepEqual(res.body, JSON.parse(JSON.stringify(loadSpecRaw())));
  });

  test('GET /api/v1/health is ok, unwrapped, no auth needed', async () => {
    const res = await srv.api().get('/api/v1/health');
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'], /^application\/json/);
    assert.equal(res.body.status, 'ok');
    assert.equal(res.body.success, undefined, 'health is not wrapped in the envelope');
    assert.equal(res.body.checks.database, 'ok');
    const expectRedis = process.env.CLOUDWEAVE_TEST_REDIS_URL ? 'ok' : 'disabled';
    assert.equal(res.body.checks.redis, expectRedis);
    assert.ok(res.body.version.length > 0);
  });

  test('GET /metrics is Prometheus text with cloudweave_http_requests_total', async () => {
    await srv.api().get('/api/v1/health');
    await srv.api().get('/api/v1/no-such-route');
    const res = await srv.api().get('/metrics');
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'], /^text\/plain/);
    assert.match(res.text, /^# (HELP|TYPE) cloudweave_http_requests_total/m);
    const lines = res.text.split('\n').filter((l) => l.startsWith('cloudweave_http_requests_total{'));
    assert.ok(lines.length > 0, 'no cloudweave_http_requests_total samples');
    for (const l of lines) assert.match(l, /^cloudweave_http_requests_total\{[^}]*\} \d+(\.\d+)?(e[+-]?\d+)?$/, l);
    assert.ok(lines.some((l) => /status="200"/.test(l)), 'a status="200" sample');
    assert.ok(lines.some((l) => /status="404"/.test(l)), 'a status="404" sample');
    // Route label is the route template, never a raw path with ids (cardinality).
    assert.ok(!lines.some((l) => /route="[^"]*no-such-route/.test(l)), 'unknown paths must not become route labels');
    assert.match(res.text, /^cloudweave_http_request_duration_seconds_bucket\{/m, 'latency histogram');
    assert.match(res.text, /^# TYPE cloudweave_http_request_duration_seconds histogram/m);
    // Every non-comment line is a valid sample line.
    for (const l of res.text.split('\n')) {
      if (!l || l.startsWith('#')) continue;
      assert.match(l, /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})? (-?[0-9.eE+-]+|[+-]Inf|NaN)( -?\d+)?$/, `bad sample line: ${l}`);
    }
  });

  test('/metrics has the DB pool, WebSocket session and process RSS gauges', async () => {
    const value = (text, name) => {
      const m = text.match(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm'));
      return m ? Number(m[1]) : undefined;
    };
    const owner = await registerOwner(srv);
    const before = (await srv.api().get('/metrics')).text;
    for (const name of ['cloudweave_db_pool_connections', 'cloudweave_db_pool_in_use', 'cloudweave_db_pool_waiting', 'cloudweave_http_open_connections', 'cloudweave_ws_sessions', 'process_resident_memory_bytes']) {
      assert.ok(value(before, name) !== undefined, `${name} missing`);
    }
    assert.ok(value(before, 'process_resident_memory_bytes') > 1e6, 'RSS in bytes');
    const ws = await WsClient.open(srv.url);
    await ws.auth(owner.accessToken);
    const during = (await srv.api().get('/metrics')).text;
    assert.equal(value(during, 'cloudweave_ws_sessions'), value(before, 'cloudweave_ws_sessions') + 1);
    ws.close();
    await ws.closed;
    await waitFor(async () => value((await srv.api().get('/metrics')).text, 'cloudweave_ws_sessions') === value(before, 'cloudweave_ws_sessions'), { what: 'ws session gauge back down' });
  });

  test('unknown route under /api/v1 is a 404 NOT_FOUND in the error format', async () => {
    assertError(await srv.api().get('/api/v1/definitely-not-here'), 404, 'NOT_FOUND');
  });
});

// Only with PostgreSQL: pull the database away under a running server.
test('health is 503 "degraded" and the API answers 503 SERVICE_UNAVAILABLE when the database is gone', {
  skip: process.env.CLOUDWEAVE_TEST_DATABASE_URL ? false : 'needs CLOUDWEAVE_TEST_DATABASE_URL',
}, async () => {
  const srv = await startServer();
  try {
    const owner = await registerOwner(srv);
    assertOk(await owner.api.get('auth/me'));
    const dbName = new URL(srv.env.CLOUDWEAVE_DATABASE_URL).pathname.slice(1);
    execFileSync('psql', [process.env.CLOUDWEAVE_TEST_DATABASE_URL, '-qAt', '-c', `DROP DATABASE ${dbName} WITH (FORCE)`]);
    const h = await srv.api().get('/api/v1/health');
    assert.equal(h.status, 503, h.text);
    assert.equal(h.body.status, 'degraded');
    assert.equal(h.body.checks.database, 'error');
    // A read of the database itself (the signed-in user is served from a 2-second cache).
    const members = await owner.api.get('users');
    assertError(members, 503, 'SERVICE_UNAVAILABLE');
    assert.doesNotMatch(members.text, /does not exist|FATAL|postgres/i, 'no driver messages leak');
    // Once the cached user expires, authentication itself needs the database.
    await new Promise((r) => setTimeout(r, 2100));
    assertError(await owner.api.get('auth/me'), 503, 'SERVICE_UNAVAILABLE');
  } finally {
    await srv.stop();
  }
});
