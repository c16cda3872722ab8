// Static files (the web UI build): served at /, SPA fallback to index.html for client routes,
// correct content types, caching headers, precompressed .gz, never shadowing the API.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startServer } from '../lib/server.mjs';
import { assertError } from '../lib/http.mjs';
import { rawExchange } from '../lib/raw.mjs';

const INDEX = '<!doctype html><html><head><title>CloudWeave test</title></head><body><div id="root"></div></body></html>\n';
const JS = `console.log(${JSON.stringify('x'.repeat(2000))});\n`;
const CSS = 'body { color: #123456; }\n';
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>\n';

describe('static files', () => {
  let srv, dir;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cw-web-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), INDEX);
    writeFileSync(join(dir, 'assets', 'app-3f9a1c2b.js'), JS);
    writeFileSync(join(dir, 'assets', 'app-3f9a1c2b.js.gz'), gzipSync(Buffer.from(JS)));
    writeFileSync(join(dir, 'assets', 'style-0a1b2c3d.css'), CSS);
    writeFileSync(join(dir, 'favicon.svg'), SVG);
    srv = await startServer({ env: { CLOUDWEAVE_WEB_DIR: dir } });
  });
  after(async () => {
    await srv?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (path, headers = {}) => srv.api().get(path, { headers, validate: false });

  test('GET / serves index.html as text/html, not cached long', async () => {
    const res = await get('/');
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'], /^text\/html/);
    assert.equal(res.text, INDEX);
    assert.ok(res.headers['cache-control'], 'Cache-Control on index.html');
    assert.doesNotMatch(res.headers['cache-control'], /immutable|max-age=[1-9]/, 'index.html must revalidate');
    assert.ok(res.headers['content-security-policy']);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
  });

  test('content types and long caching for hashed assets', async () => {
    const js = await get('/assets/app-3f9a1c2b.js');
    assert.equal(js.status, 200);
    assert.match(js.headers['content-type'], /^(application|text)\/javascript/);
    assert.equal(js.text, JS);
    assert.match(js.headers['cache-control'] || '', /max-age=\d{5,}/);
    const css = await get('/assets/style-0a1b2c3d.css');
    assert.match(css.headers['content-type'], /^text\/css/);
    const svg = await get('/favicon.svg');
    assert.match(svg.headers['content-type'], /^image\/svg\+xml/);
  });

  test('precompressed .gz is sent to clients that accept gzip, identity otherwise', async () => {
    const gz = await get('/assets/app-3f9a1c2b.js', { 'Accept-Encoding': 'gzip, deflate, br' });
    assert.equal(gz.status, 200);
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.match(gz.headers.vary || '', /accept-encoding/i);
    assert.match(gz.headers['content-type'], /javascript/, 'content type of the original, not application/gzip');
    assert.deepEqual(gz.raw, gzipSync(Buffer.from(JS)));
    const plain = await get('/assets/app-3f9a1c2b.js', { 'Accept-Encoding': 'identity' });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.text, JS);
  });

  test('SPA fallback: client routes get index.html', async () => {
    for (const p of ['/dashboard', '/settings/profile', '/infrastructure/res_123?tab=metrics']) {
      const res = await get(p, { Accept: 'text/html' });
      assert.equal(res.status, 200, p);
      assert.match(res.headers['content-type'], /^text\/html/);
      assert.equal(res.text, INDEX);
    }
  });

  test('a missing asset is a 404, not index.html', async () => {
    const res = await get('/assets/missing-00000000.js');
    assert.equal(res.status, 404);
    assert.notEqual(res.text, INDEX);
  });

  test('API paths are never answered with index.html', async () => {
    assertError(await srv.api().get('/api/v1/not-a-route'), 404, 'NOT_FOUND');
    assertError(await srv.api().get('/api/v1'), 404, 'NOT_FOUND');
    assertError(await srv.api().get('/api/v2/anything'), 404, 'NOT_FOUND');
  });

  test('conditional GET with the validator answers 304', async () => {
    const first = await get('/assets/style-0a1b2c3d.css');
    const etag = first.headers.etag;
    const lm = first.headers['last-modified'];
    assert.ok(etag || lm, 'ETag or Last-Modified on static files');
    const second = await get('/assets/style-0a1b2c3d.css', etag ? { 'If-None-Match': etag } : { 'If-Modified-Since': lm });
    assert.equal(second.status, 304);
    assert.equal(second.text, '');
  });

  test('no escaping the web root', async () => {
    for (const p of ['/../../../../etc/passwd', '/assets/../../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd', '/.%2e/.%2e/etc/passwd']) {
      const res = await rawExchange(srv.port, `GET ${p} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      assert.ok(res.status && res.status < 500, `${p} → ${res.status}`);
      assert.doesNotMatch(res.text, /root:.*:0:0:/, `${p} leaked /etc/passwd`);
    }
  });

  test('HEAD / answers headers only', async () => {
    const res = await rawExchange(srv.port, 'HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.equal(res.status, 200);
    assert.equal(res.body, '');
  });
});
