// A small HTTP client over node:http (so any header can be sent, including Origin), which
// parses JSON responses and checks each one against api/openapi.yaml.
import http from 'node:http';
import assert from 'node:assert/strict';
import { spec } from './openapi.mjs';

/**
 * One request. Options: body (object → JSON), rawBody (string|Buffer, sent as is),
 * headers, token (Bearer), apiKey (X-API-Key), validate (default true).
 * Resolves { status, headers, text, body } where body is the parsed JSON (or undefined).
 */
export function request(baseUrl, method, path, opts = {}) {
  const { body, rawBody, token, apiKey, validate = true, timeoutMs = 30000 } = opts;
  const headers = { ...(opts.headers || {}) };
  let payload;
  if (rawBody !== undefined) payload = Buffer.isBuffer(rawBody) ? rawBody : Buffer.from(rawBody);
  else if (body !== undefined) {
    payload = Buffer.from(JSON.stringify(body));
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['Content-Type'] = 'application/json';
    }
  }
  if (payload) headers['Content-Length'] = String(payload.length);
  if (token) headers.Authorization = `Bearer ${token}`;
  if (apiKey) headers['X-API-Key'] = apiKey;

  const url = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method, headers, agent: false, timeout: timeoutMs },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const buf = Buffer.concat(chunks);
          const text = buf.toString('utf8');
          const ctype = String(res.headers['content-type'] || '');
          let json;
          // A HEAD answer has the headers of the body it does not carry.
          if (/^application\/(.+\+)?json/i.test(ctype) && method !== 'HEAD') {
            try {
              json = JSON.parse(text);
            } catch (e) {
              reject(new Error(`${method} ${path}: ${res.statusCode} with invalid JSON body: ${text.slice(0, 300)}`));
              return;
            }
          }
          const out = { status: res.statusCode, headers: res.headers, text, body: json, raw: buf };
          if (validate && json !== undefined) {
            const problem = spec().validateResponse(method, url.pathname, res.statusCode, json);
            if (problem) {
              reject(new assert.AssertionError({ message: `contract: ${problem}` }));
              return;
            }
          }
          resolve(out);
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** A client bound to a base URL and optionally to credentials ({token} or {apiKey}). */
export class Api {
  constructor(baseUrl, auth = {}) {
    this.baseUrl = baseUrl;
    this.auth = typeof auth === 'string' ? { token: auth } : auth || {};
  }
  as(auth) {
    return new Api(this.baseUrl, auth);
  }
  request(method, path, opts = {}) {
    return request(this.baseUrl, method, path.startsWith('/') ? path : `/api/v1/${path}`, {
      ...this.auth,
      ...opts,
    });
  }
  get(path, opts) {
    return this.request('GET', path, opts);
  }
  delete(path, opts) {
    return this.request('DELETE', path, opts);
  }
  post(path, body, opts = {}) {
    return this.request('POST', path, { body, ...opts });
  }
  put(path, body, opts = {}) {
    return this.request('PUT', path, { body, ...opts });
  }
  patch(path, body, opts = {}) {
    return this.request('PATCH', path, { body, ...opts });
  }
}

/** Asserts an error response: status, code, envelope, request id equal to the header. */
export function assertError(res, status, code) {
  const where = `${res.status} ${res.text.slice(0, 400)}`;
  assert.equal(res.status, status, `expected HTTP ${status}, got ${where}`);
  assert.ok(res.body, `expected a JSON error body, got ${where}`);
  assert.equal(res.body.success, false, where);
  assert.equal(res.body.error?.code, code, `expected code ${code}, got ${where}`);
  assert.equal(typeof res.body.error.message, 'string');
  assert.ok(res.body.error.message.length > 0);
  assert.ok(res.headers['x-request-id'], 'X-Request-ID header missing');
  assert.equal(res.body.error.requestId, res.headers['x-request-id'], 'error.requestId must equal X-Request-ID');
  assert.match(res.body.error.timestamp, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  return res.body.error;
}

/** Asserts a success response with the given status and returns data. */
export function assertOk(res, status = 200) {
  assert.equal(res.status, status, `expected HTTP ${status}, got ${res.status} ${res.text.slice(0, 400)}`);
  if (status === 204) {
    assert.equal(res.text, '', '204 must have no body');
    return undefined;
  }
  assert.equal(res.body?.success, true, `expected success envelope: ${res.text.slice(0, 300)}`);
  return res.body.data;
}
