// Vault helpers for the functional tests: uploads through a real tus client (tus-js-client),
// raw tus requests for the protocol's error cases, and a TCP proxy that drops a connection
// part-way through, to test resuming.
import net from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import * as tus from 'tus-js-client';
import yauzl from 'yauzl';
import { request } from './http.mjs';

export const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');
export const bytes = (n) => randomBytes(n);

/**
 * Uploads `data` (a Buffer) with tus-js-client. Options: filename, folderId, filetype,
 * chunkSize, endpoint (another base URL, e.g. a proxy's), path (another tus endpoint, e.g. a
 * file-drop link's), headers, onProgress, retryDelays. `token` may be null (a public link).
 * Resolves { url, fileId, response } once the server has the whole file.
 */
export function tusUpload(srv, token, data, opts = {}) {
  const base = opts.endpoint || srv.url;
  const metadata = { filename: opts.filename || 'file.bin' };
  const path = opts.path || '/api/v1/vault/uploads';
  if (opts.folderId) metadata.folderId = opts.folderId;
  if (opts.filetype) metadata.filetype = opts.filetype;
  return new Promise((resolve, reject) => {
    const upload = new tus.Upload(data, {
      endpoint: `${base}${path}`,
      metadata,
      headers: token ? { Authorization: `Bearer ${token}`, ...(opts.headers || {}) } : opts.headers || {},
      chunkSize: opts.chunkSize || Infinity,
      uploadSize: data.length,
      retryDelays: opts.retryDelays || [],
      removeFingerprintOnSuccess: true,
      storeFingerprintForResuming: false,
      onProgress: opts.onProgress,
      onError: reject,
      onSuccess: (payload) => {
        const last = payload?.lastResponse;
        resolve({ url: upload.url, fileId: last?.getHeader('X-Vault-File-Id'), response: last });
      },
    });
    upload.start();
  });
}

/** A raw tus request (the client never sends the broken ones the tests need). */
export function tusRequest(srv, token, method, path, { headers = {}, body } = {}) {
  const h = { 'Tus-Resumable': '1.0.0', ...headers };
  if (body !== undefined && !Object.keys(h).some((k) => k.toLowerCase() === 'content-type'))
    h['Content-Type'] = 'application/offset+octet-stream';
  return request(srv.url, method, path.startsWith('/') ? path : `/api/v1/vault/uploads${path ? `/${path}` : ''}`, {
    token,
    headers: h,
    rawBody: body,
  });
}

/** `filename metadata` for Upload-Metadata. */
export const meta = (pairs) =>
  Object.entries(pairs)
    .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
    .join(',');

/**
 * A TCP proxy in front of the server. While `dropAfter` is set, each connection that has carried
 * more than that many bytes from the client is destroyed (a network failure mid-upload); set it
 * to null to let everything through. Resolves { url, stop, setDropAfter, drops }.
 */
export async function startDroppingProxy(targetPort, dropAfter) {
  const state = { dropAfter, drops: 0 };
  const sockets = new Set();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    let carried = 0;
    client.on('data', (chunk) => {
      carried += chunk.length;
      if (state.dropAfter !== null && carried > state.dropAfter) {
        state.drops += 1;
        state.dropAfter = null; // once
        client.destroy();
        upstream.destroy();
        return;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => client.write(chunk));
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', close);
    upstream.on('close', close);
    client.on('error', close);
    upstream.on('error', close);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    get drops() {
      return state.drops;
    },
    stop: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** The entries of a zip (a Buffer): [{ name, data }] in the archive's order. */
export function unzip(buffer) {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const out = [];
      zip.on('error', reject);
      zip.on('end', () => resolve(out));
      zip.on('entry', (entry) => {
        if (entry.fileName.endsWith('/')) {
          out.push({ name: entry.fileName, data: null });
          zip.readEntry();
          return;
        }
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks = [];
          stream.on('data', (c) => chunks.push(c));
          stream.on('end', () => {
            out.push({ name: entry.fileName, data: Buffer.concat(chunks) });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}
