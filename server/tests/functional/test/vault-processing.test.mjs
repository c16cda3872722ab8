// The vault's processing pipeline through the binary: every upload is processed by a job
// (pending → done), images get a WebP thumbnail and their size and EXIF, identical content is
// processed once, a decompression bomb is refused, ClamAV (a real clamd with an EICAR signature
// made by sigtool) quarantines infected content, and a file whose processing keeps failing ends
// "failed" — still downloadable — with a dead job that can be re-driven.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { startServer } from '../lib/server.mjs';
import { assertError, assertOk, request } from '../lib/http.mjs';
import { addMember, registerOwner, waitFor } from '../lib/fixtures.mjs';
import { tusUpload } from '../lib/vault.mjs';
import { EICAR, startClamd } from '../lib/clamd.mjs';

const images = join(import.meta.dirname, '../../testdata/images');
const sample = (name) => readFileSync(join(images, name));

const item = async (api, id) => assertOk(await api.get(`vault/items/${id}`));
const settled = (api, id) =>
  waitFor(async () => {
    const it = await item(api, id);
    return it.processing === 'pending' ? null : it;
  }, { timeoutMs: 30000, intervalMs: 100, what: `processing of ${id}` });

/** A real decompression bomb: a 20,000 × 20,000 grey PNG of zeros, about 400 KB. */
function bombPng() {
  const side = 20000;
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 8; // 8-bit grey
  const raw = Buffer.alloc((side + 1) * side); // filter byte + pixels, all zero
  return Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

describe('vault processing', () => {
  let srv, owner, clamd;
  before(async () => {
    clamd = await startClamd();
    srv = await startServer({ env: { CLOUDWEAVE_VAULT_CLAMD: clamd.address } });
    owner = await registerOwner(srv, { prefix: 'vault-proc' });
  });
  after(async () => {
    await srv?.stop();
    await clamd?.stop();
  });

  test('an image gets a WebP thumbnail, its size and EXIF; the same content again is done at once', async () => {
    const jpeg = sample('rotation-6.jpg');
    const { fileId } = await tusUpload(srv, owner.accessToken, jpeg, { filename: 'holiday.jpg' });
    const done = await settled(owner.api, fileId);
    assert.equal(done.processing, 'done');
    assert.equal(done.infected, false);
    assert.match(done.thumbnailUrl, new RegExp(`^/api/v1/vault/files/${fileId}/thumbnail\\?v=[0-9a-f]{16}$`));
    assert.equal(done.media.width, 308);
    assert.equal(done.media.height, 231);
    assert.equal(done.media.format, 'jpeg');
    assert.equal(done.media.exif.orientation, 'Right-top');
    assert.ok(done.media.thumbnailHeight > done.media.thumbnailWidth, 'turned upright');

    const thumb = await request(srv.url, 'GET', done.thumbnailUrl, { token: owner.accessToken });
    assert.equal(thumb.status, 200);
    assert.equal(thumb.headers['content-type'], 'image/webp');
    assert.match(thumb.headers['cache-control'], /private/);
    assert.equal(thumb.raw.subarray(0, 4).toString('latin1'), 'RIFF');
    assert.equal(thumb.raw.subarray(8, 12).toString('latin1'), 'WEBP');

    // The same bytes under another name: processed once, so it is done as soon as it lands.
    const again = await tusUpload(srv, owner.accessToken, jpeg, { filename: 'copy of holiday.jpg' });
    const copy = await item(owner.api, again.fileId);
    assert.equal(copy.processing, 'done');
    assert.ok(copy.thumbnailUrl);
    // The list shows thumbnails too.
    const list = assertOk(await owner.api.get('vault/folders/root/children?limit=100'));
    assert.ok(list.find((i) => i.id === fileId).thumbnailUrl);
  });

  test('each supported format, a file that is not an image, and a decompression bomb', async () => {
    for (const name of ['sample.png', 'cogs.gif', 'looks-like-svg.webp', '1bit.tif', 'avif-orientation-6.avif']) {
      const { fileId } = await tusUpload(srv, owner.accessToken, sample(name), { filename: name });
      const it = await settled(owner.api, fileId);
      assert.equal(it.processing, 'done', name);
      assert.ok(it.thumbnailUrl, `${name} has a thumbnail`);
      assert.equal((await request(srv.url, 'GET', it.thumbnailUrl, { token: owner.accessToken })).status, 200, name);
    }
    const text = await tusUpload(srv, owner.accessToken, Buffer.from('just some notes\n'), { filename: 'notes.txt' });
    const notes = await settled(owner.api, text.fileId);
    assert.equal(notes.processing, 'done');
    assert.equal(notes.thumbnailUrl, null);
    assertError(await owner.api.get(`vault/files/${text.fileId}/thumbnail`), 404, 'NOT_FOUND');

    const bomb = bombPng();
    assert.ok(bomb.length < 1_000_000, `${bomb.length} bytes`);
    const b = await tusUpload(srv, owner.accessToken, bomb, { filename: 'innocent.png' });
    const refused = await settled(owner.api, b.fileId);
    assert.equal(refused.processing, 'done', 'a verdict, not a failure');
    assert.equal(refused.thumbnailUrl, null);
    assert.match(refused.media.refused, /20000 × 20000 pixels is over the limit/);
    // The server is fine and the file itself is still there to download.
    const content = await request(srv.url, 'GET', `/api/v1/vault/files/${b.fileId}/content`, { token: owner.accessToken });
    assert.equal(content.status, 200);
    assert.equal(content.raw.length, bomb.length);
  });

  test('a profile picture is made from a vault image, seen by colleagues only, and outlives the file', async () => {
    const colleague = await addMember(srv, owner.api, 'viewer');
    const stranger = await registerOwner(srv, { prefix: 'vault-avatar-other' });
    const me = assertOk(await owner.api.get('auth/me'));
    assert.equal((await owner.api.get(`users/${me.id}/avatar`)).status, 204, 'no picture yet');

    const { fileId } = await tusUpload(srv, owner.accessToken, sample('rotation-6.jpg'), { filename: 'me.jpg' });
    await settled(owner.api, fileId);
    const set = assertOk(await owner.api.put('users/me/avatar', { fileId }));
    assert.equal(set.avatarUrl, `/api/v1/users/${me.id}/avatar`);
    for (const who of [owner, colleague]) {
      const pic = await request(srv.url, 'GET', set.avatarUrl, { token: who.accessToken });
      assert.equal(pic.status, 200);
      assert.equal(pic.headers['content-type'], 'image/webp');
      assert.equal(pic.raw.subarray(8, 12).toString('latin1'), 'WEBP');
    }
    assertError(await stranger.api.get(`users/${me.id}/avatar`), 404, 'NOT_FOUND');
    assertError(await stranger.api.put('users/me/avatar', { fileId }), 404, 'NOT_FOUND');

    // Not an image, not a file: a clear 400 / 404, and the picture is unchanged.
    const text = await tusUpload(srv, owner.accessToken, Buffer.from('hello'), { filename: 'hello.txt' });
    await settled(owner.api, text.fileId);
    const bad = assertError(await owner.api.put('users/me/avatar', { fileId: text.fileId }), 400, 'VALIDATION_ERROR');
    assert.match(JSON.stringify(bad.details), /fileId/);
    assertError(await owner.api.put('users/me/avatar', { fileId: 'vfi_missing' }), 404, 'NOT_FOUND');
    assertError(await owner.api.put('users/me/avatar', {}), 400, 'VALIDATION_ERROR');

    // The picture is a copy: deleting the file leaves it.
    assertOk(await owner.api.delete(`vault/items/${fileId}`), 204);
    assert.equal((await request(srv.url, 'GET', set.avatarUrl, { token: colleague.accessToken })).status, 200);
    assertOk(await owner.api.delete('users/me/avatar'), 204);
    assert.equal((await colleague.api.get(`users/${me.id}/avatar`)).status, 204, 'removed');
    const audit = assertOk(await owner.api.get('audit?action=users.update_avatar&limit=10'));
    assert.ok(audit.length >= 2);
  });

  test('ClamAV quarantines the EICAR test file: not downloadable, not shareable, shown as such', async () => {
    const { fileId } = await tusUpload(srv, owner.accessToken, EICAR, { filename: 'eicar.com' });
    const it = await settled(owner.api, fileId);
    assert.equal(it.processing, 'done');
    assert.equal(it.infected, true);
    assert.match(it.media.threat, /Eicar-Test-Signature/);
    assertError(await owner.api.get(`vault/files/${fileId}/content`), 403, 'INFECTED');
    assertError(await owner.api.post('vault/shares', { itemId: fileId }), 403, 'INFECTED');
    // A clean file next to it is not.
    const clean = await tusUpload(srv, owner.accessToken, Buffer.from('clean text\n'), { filename: 'clean.txt' });
    assert.equal((await settled(owner.api, clean.fileId)).infected, false);
  });
});

test('processing that keeps failing ends "failed", stays downloadable, and is re-driven', async () => {
  // A worker deadline no decode can meet and one attempt: the first run fails for good.
  const first = await startServer({
    keep: true,
    env: { CLOUDWEAVE_VAULT_MEDIA_TIMEOUT_MS: '1', CLOUDWEAVE_VAULT_PROCESS_ATTEMPTS: '1' },
  });
  let again;
  try {
    const o = await registerOwner(first, { prefix: 'vault-fail' });
    const jpeg = sample('sample.jpg');
    const { fileId } = await tusUpload(first, o.accessToken, jpeg, { filename: 'photo.jpg' });
    const failed = await settled(o.api, fileId);
    assert.equal(failed.processing, 'failed');
    assert.match(failed.processingError, /stopped/);
    assert.equal(failed.thumbnailUrl, null);
    const content = await request(first.url, 'GET', `/api/v1/vault/files/${fileId}/content`, { token: o.accessToken });
    assert.equal(content.status, 200, 'still usable');
    assert.equal(content.raw.length, jpeg.length);
    // The dead letter: visible in /jobs.
    const dead = assertOk(await o.api.get('jobs?state=dead&limit=100')).find((j) => j.type === 'vault.process');
    assert.ok(dead, 'a dead vault.process job');
    await first.stop();

    // With a sane deadline, re-driving it from the file processes it.
    again = await startServer({ restartOf: first });
    const api = again.api({ token: o.accessToken });
    const redo = assertOk(await api.post(`vault/files/${fileId}/process`), 202);
    assert.ok(redo.jobId);
    const done = await settled(api, fileId);
    assert.equal(done.processing, 'done');
    assert.equal(done.processingError, null);
    assert.ok(done.thumbnailUrl);
    // A viewer may not re-drive; another organization cannot see the file.
    const stranger = await registerOwner(again, { prefix: 'vault-fail-other' });
    assertError(await stranger.api.post(`vault/files/${fileId}/process`), 404, 'NOT_FOUND');
    assertError(await stranger.api.get(`vault/files/${fileId}/thumbnail`), 404, 'NOT_FOUND');
  } finally {
    if (again) await again.stop();
    else await first.stop();
  }
});
