// CloudVault over HTTP: folders and names (NFC, attacks, conflicts), tus uploads with a real
// client (tus-js-client) including a resume after a dropped connection, the protocol's error
// answers (460, 409, 412, 415, 413 with nothing left behind), downloads with Range and safe
// headers, versions, the trash, share links (password throttling, download limit counted on
// completed downloads, revoke, no way around the link), quotas, roles and tenant isolation.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { assertError, assertOk, request } from '../lib/http.mjs';
import { addMember, registerOwner, waitFor } from '../lib/fixtures.mjs';
import { bytes, meta, sha256, startDroppingProxy, tusRequest, tusUpload, unzip } from '../lib/vault.mjs';

describe('vault', () => {
  let srv, owner, operator, viewer, other;

  const children = async (api, folder = 'root', query = '') =>
    assertOk(await api.get(`vault/folders/${folder}/children?limit=500${query}`));
  const folder = async (api, name, parentId = 'root', extra = {}) =>
    assertOk(await api.post('vault/folders', { parentId, name, ...extra }), 201);
  const download = (srv, token, fileId, headers = {}, query = '') =>
    request(srv.url, 'GET', `/api/v1/vault/files/${fileId}/content${query}`, { token, headers });
  const partsLeft = () => readdirSync(join(srv.dataDir, 'vault', 'parts'));

  before(async () => {
    srv = await startServer();
    owner = await registerOwner(srv, { prefix: 'vault', organizationName: 'Vault Org' });
    operator = await addMember(srv, owner.api, 'operator');
    viewer = await addMember(srv, owner.api, 'viewer');
    other = await registerOwner(srv, { prefix: 'vault-other' });
  });
  after(async () => {
    await srv?.stop();
  });

  test('folders: create, nest, rename, move; conflicts are 409 or a numbered name', async () => {
    const reports = await folder(owner.api, 'Reports');
    assert.equal(reports.kind, 'folder');
    assert.equal(reports.parentId, 'root');
    assert.deepEqual(reports.path, [{ id: 'root', name: 'Vault' }]);
    const y2026 = await folder(owner.api, '2026', reports.id);
    assert.deepEqual(y2026.path.map((p) => p.name), ['Vault', 'Reports']);

    const taken = assertError(await owner.api.post('vault/folders', { parentId: 'root', name: 'Reports' }), 409, 'CONFLICT');
    assert.equal(taken.details.existingId, reports.id);
    const second = await folder(owner.api, 'Reports', 'root', { onConflict: 'rename' });
    assert.equal(second.name, 'Reports (1)');

    const renamed = assertOk(await owner.api.patch(`vault/items/${second.id}`, { name: 'Archive' }));
    assert.equal(renamed.name, 'Archive');
    const moved = assertOk(await owner.api.patch(`vault/items/${renamed.id}`, { parentId: y2026.id }));
    assert.deepEqual(moved.path.map((p) => p.name), ['Vault', 'Reports', '2026']);
    // A folder cannot go inside itself.
    const loop = assertError(await owner.api.patch(`vault/items/${reports.id}`, { parentId: moved.id }), 400, 'VALIDATION_ERROR');
    assert.ok(loop.details.fields.parentId);

    const listing = await children(owner.api, reports.id);
    assert.deepEqual(listing.map((i) => i.name), ['2026']);
    assert.equal((await owner.api.get(`vault/folders/${y2026.id}/children`)).body.meta.path.length, 3);
    assertError(await owner.api.get('vault/folders/vfo_nosuchfolder/children'), 404, 'NOT_FOUND');
  });

  test('names: NFC, and no path tricks, control or direction characters', async () => {
    const nfd = 'Cafe\u0301';
    const made = await folder(owner.api, nfd);
    assert.equal(made.name, 'Caf\u00e9', 'stored in NFC');
    assertError(await owner.api.post('vault/folders', { parentId: 'root', name: 'Caf\u00e9' }), 409, 'CONFLICT');
    for (const bad of ['../etc', 'a/b', 'a\\b', '..', '.', 'nul\u0000byte', 'evil\u202Efdp.exe', 'tab\there', '', '   ', 'x'.repeat(256)]) {
      const err = assertError(await owner.api.post('vault/folders', { parentId: 'root', name: bad }), 400, 'VALIDATION_ERROR');
      assert.ok(err.details.fields.name, `${JSON.stringify(bad)}: ${JSON.stringify(err)}`);
    }
    // 85 three-byte characters are 255 bytes: the limit is in bytes, and it fits.
    await folder(owner.api, '\u20ac'.repeat(85));
  });

  test('roles: viewers read, operators write, settings are for admins', async () => {
    assertError(await viewer.api.post('vault/folders', { parentId: 'root', name: 'nope' }), 403, 'AUTHORIZATION_ERROR');
    assert.ok((await children(viewer.api)).length > 0, 'viewers list');
    await folder(operator.api, 'Operator folder');
    assertError(await operator.api.patch('vault/settings', { trashDays: 7 }), 403, 'AUTHORIZATION_ERROR');
    const res = await tusRequest(srv, viewer.accessToken, 'POST', '', { headers: { 'Upload-Length': '3', 'Upload-Metadata': meta({ filename: 'v.txt' }) } });
    assertError(res, 403, 'AUTHORIZATION_ERROR');
  });

  test('a tus upload with a real client appears in its folder; the download is the same bytes', async () => {
    const docs = await folder(owner.api, 'Docs');
    const data = bytes(300 * 1024 + 17);
    const up = await tusUpload(srv, owner.accessToken, data, {
      filename: 'r\u00e9sum\u00e9 "final".pdf', folderId: docs.id, filetype: 'application/pdf', chunkSize: 64 * 1024,
    });
    assert.match(up.fileId, /^vfi_/);
    const [file] = await children(owner.api, docs.id);
    assert.equal(file.id, up.fileId);
    assert.equal(file.name, 'r\u00e9sum\u00e9 "final".pdf');
    assert.equal(file.size, data.length);
    assert.equal(file.sha256, sha256(data));
    assert.equal(file.mimeType, 'application/pdf');

    const got = await download(srv, owner.accessToken, file.id);
    assert.equal(got.status, 200);
    assert.equal(sha256(got.raw), sha256(data));
    assert.equal(got.headers['content-length'], String(data.length));
    assert.equal(got.headers.etag, `"${sha256(data)}"`);
    assert.equal(got.headers['x-content-type-options'], 'nosniff');
    assert.match(got.headers['content-security-policy'], /^sandbox/);
    assert.equal(got.headers['content-disposition'],
      `attachment; filename="r__sum__ _final_.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22final%22.pdf`);

    const part = await download(srv, owner.accessToken, file.id, { Range: 'bytes=1000-1999' });
    assert.equal(part.status, 206);
    assert.equal(part.headers['content-range'], `bytes 1000-1999/${data.length}`);
    assert.ok(part.raw.equals(data.subarray(1000, 2000)));
    const tail = await download(srv, owner.accessToken, file.id, { Range: `bytes=${data.length - 10}-` });
    assert.ok(tail.raw.equals(data.subarray(data.length - 10)));
    assert.equal((await download(srv, owner.accessToken, file.id, { Range: `bytes=${data.length}-` })).status, 416);
    assert.equal((await download(srv, owner.accessToken, file.id, { 'If-None-Match': got.headers.etag })).status, 304);
    const inline = await download(srv, owner.accessToken, file.id, {}, '?inline=1');
    assert.match(inline.headers['content-disposition'], /^inline;/, 'PDF may be shown inline');
    // A preview is audited as a view, a download as a download.
    const actions = assertOk(await owner.api.get(`audit?targetId=${file.id}&limit=100`)).map((e) => e.action);
    assert.ok(actions.includes('vault.file.preview'), actions.join());
    assert.ok(actions.includes('vault.file.download'), actions.join());
  });

  test('download links: the browser downloads by itself; sealed, bound to the content and the member', async () => {
    const data = bytes(300_000);
    const up = await tusUpload(srv, owner.accessToken, data, { filename: 'big report.bin' });
    const link = assertOk(await viewer.api.post(`vault/files/${up.fileId}/download-link`));
    assert.match(link.url, /^\/api\/v1\/vault\/downloads\/[A-Za-z0-9_-]+$/);
    assert.ok(Date.parse(link.expiresAt) > Date.now());
    // No Authorization header: the link is the grant.
    const got = await request(srv.url, 'GET', link.url);
    assert.equal(got.status, 200);
    assert.ok(got.raw.equals(data));
    assert.match(got.headers['content-disposition'], /^attachment;/);
    const part = await request(srv.url, 'GET', link.url, { headers: { Range: 'bytes=10-19' } });
    assert.equal(part.status, 206);
    assert.ok(part.raw.equals(data.subarray(10, 20)));
    // An altered token is nobody's.
    const token = link.url.split('/').pop();
    const altered = `${token.slice(0, -4)}${token.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    assertError(await request(srv.url, 'GET', `/api/v1/vault/downloads/${altered}`), 404, 'NOT_FOUND');
    assertError(await request(srv.url, 'GET', '/api/v1/vault/downloads/not-a-token'), 404, 'NOT_FOUND');
    // Bound to the content: after a new version, the old link still gives the old bytes; a
    // version's own link gives that version.
    await tusUpload(srv, owner.accessToken, Buffer.from('version two'), { filename: 'big report.bin' });
    assert.ok((await request(srv.url, 'GET', link.url)).raw.equals(data));
    const versions = assertOk(await owner.api.get(`vault/files/${up.fileId}/versions`));
    const older = versions.find((v) => !v.current);
    const versionLink = assertOk(await owner.api.post(`vault/files/${up.fileId}/download-link`, { versionId: older.id }));
    assert.ok((await request(srv.url, 'GET', versionLink.url)).raw.equals(data));
    assertError(await owner.api.post(`vault/files/${up.fileId}/download-link`, { versionId: 'vve_missing' }), 404, 'NOT_FOUND');
    assertError(await other.api.post(`vault/files/${up.fileId}/download-link`), 404, 'NOT_FOUND');
    // The download is audited as the member's.
    const audit = assertOk(await owner.api.get(`audit?targetId=${up.fileId}&action=vault.file.download&limit=20`));
    assert.ok(audit.some((e) => e.userId === viewer.user.id), JSON.stringify(audit).slice(0, 400));
    // A member who leaves: their links stop.
    const leaver = await addMember(srv, owner.api, 'viewer');
    const leaverLink = assertOk(await leaver.api.post(`vault/files/${up.fileId}/download-link`));
    assertOk(await owner.api.delete(`users/${leaver.user.id}`), 204);
    assertError(await request(srv.url, 'GET', leaverLink.url), 404, 'NOT_FOUND');
  });

  test('active content is never served as itself', async () => {
    const html = Buffer.from('<script>alert(document.cookie)</script>');
    for (const [filename, filetype] of [['page.html', 'text/html'], ['logo.svg', 'image/svg+xml'], ['feed.xml', 'application/xml']]) {
      const up = await tusUpload(srv, owner.accessToken, html, { filename, filetype });
      const got = await download(srv, owner.accessToken, up.fileId, {}, '?inline=1');
      assert.equal(got.status, 200);
      assert.equal(got.headers['content-type'], 'application/octet-stream', filename);
      assert.match(got.headers['content-disposition'], /^attachment;/, filename);
      assert.match(got.headers['content-security-policy'], /^sandbox/);
    }
  });

  test('the type comes from the content: a page posing as a picture is stored as HTML', async () => {
    const page = Buffer.from('<!DOCTYPE html>\n<html><body><script>fetch("/api/v1/auth/me")</script></body></html>\n');
    const up = await tusUpload(srv, owner.accessToken, page, { filename: 'photo.png', filetype: 'image/png' });
    const file = assertOk(await owner.api.get(`vault/items/${up.fileId}`));
    assert.equal(file.mimeType, 'text/html');
    const got = await download(srv, owner.accessToken, up.fileId, {}, '?inline=1');
    assert.equal(got.headers['content-type'], 'application/octet-stream');
    assert.match(got.headers['content-disposition'], /^attachment;/);
  });

  test('an upload survives a dropped connection and resumes from the offset the server kept', async () => {
    const data = bytes(2 * 1024 * 1024);
    const proxy = await startDroppingProxy(srv.port, 700 * 1024);
    try {
      const up = await tusUpload(srv, owner.accessToken, data, {
        endpoint: proxy.url, filename: 'resumed.bin', chunkSize: 1024 * 1024, retryDelays: [50, 100, 200, 400],
      });
      assert.equal(proxy.drops, 1, 'the proxy cut one connection');
      const file = assertOk(await owner.api.get(`vault/items/${up.fileId}`));
      assert.equal(file.size, data.length);
      assert.equal(file.sha256, sha256(data), 'the resumed upload is the same bytes');
    } finally {
      await proxy.stop();
    }
  });

  test('tus errors: 412 without Tus-Resumable, 415, 409 offset, 460 checksum, 404 after termination', async () => {
    const token = owner.accessToken;
    const discovery = await request(srv.url, 'OPTIONS', '/api/v1/vault/uploads');
    assert.equal(discovery.status, 204);
    assert.equal(discovery.headers['tus-version'], '1.0.0');
    assert.match(discovery.headers['tus-extension'], /creation-with-upload/);
    assert.equal(discovery.headers['tus-checksum-algorithm'], 'sha256');

    const noVersion = await request(srv.url, 'POST', '/api/v1/vault/uploads', { token, headers: { 'Upload-Length': '5' } });
    assertError(noVersion, 412, 'PRECONDITION_FAILED');
    assertError(await tusRequest(srv, token, 'POST', '', { headers: { 'Upload-Length': '5' } }), 400, 'VALIDATION_ERROR');

    const created = await tusRequest(srv, token, 'POST', '', { headers: { 'Upload-Length': '10', 'Upload-Metadata': meta({ filename: 'ten.txt' }) } });
    assert.equal(created.status, 201);
    assert.equal(created.headers['upload-offset'], '0');
    assert.ok(created.headers['upload-expires']);
    const id = created.headers.location.split('/').pop();

    assertError(await tusRequest(srv, token, 'PATCH', id, { headers: { 'Upload-Offset': '0', 'Content-Type': 'text/plain' }, body: 'hello' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    assertError(await tusRequest(srv, token, 'PATCH', id, { headers: { 'Upload-Offset': '3' }, body: 'hello' }), 409, 'CONFLICT');
    const wrongSum = `sha256 ${Buffer.from(sha256(Buffer.from('other')), 'hex').toString('base64')}`;
    assertError(await tusRequest(srv, token, 'PATCH', id, { headers: { 'Upload-Offset': '0', 'Upload-Checksum': wrongSum }, body: 'hello' }), 460, 'CHECKSUM_MISMATCH');
    assertError(await tusRequest(srv, token, 'PATCH', id, { headers: { 'Upload-Offset': '0', 'Upload-Checksum': 'md5 AAAA' }, body: 'hello' }), 400, 'VALIDATION_ERROR');
    let head = await tusRequest(srv, token, 'HEAD', id);
    assert.equal(head.headers['upload-offset'], '0', 'the bad body was dropped');
    assert.equal(head.headers['upload-length'], '10');
    assert.equal(head.headers['cache-control'], 'no-store');

    const goodSum = `sha256 ${Buffer.from(sha256(Buffer.from('hello')), 'hex').toString('base64')}`;
    const ok = await tusRequest(srv, token, 'PATCH', id, { headers: { 'Upload-Offset': '0', 'Upload-Checksum': goodSum }, body: 'hello' });
    assert.equal(ok.status, 204);
    assert.equal(ok.headers['upload-offset'], '5');
    head = await tusRequest(srv, token, 'HEAD', id);
    assert.equal(head.headers['upload-offset'], '5');
    // Someone else in the organization cannot see or touch it.
    assert.equal((await tusRequest(srv, operator.accessToken, 'HEAD', id)).status, 404);
    assert.equal((await tusRequest(srv, other.accessToken, 'HEAD', id)).status, 404);

    assert.equal((await tusRequest(srv, token, 'DELETE', id)).status, 204);
    assert.equal((await tusRequest(srv, token, 'HEAD', id)).status, 404);
    assert.deepEqual(partsLeft().filter((p) => p.startsWith(id)), [], 'the part is gone');
  });

  test('creation-with-upload and a deferred length', async () => {
    const token = owner.accessToken;
    const whole = await tusRequest(srv, token, 'POST', '', {
      headers: { 'Upload-Length': '5', 'Upload-Metadata': meta({ filename: 'at-once.txt', filetype: 'text/plain' }) }, body: 'hello',
    });
    assert.equal(whole.status, 201);
    assert.equal(whole.headers['upload-offset'], '5');
    const fileId = whole.headers['x-vault-file-id'];
    assert.equal((await download(srv, token, fileId)).text, 'hello');

    const deferred = await tusRequest(srv, token, 'POST', '', { headers: { 'Upload-Defer-Length': '1', 'Upload-Metadata': meta({ filename: 'later.txt' }) } });
    assert.equal(deferred.status, 201);
    const id = deferred.headers.location.split('/').pop();
    assert.equal((await tusRequest(srv, token, 'HEAD', id)).headers['upload-defer-length'], '1');
    assert.equal((await tusRequest(srv, token, 'PATCH', id, { headers: { 'Upload-Offset': '0' }, body: 'abc' })).status, 204);
    const done = await tusRequest(srv, token, 'PATCH', id, { headers: { 'Upload-Offset': '3', 'Upload-Length': '6' }, body: 'def' });
    assert.equal(done.status, 204);
    assert.equal((await download(srv, token, done.headers['x-vault-file-id'])).text, 'abcdef');
  });

  test('quotas: checked before an upload starts and enforced while it streams, leaving nothing behind', async () => {
    const quotaOrg = await registerOwner(srv, { prefix: 'vault-quota' });
    const token = quotaOrg.accessToken;
    const settings = assertOk(await quotaOrg.api.patch('vault/settings', { quotaBytes: 100_000, maxVersions: 3, trashDays: 10 }));
    assert.equal(settings.quotaBytes, 100_000);
    assert.equal(settings.maxVersions, 3);

    const tooBig = await tusRequest(srv, token, 'POST', '', { headers: { 'Upload-Length': '200000', 'Upload-Metadata': meta({ filename: 'big.bin' }) } });
    assert.equal(assertError(tooBig, 413, 'PAYLOAD_TOO_LARGE').details.reason, 'organizationQuota');

    // A deferred length cannot slip past the quota: the stream is cut at the limit.
    const deferred = await tusRequest(srv, token, 'POST', '', { headers: { 'Upload-Defer-Length': '1', 'Upload-Metadata': meta({ filename: 'sneaky.bin' }) } });
    const id = deferred.headers.location.split('/').pop();
    const over = await tusRequest(srv, token, 'PATCH', id, { headers: { 'Upload-Offset': '0' }, body: bytes(150_000) });
    assertError(over, 413, 'PAYLOAD_TOO_LARGE');
    assert.equal((await tusRequest(srv, token, 'HEAD', id)).status, 404, 'the upload is gone');
    assert.deepEqual(partsLeft().filter((p) => p.startsWith(id)), [], 'and its bytes');
    const usage = assertOk(await quotaOrg.api.get('vault/usage'));
    assert.equal(usage.used, 0);
    assert.equal(usage.quota, 100_000);

    // Versions and the trash count: three versions of 30 kB fill 90 kB of 100 kB.
    const data = bytes(30_000);
    for (let i = 0; i < 3; i++) await tusUpload(srv, token, data, { filename: 'same.bin' });
    const [file] = await children(quotaOrg.api);
    assert.equal(assertOk(await quotaOrg.api.get(`vault/files/${file.id}/versions`)).length, 3);
    assert.equal(assertOk(await quotaOrg.api.get('vault/usage')).used, 90_000);
    const fourth = await tusRequest(srv, token, 'POST', '', { headers: { 'Upload-Length': '30000', 'Upload-Metadata': meta({ filename: 'other.bin' }) } });
    assertError(fourth, 413, 'PAYLOAD_TOO_LARGE');
    assertOk(await quotaOrg.api.delete(`vault/items/${file.id}`), 204);
    const afterTrash = assertOk(await quotaOrg.api.get('vault/usage'));
    assert.equal(afterTrash.used, 90_000, 'the trash still counts');
    assert.equal(afterTrash.trash, 90_000);
    assert.equal(afterTrash.stored, 30_000, 'identical content is stored once');
    assertOk(await quotaOrg.api.delete(`vault/trash/${file.id}`), 204);
    assert.equal(assertOk(await quotaOrg.api.get('vault/usage')).used, 0, 'deleting for good frees it');
  });

  test('versions: uploading over a file keeps the old content, restorable', async () => {
    const v1 = Buffer.from('first version');
    const v2 = Buffer.from('second version, longer');
    const a = await tusUpload(srv, owner.accessToken, v1, { filename: 'notes.txt', filetype: 'text/plain' });
    const b = await tusUpload(srv, owner.accessToken, v2, { filename: 'notes.txt', filetype: 'text/plain' });
    assert.equal(a.fileId, b.fileId, 'the same file');
    const versions = assertOk(await owner.api.get(`vault/files/${a.fileId}/versions`));
    assert.equal(versions.length, 2);
    assert.equal(versions[0].current, true);
    assert.equal(versions[0].size, v2.length);
    assert.equal((await download(srv, owner.accessToken, a.fileId, {}, `?version=${versions[1].id}`)).text, v1.toString());
    const restored = assertOk(await owner.api.post(`vault/files/${a.fileId}/versions/${versions[1].id}/restore`));
    assert.equal(restored.sha256, sha256(v1));
    assert.equal((await download(srv, owner.accessToken, a.fileId)).text, v1.toString());
    assert.equal(assertOk(await owner.api.get(`vault/files/${a.fileId}/versions`)).length, 3, 'the newer content became a version');
  });

  test('trash: a folder goes with its contents, comes back to its place, and can be purged', async () => {
    const parent = await folder(owner.api, 'Trash test');
    const inner = await folder(owner.api, 'Inner', parent.id);
    const up = await tusUpload(srv, owner.accessToken, Buffer.from('inside'), { filename: 'inside.txt', folderId: inner.id });
    assertOk(await owner.api.delete(`vault/items/${inner.id}`), 204);
    assert.deepEqual(await children(owner.api, parent.id), []);
    assertError(await owner.api.get(`vault/items/${up.fileId}`), 404, 'NOT_FOUND');
    assert.equal((await download(srv, owner.accessToken, up.fileId)).status, 404);

    const trash = assertOk(await owner.api.get('vault/trash'));
    const entry = trash.find((t) => t.id === inner.id);
    assert.ok(entry, 'the folder is one trash entry');
    assert.equal(entry.originalPath, '/Trash test');
    assert.ok(!trash.some((t) => t.id === up.fileId), 'its contents are not entries of their own');
    assert.ok(Date.parse(entry.purgeAt) - Date.parse(entry.deletedAt) === 30 * 86400_000);

    // A folder of the same name appeared meanwhile: 409, or keep both.
    await folder(owner.api, 'Inner', parent.id);
    assertError(await owner.api.post(`vault/trash/${inner.id}/restore`, {}), 409, 'CONFLICT');
    const back = assertOk(await owner.api.post(`vault/trash/${inner.id}/restore`, { onConflict: 'rename' }));
    assert.equal(back.name, 'Inner (1)');
    assert.equal(back.parentId, parent.id);
    assert.equal(assertOk(await owner.api.get(`vault/items/${up.fileId}`)).name, 'inside.txt');

    // Purging: the operator who did not delete it may not; the owner (admin) may.
    assertOk(await owner.api.delete(`vault/items/${back.id}`), 204);
    assertError(await operator.api.delete(`vault/trash/${back.id}`), 403, 'AUTHORIZATION_ERROR');
    assertOk(await owner.api.delete(`vault/trash/${back.id}`), 204);
    assertError(await owner.api.post(`vault/trash/${back.id}/restore`, {}), 404, 'NOT_FOUND');
  });

  test('copy: a file shares its content, a folder is copied whole', async () => {
    const src = await folder(owner.api, 'Copy source');
    await folder(owner.api, 'Sub', src.id);
    const up = await tusUpload(srv, owner.accessToken, Buffer.from('copied bytes'), { filename: 'c.txt', folderId: src.id });
    const fileCopy = assertOk(await owner.api.post(`vault/items/${up.fileId}/copy`, { parentId: src.id, onConflict: 'rename' }), 201);
    assert.equal(fileCopy.name, 'c (1).txt');
    assert.equal((await download(srv, owner.accessToken, fileCopy.id)).text, 'copied bytes');
    const tree = assertOk(await owner.api.post(`vault/items/${src.id}/copy`, { parentId: 'root', name: 'Copy target' }), 201);
    assert.deepEqual((await children(owner.api, tree.id)).map((i) => i.name), ['Sub', 'c (1).txt', 'c.txt']);
    const into = assertError(await owner.api.post(`vault/items/${src.id}/copy`, { parentId: src.id }), 400, 'VALIDATION_ERROR');
    assert.ok(into.details.fields.parentId, 'a folder cannot be copied into itself');
  });

  test('a folder downloads as a zip made while it streams', async () => {
    const top = await folder(owner.api, 'Zipped');
    const sub = await folder(owner.api, 'Sub dir', top.id);
    await folder(owner.api, 'Empty', top.id);
    const big = bytes(700 * 1024);
    await tusUpload(srv, owner.accessToken, big, { filename: 'big.bin', folderId: sub.id });
    await tusUpload(srv, owner.accessToken, Buffer.from('caf\u00e9'), { filename: 'n\u00f6tes.txt', folderId: top.id });
    const res = await request(srv.url, 'GET', `/api/v1/vault/folders/${top.id}/archive`, { token: owner.accessToken });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/zip');
    assert.equal(res.headers['transfer-encoding'], 'chunked', 'streamed, not built first');
    assert.match(res.headers['content-disposition'], /filename\*=UTF-8''Zipped\.zip/);
    const entries = await unzip(res.raw);
    assert.deepEqual(entries.map((e) => e.name), ['Empty/', 'Sub dir/', 'Sub dir/big.bin', 'n\u00f6tes.txt']);
    assert.equal(sha256(entries[2].data), sha256(big));
    assert.equal(entries[3].data.toString(), 'caf\u00e9');
    assertError(await other.api.get(`vault/folders/${top.id}/archive`), 404, 'NOT_FOUND');

    // Through a download link, as the UI does: no token, the same zip.
    const link = assertOk(await owner.api.post(`vault/folders/${top.id}/download-link`));
    assert.match(link.url, /^\/api\/v1\/vault\/downloads\/[A-Za-z0-9_-]+$/);
    const viaLink = await request(srv.url, 'GET', link.url);
    assert.equal(viaLink.status, 200);
    assert.equal(viaLink.headers['content-type'], 'application/zip');
    assert.deepEqual((await unzip(viaLink.raw)).map((e) => e.name), entries.map((e) => e.name));
    assertError(await other.api.post(`vault/folders/${top.id}/download-link`), 404, 'NOT_FOUND');
    const audited = assertOk(await owner.api.get('audit?action=vault.folder.download&limit=5'));
    assert.ok(audited.some((e) => e.targetId === top.id && e.userId === owner.user.id), 'the link download is audited');
  });

  test('listing pages by cursor, folders first, sorted and searchable', async () => {
    const big = await folder(owner.api, 'Many');
    for (let i = 0; i < 120; i++) await folder(owner.api, `Folder ${String(i).padStart(3, '0')}`, big.id);
    await tusUpload(srv, owner.accessToken, Buffer.from('a'), { filename: 'aaa-file.txt', folderId: big.id });
    const seen = [];
    let cursor = null;
    do {
      const res = await owner.api.get(`vault/folders/${big.id}/children?limit=50${cursor ? `&cursor=${cursor}` : ''}`);
      const page = assertOk(res);
      seen.push(...page.map((i) => i.name));
      cursor = res.body.meta.nextCursor;
    } while (cursor);
    assert.equal(seen.length, 121);
    assert.equal(new Set(seen).size, 121, 'no item twice');
    assert.equal(seen[0], 'Folder 000');
    assert.equal(seen[120], 'aaa-file.txt', 'files after folders');
    const desc = await children(owner.api, big.id, '&sort=-name');
    assert.equal(desc[0].name, 'Folder 119');
    const found = await children(owner.api, big.id, '&q=folder%2005');
    assert.deepEqual(found.map((i) => i.name).slice(0, 2), ['Folder 050', 'Folder 051']);
    assert.equal(found.length, 10);
    assertError(await owner.api.get(`vault/folders/${big.id}/children?cursor=bm9wZQ`), 400, 'VALIDATION_ERROR');
  });

  // Before the password guessing below, which throttles this address for a while.
  test('a file drop: visitors upload into the folder, see nothing, never overwrite, and count against its owner', async () => {
    const drop = await folder(owner.api, 'Applications');
    const existing = await tusUpload(srv, owner.accessToken, Buffer.from('private cv'), { filename: 'cv.pdf', folderId: drop.id });
    const link = assertOk(await owner.api.post('vault/shares', { itemId: drop.id, uploadOnly: true, password: 'drop it here' }), 201);
    const path = `/api/v1/public/shares/${link.token}/uploads`;
    const pw = { 'X-Share-Password': 'drop it here' };

    const info = assertOk(await request(srv.url, 'GET', `/api/v1/public/shares/${link.token}`, { headers: pw }));
    assert.equal(info.uploadOnly, true);
    assert.equal(info.files, undefined, 'a drop shows nothing of what it holds');
    assertError(await request(srv.url, 'GET', `/api/v1/public/shares/${link.token}/content?fileId=${existing.fileId}`, { headers: pw }), 404, 'NOT_FOUND');

    // Without the password nothing is accepted; with it, a visitor's upload of the same name is a new file.
    const refused = await request(srv.url, 'POST', path, { headers: { 'Tus-Resumable': '1.0.0', 'Upload-Length': '3', 'Upload-Metadata': meta({ filename: 'x' }) } });
    assertError(refused, 401, 'SHARE_PASSWORD_REQUIRED');
    const up = await tusUpload(srv, null, Buffer.from('a stranger\'s cv'), { path, headers: pw, filename: 'cv.pdf', folderId: 'root' });
    const listed = await children(owner.api, drop.id);
    assert.deepEqual(listed.map((i) => i.name).sort(), ['cv (1).pdf', 'cv.pdf']);
    const dropped = listed.find((i) => i.id === up.fileId);
    assert.equal(dropped.parentId, drop.id, 'the metadata cannot choose another folder');
    assert.equal(dropped.createdBy, owner.user.id, "charged to the link's creator");
    assert.equal(assertOk(await owner.api.get(`vault/files/${existing.fileId}/versions`)).length, 1, 'the existing file is untouched');

    // A visitor cannot reach a member's uploads through the link, nor upload through a download link.
    const mine = await tusRequest(srv, owner.accessToken, 'POST', '', { headers: { 'Upload-Length': '10', 'Upload-Metadata': meta({ filename: 'm.txt' }) } });
    const mineId = mine.headers.location.split('/').pop();
    const head = await request(srv.url, 'HEAD', `${path}/${mineId}`, { headers: { ...pw, 'Tus-Resumable': '1.0.0' } });
    assert.equal(head.status, 404);
    const plain = assertOk(await owner.api.post('vault/shares', { itemId: drop.id }), 201);
    const notDrop = await request(srv.url, 'POST', `/api/v1/public/shares/${plain.token}/uploads`, {
      headers: { 'Tus-Resumable': '1.0.0', 'Upload-Length': '3', 'Upload-Metadata': meta({ filename: 'x' }) },
    });
    assertError(notDrop, 404, 'NOT_FOUND');
  });

  test('share links: password, throttled guesses, downloads counted when complete, revoke', async () => {
    const data = bytes(64 * 1024);
    const up = await tusUpload(srv, owner.accessToken, data, { filename: 'shared.bin' });
    const link = assertOk(await owner.api.post('vault/shares', { itemId: up.fileId, password: 'open sesame!', maxDownloads: 1 }), 201);
    assert.match(link.url, /\/s\/[A-Za-z0-9_-]{22}$/);
    assert.equal(link.hasPassword, true);
    const anon = srv.api();
    const pub = (path = '', headers = {}) => request(srv.url, 'GET', `/api/v1/public/shares/${link.token}${path}`, { headers });

    assertError(await pub(), 401, 'SHARE_PASSWORD_REQUIRED');
    assertError(await pub('/content'), 401, 'SHARE_PASSWORD_REQUIRED');
    assertError(await pub('', { 'X-Share-Password': 'wrong one' }), 401, 'SHARE_PASSWORD_WRONG');
    const meta1 = assertOk(await pub('', { 'X-Share-Password': 'open sesame!' }));
    assert.equal(meta1.name, 'shared.bin');
    assert.equal(meta1.downloadsLeft, 1);

    const pw = { 'X-Share-Password': 'open sesame!' };
    const partial = await pub('/content', { ...pw, Range: 'bytes=0-99' });
    assert.equal(partial.status, 206);
    assert.equal(assertOk(await owner.api.get(`vault/shares?itemId=${up.fileId}`))[0].downloads, 0, 'a partial download is not a download');
    const whole = await pub('/content', pw);
    assert.equal(whole.status, 200);
    assert.equal(sha256(whole.raw), sha256(data));
    assert.match(whole.headers['content-disposition'], /^attachment;/);
    // Counted once the last byte went out, just after the client has it: wait for it.
    const listed = await waitFor(async () => {
      const links = assertOk(await owner.api.get(`vault/shares?itemId=${up.fileId}`));
      return links[0].downloads === 1 ? links : null;
    }, { timeoutMs: 5000, what: 'the completed download to be counted' });
    assert.equal(listed[0].downloads, 1);
    assert.equal(listed[0].active, false);
    assert.equal(listed[0].url, null, 'the token is not kept');
    assertError(await pub('/content', pw), 410, 'GONE');
    // The link's creator hears of the download (in the app), the rest of the organization does not.
    await waitFor(async () => {
      const mine = assertOk(await owner.api.get('notifications?limit=50'));
      return mine.find((n) => n.title === 'Shared file downloaded: shared.bin' && n.kind === 'vault');
    }, { timeoutMs: 10000, what: 'the download notification' });
    assert.ok(!assertOk(await operator.api.get('notifications?limit=50')).some((n) => n.kind === 'vault'));
    // Every access through the link is in the organization's audit log.
    const audit = assertOk(await owner.api.get('audit?action=vault.share.download&limit=50'));
    assert.ok(audit.some((e) => e.targetId === link.id && e.result === 'success'), JSON.stringify(audit.slice(0, 2)));
    assert.ok(assertOk(await owner.api.get('audit?action=vault.share.access&limit=50')).some((e) => e.result === 'denied'),
      'wrong passwords are audited as denied');

    // Guessing is throttled per address, while the owner keeps working in the vault.
    const link2 = assertOk(await owner.api.post('vault/shares', { itemId: up.fileId, password: 'another secret' }), 201);
    let limited = null;
    for (let i = 0; i < 8 && !limited; i++) {
      const res = await request(srv.url, 'GET', `/api/v1/public/shares/${link2.token}`, { headers: { 'X-Share-Password': `guess ${i}` } });
      if (res.status === 429) limited = res;
    }
    assert.ok(limited, 'wrong guesses end in 429');
    assert.ok(Number(limited.headers['retry-after']) >= 1);
    assert.equal((await download(srv, owner.accessToken, up.fileId)).status, 200, 'the owner is not locked out');

    // Revoked: gone at once. Unknown tokens look the same.
    const link3 = assertOk(await owner.api.post('vault/shares', { itemId: up.fileId }), 201);
    assert.equal((await request(srv.url, 'GET', `/api/v1/public/shares/${link3.token}/content`)).status, 200);
    assertOk(await owner.api.delete(`vault/shares/${link3.id}`), 204);
    assertError(await request(srv.url, 'GET', `/api/v1/public/shares/${link3.token}/content`), 404, 'NOT_FOUND');
    assertError(await request(srv.url, 'GET', '/api/v1/public/shares/AAAAAAAAAAAAAAAAAAAAAA'), 404, 'NOT_FOUND');
    assert.ok(anon);
  });

  test('share links: expiry, trash, folder links give their files and nothing else', async () => {
    const shared = await folder(owner.api, 'Shared folder');
    const inside = await tusUpload(srv, owner.accessToken, Buffer.from('in'), { filename: 'in.txt', folderId: shared.id });
    const outside = await tusUpload(srv, owner.accessToken, Buffer.from('out'), { filename: 'out.txt' });
    const link = assertOk(await owner.api.post('vault/shares', { itemId: shared.id }), 201);
    const pub = (path) => request(srv.url, 'GET', `/api/v1/public/shares/${link.token}${path}`);
    const info = assertOk(await pub(''));
    assert.equal(info.kind, 'folder');
    assert.deepEqual(info.files.map((f) => f.path), ['in.txt']);
    assert.equal((await pub(`/content?fileId=${inside.fileId}`)).text, 'in');
    assertError(await pub(`/content?fileId=${outside.fileId}`), 404, 'NOT_FOUND');
    assertError(await pub('/content'), 400, 'VALIDATION_ERROR');

    assertError(await owner.api.post('vault/shares', { itemId: inside.fileId, expiresAt: '2020-01-01T00:00:00Z' }), 400, 'VALIDATION_ERROR');
    const soon = assertOk(await owner.api.post('vault/shares', { itemId: inside.fileId, expiresAt: new Date(Date.now() + 1500).toISOString() }), 201);
    assert.equal((await request(srv.url, 'GET', `/api/v1/public/shares/${soon.token}`)).status, 200);
    await new Promise((r) => setTimeout(r, 1600));
    assertError(await request(srv.url, 'GET', `/api/v1/public/shares/${soon.token}`), 404, 'NOT_FOUND');

    // The folder goes to the trash: its link stops at once.
    assertOk(await owner.api.delete(`vault/items/${shared.id}`), 204);
    assertError(await pub(''), 404, 'NOT_FOUND');
    assertError(await owner.api.post('vault/shares', { itemId: outside.fileId, uploadOnly: true }), 400, 'VALIDATION_ERROR');
  });

  test('analytics: storage over time, uploads and downloads per day, largest and most downloaded', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const a = assertOk(await owner.api.get('vault/analytics'));
    assert.equal(a.to, today);
    const stored = a.storageOverTime.find((d) => d.date === today);
    assert.ok(stored && stored.used > 0, JSON.stringify(a.storageOverTime));
    const usage = assertOk(await owner.api.get('vault/usage'));
    assert.equal(stored.used, usage.used, 'the same count as the quota');
    // Per member: the same numbers as the usage's byUser, most first, named.
    assert.ok(a.storageByUser.length >= 1 && a.storageByUser.length <= 8);
    for (const member of a.storageByUser) {
      const today = member.points.find((p) => p.date === a.to);
      const counted = usage.byUser.find((u) => u.userId === member.userId);
      assert.ok(today && counted, JSON.stringify(member));
      assert.equal(today.used, counted.used);
      assert.equal(member.name, counted.name);
    }
    const up = a.uploadsPerDay.find((d) => d.date === today);
    assert.ok(up.files >= 10, JSON.stringify(up));
    const down = a.downloadsPerDay.find((d) => d.date === today);
    assert.ok(down.files > down.viaLinks && down.viaLinks >= 1, JSON.stringify(down));
    assert.ok(a.largest.length > 0);
    for (let i = 1; i < a.largest.length; i++) assert.ok(a.largest[i - 1].size >= a.largest[i].size);
    assert.ok(a.mostDownloaded.length > 0 && a.mostDownloaded[0].downloads >= 1);
    assert.ok(a.shareActivity.some((l) => l.downloads >= 1));
    assertError(await owner.api.get('vault/analytics?from=yesterday'), 400, 'VALIDATION_ERROR');
    assertError(await owner.api.get('vault/analytics?from=2020-01-01&to=2026-01-01'), 400, 'VALIDATION_ERROR');
    const empty = assertOk(await other.api.get('vault/analytics'));
    assert.deepEqual([empty.uploadsPerDay, empty.downloadsPerDay, empty.largest], [[], [], []], 'another organization has its own');
  });

  test('tenant isolation: another organization sees and reaches nothing', async () => {
    const mine = await tusUpload(srv, owner.accessToken, Buffer.from('private'), { filename: 'private.txt' });
    assertError(await other.api.get(`vault/items/${mine.fileId}`), 404, 'NOT_FOUND');
    assert.equal((await download(srv, other.accessToken, mine.fileId)).status, 404);
    assertError(await other.api.patch(`vault/items/${mine.fileId}`, { name: 'x' }), 404, 'NOT_FOUND');
    assertError(await other.api.delete(`vault/items/${mine.fileId}`), 404, 'NOT_FOUND');
    assertError(await other.api.post(`vault/items/${mine.fileId}/copy`, { parentId: 'root' }), 404, 'NOT_FOUND');
    assertError(await other.api.post('vault/shares', { itemId: mine.fileId }), 404, 'NOT_FOUND');
    assertError(await other.api.get(`vault/files/${mine.fileId}/versions`), 404, 'NOT_FOUND');
    assert.ok(!(await children(other.api)).some((i) => i.id === mine.fileId));
    assert.equal(assertOk(await other.api.get('vault/usage')).used, 0);
    // Uploading into another organization's folder is refused before a byte is sent.
    const theirs = await folder(owner.api, 'Not yours');
    const res = await tusRequest(srv, other.accessToken, 'POST', '', { headers: { 'Upload-Length': '1', 'Upload-Metadata': meta({ filename: 'x', folderId: theirs.id }) } });
    assertError(res, 404, 'NOT_FOUND');
  });
});
