// The vault with its content in an S3-compatible bucket (the scaled setup), against s3rver
// (scripts/emulators/s3rver, which verifies every SigV4 signature for key S3RVER): the access key
// is sealed by `cloudweave keys seal-s3` and given as CLOUDWEAVE_VAULT_S3_CREDENTIALS. A 20 MiB
// upload in PATCHes that end mid-part, with a restart between two of them (the new process has
// no running hash and reads the finished upload back); downloads whole, in ranges and as 304;
// a folder zip and a share link read from the bucket; thumbnails and a profile picture kept as
// objects; nothing of the content on the server's disk. A bucket that cannot be used stops the
// start with the reason.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { assertOk, request } from '../lib/http.mjs';
import { registerOwner, login, waitFor } from '../lib/fixtures.mjs';
import { bytes, meta, sha256, tusRequest, tusUpload, unzip } from '../lib/vault.mjs';
import { startEmulator } from '../lib/emulators.mjs';
import { binPath } from '../lib/paths.mjs';

const BUCKET = 'cw-vault-ft';
const MiB = 1024 * 1024;

/** `cloudweave keys seal-s3`, the secret on stdin, as an operator runs it. */
function seal(masterKey, accessKeyId, secret) {
  const dir = mkdtempSync(join(tmpdir(), 'cw-seal-'));
  const clean = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('CLOUDWEAVE_')) clean[k] = v;
  const run = spawnSync(binPath, ['keys', 'seal-s3', '--access-key-id', accessKeyId, '--data-dir', dir], {
    env: { ...clean, CLOUDWEAVE_MASTER_KEY: masterKey },
    input: `${secret}\n`,
    encoding: 'utf8',
  });
  rmSync(dir, { recursive: true, force: true });
  assert.equal(run.status, 0, run.stderr);
  const m = /^CLOUDWEAVE_VAULT_S3_CREDENTIALS=(v1:\S+)$/m.exec(run.stdout);
  assert.ok(m, `seal-s3 printed: ${run.stdout}`);
  assert.ok(!run.stdout.includes(secret), 'the secret is not printed');
  return m[1];
}

/** Files under the server's vault directory other than scratch space. */
function localContent(srv) {
  const out = [];
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(p);
    }
  };
  for (const sub of ['blobs', 'parts', 'thumbs', 'avatars']) walk(join(srv.dataDir, 'vault', sub));
  return out;
}

describe('vault content in S3 (s3rver)', () => {
  let s3, env, srv, owner;
  const masterKey = randomBytes(32).toString('hex');

  before(async () => {
    s3 = await startEmulator('s3rver');
    const url = s3.env.CLOUDWEAVE_TEST_S3_URL;
    const res = await fetch(`${url}/${BUCKET}`, { method: 'PUT' });  // s3rver takes an unsigned CreateBucket
    assert.equal(res.status, 200);
    env = {
      CLOUDWEAVE_MASTER_KEY: masterKey,
      CLOUDWEAVE_VAULT_S3_BUCKET: BUCKET,
      CLOUDWEAVE_VAULT_S3_ENDPOINT: url,
      CLOUDWEAVE_VAULT_S3_PREFIX: `ft-${randomBytes(3).toString('hex')}/vault`,
      CLOUDWEAVE_VAULT_S3_CREDENTIALS: seal(masterKey, 'S3RVER', 'S3RVER'),
    };
    srv = await startServer({ keep: true, env });
    owner = await registerOwner(srv, { prefix: 'vault-s3' });
  });
  after(async () => {
    await srv?.stop();
    await s3?.stop();
  });

  test('a 20 MiB upload resumes across a restart and downloads whole, in ranges and as 304', async () => {
    const data = bytes(20 * MiB + 4321);
    const created = await tusRequest(srv, owner.accessToken, 'POST', '', {
      headers: { 'Upload-Length': String(data.length), 'Upload-Metadata': meta({ filename: 'big.bin' }) },
    });
    assert.equal(created.status, 201);
    const path = new URL(created.headers.location, srv.url).pathname;
    const patch = async (server, token, from, to) => {
      const res = await tusRequest(server, token, 'PATCH', path, {
        headers: { 'Upload-Offset': String(from) },
        body: data.subarray(from, to),
      });
      assert.equal(res.status, 204, res.text);
      assert.equal(res.headers['upload-offset'], String(to));
      return res;
    };
    // 7 MiB: one 8 MiB part is not full yet: all of it waits in the tail object.
    await patch(srv, owner.accessToken, 0, 7 * MiB);
    // 6 MiB more: part 1 goes out, 5 MiB wait in the tail.
    await patch(srv, owner.accessToken, 7 * MiB, 13 * MiB);

    // A restart: the new process has no running hash; it finishes the upload.
    await srv.stop();
    srv = await startServer({ restartOf: srv, env });
    owner = { ...owner, ...(await login(srv, owner.email)) };
    const head = await tusRequest(srv, owner.accessToken, 'HEAD', path);
    assert.equal(head.headers['upload-offset'], String(13 * MiB));
    const last = await patch(srv, owner.accessToken, 13 * MiB, data.length);
    const fileId = last.headers['x-vault-file-id'];
    assert.ok(fileId);
    const file = assertOk(await owner.api.get(`vault/items/${fileId}`));
    assert.equal(file.sha256, sha256(data));
    assert.deepEqual(localContent(srv), [], 'nothing of the content on the server disk');

    const whole = await request(srv.url, 'GET', `/api/v1/vault/files/${fileId}/content`, { token: owner.accessToken });
    assert.equal(whole.status, 200);
    assert.equal(whole.headers['content-length'], String(data.length));
    assert.equal(sha256(whole.raw), sha256(data));
    const from = 9 * MiB - 17, to = 17 * MiB + 3;  // across two 8 MiB read windows
    const part = await request(srv.url, 'GET', `/api/v1/vault/files/${fileId}/content`, {
      token: owner.accessToken,
      headers: { Range: `bytes=${from}-${to}` },
    });
    assert.equal(part.status, 206);
    assert.equal(part.headers['content-range'], `bytes ${from}-${to}/${data.length}`);
    assert.ok(part.raw.equals(data.subarray(from, to + 1)));
    const cached = await request(srv.url, 'GET', `/api/v1/vault/files/${fileId}/content`, {
      token: owner.accessToken,
      headers: { 'If-None-Match': `"${file.sha256}"` },
    });
    assert.equal(cached.status, 304);
    const past = await request(srv.url, 'GET', `/api/v1/vault/files/${fileId}/content`, {
      token: owner.accessToken,
      headers: { Range: `bytes=${data.length + 5}-` },
    });
    assert.equal(past.status, 416);

    // Shared: the public link reads the same bytes from the bucket.
    const link = assertOk(await owner.api.post('vault/shares', { itemId: fileId }), 201);
    const shared = await request(srv.url, 'GET', `/api/v1/public/shares/${link.token}/content`);
    assert.equal(shared.status, 200);
    assert.equal(sha256(shared.raw), sha256(data));
  });

  test('another replica (same PostgreSQL, same bucket) resumes the upload', {
    skip: !process.env.CLOUDWEAVE_TEST_DATABASE_URL && 'replicas share a database: PostgreSQL only',
  }, async () => {
    const replica = await startServer({ shareWith: srv, env });
    try {
      const data = bytes(11 * MiB);
      const created = await tusRequest(srv, owner.accessToken, 'POST', '', {
        headers: { 'Upload-Length': String(data.length), 'Upload-Metadata': meta({ filename: 'replicated.bin' }) },
      });
      const path = new URL(created.headers.location, srv.url).pathname;
      const first = await tusRequest(srv, owner.accessToken, 'PATCH', path, {
        headers: { 'Upload-Offset': '0' },
        body: data.subarray(0, 9 * MiB),
      });
      assert.equal(first.status, 204);
      const rest = await tusRequest(replica, owner.accessToken, 'PATCH', path, {
        headers: { 'Upload-Offset': String(9 * MiB) },
        body: data.subarray(9 * MiB),
      });
      assert.equal(rest.status, 204, rest.text);
      const fileId = rest.headers['x-vault-file-id'];
      const got = await request(srv.url, 'GET', `/api/v1/vault/files/${fileId}/content`, { token: owner.accessToken });
      assert.equal(sha256(got.raw), sha256(data));
    } finally {
      await replica.stop();
    }
  });

  test('a folder zips from the bucket; images get thumbnails and a profile picture as objects', async () => {
    const top = assertOk(await owner.api.post('vault/folders', { parentId: 'root', name: 'From S3' }), 201);
    const a = bytes(9 * MiB + 1);
    await tusUpload(srv, owner.accessToken, a, { filename: 'a.bin', folderId: top.id, chunkSize: 4 * MiB });
    await tusUpload(srv, owner.accessToken, Buffer.from('small'), { filename: 'b.txt', folderId: top.id });
    const zip = await request(srv.url, 'GET', `/api/v1/vault/folders/${top.id}/archive`, { token: owner.accessToken });
    assert.equal(zip.status, 200);
    const entries = await unzip(zip.raw);
    assert.deepEqual(entries.map((e) => e.name), ['a.bin', 'b.txt']);
    assert.equal(sha256(entries[0].data), sha256(a));
    assert.equal(entries[1].data.toString(), 'small');

    const jpeg = readFileSync(join(import.meta.dirname, '../../testdata/images/sample.jpg'));
    const { fileId } = await tusUpload(srv, owner.accessToken, jpeg, { filename: 'photo.jpg' });
    const done = await waitFor(async () => {
      const it = assertOk(await owner.api.get(`vault/items/${fileId}`));
      return it.processing === 'pending' ? null : it;
    }, { timeoutMs: 30000, intervalMs: 100, what: 'processing' });
    assert.equal(done.processing, 'done');
    const thumb = await request(srv.url, 'GET', done.thumbnailUrl, { token: owner.accessToken });
    assert.equal(thumb.status, 200);
    assert.equal(thumb.raw.subarray(8, 12).toString('latin1'), 'WEBP');
    const again = await request(srv.url, 'GET', done.thumbnailUrl, {
      token: owner.accessToken,
      headers: { 'If-None-Match': thumb.headers.etag },
    });
    assert.equal(again.status, 304);

    const me = assertOk(await owner.api.get('auth/me'));
    assertOk(await owner.api.put('users/me/avatar', { fileId }));
    const pic = await request(srv.url, 'GET', `/api/v1/users/${me.id}/avatar`, { token: owner.accessToken });
    assert.equal(pic.status, 200);
    assert.ok(pic.raw.equals(thumb.raw), 'the picture is the thumbnail');
    assert.equal((await owner.api.delete('users/me/avatar')).status, 204);
    assert.equal((await request(srv.url, 'GET', `/api/v1/users/${me.id}/avatar`, { token: owner.accessToken })).status, 204);
    assert.deepEqual(localContent(srv), [], 'thumbnails and pictures are in the bucket too');
  });

  test('a bucket that cannot be used stops the start with the reason', async () => {
    const clean = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('CLOUDWEAVE_')) clean[k] = v;
    const dir = mkdtempSync(join(tmpdir(), 'cw-s3bad-'));
    const run = (extra) =>
      spawnSync(binPath, ['serve', '--host', '127.0.0.1', '--port', '0', '--data-dir', dir], {
        env: { ...clean, ...env, CLOUDWEAVE_LOG_LEVEL: 'error', ...extra },
        encoding: 'utf8',
        timeout: 30000,
      });
    try {
      const missing = run({ CLOUDWEAVE_VAULT_S3_BUCKET: 'no-such-bucket' });
      assert.equal(missing.status, 1);
      assert.match(missing.stderr, /the vault's bucket no-such-bucket cannot be used: The specified bucket does not exist/);
      const otherKey = run({ CLOUDWEAVE_MASTER_KEY: randomBytes(32).toString('hex') });
      assert.equal(otherKey.status, 1);
      assert.match(otherKey.stderr, /CLOUDWEAVE_VAULT_S3_CREDENTIALS does not open with this server's master key/);
      const plain = run({ CLOUDWEAVE_VAULT_S3_CREDENTIALS: 'S3RVER:S3RVER' });
      assert.equal(plain.status, 2);
      assert.match(plain.stderr, /CLOUDWEAVE_VAULT_S3_CREDENTIALS: must be the access key sealed by `cloudweave keys seal-s3`/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
