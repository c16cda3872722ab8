// Notifications end to end against real receivers started here: an SMTP server (smtp-server)
// and a webhook receiver that verifies X-CloudWeave-Signature. Channels (secrets write-only),
// test buttons reporting the exact failure, a failing sync fanned out to the in-app center
// (live over the WebSocket, by each user's preferences), email and webhooks, a broken webhook
// retried then dead-lettered, and the delivery log.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertError, assertOk } from '../lib/http.mjs';
import { WsClient } from '../lib/ws.mjs';
import { registerOwner, addMember, waitFor, sleep } from '../lib/fixtures.mjs';
import { connectAndSync } from '../lib/inventory.mjs';
import { startSmtp, startWebhookReceiver } from '../lib/receivers.mjs';

const SECRET = 'whsec-test-1234567890';

describe('notifications', () => {
  let srv, smtp, hooks, owner, admin, viewer;
  const sockets = [];
  before(async () => {
    smtp = await startSmtp();
    hooks = await startWebhookReceiver(SECRET);
    srv = await startServer();
    owner = await registerOwner(srv, { prefix: 'ntf', organizationName: 'Notify Org' });
    admin = await addMember(srv, owner.api, 'admin');
    viewer = await addMember(srv, owner.api, 'viewer');
  });
  after(async () => {
    for (const s of sockets) s.terminate();
    await srv?.stop();
    await smtp?.stop();
    await hooks?.stop();
  });

  const emailConfig = (extra = {}) => ({ host: '127.0.0.1', port: smtp.port, starttls: false, username: 'mailer', password: 'mail-secret', from: 'cloudweave@example.com', to: ['ops@example.com'], ...extra });

  test('channels: secrets are write-only, bad input is named, only admins change them', async () => {
    const created = assertOk(await admin.api.post('notification-channels', { name: 'Ops hook', type: 'webhook', config: { url: `${hooks.url}/ok/ops?token=abc`, secret: SECRET } }), 201);
    assert.match(created.id, /^nch_/);
    assert.deepEqual(created.config, {});
    assert.deepEqual(created.secretsSet.sort(), ['secret', 'url']);
    assert.equal(created.target, hooks.url, 'scheme and host only, never the token');
    assert.deepEqual(created.events.sort(), ['alerts', 'costAlerts', 'deployments', 'security', 'sync', 'vault']);
    assert.ok(!JSON.stringify(created).includes(SECRET));
    const listed = assertOk(await viewer.api.get('notification-channels'));
    assert.ok(listed.some((c) => c.id === created.id));
    assert.ok(!JSON.stringify(listed).includes('token=abc'));

    const bad = assertError(await admin.api.post('notification-channels', { name: '', type: 'pager', config: {} }), 400, 'VALIDATION_ERROR');
    assert.ok(bad.details.fields.name && bad.details.fields.type);
    const badUrl = assertError(await admin.api.post('notification-channels', { name: 'x', type: 'webhook', config: { url: 'ftp://x', extra: 1 } }), 400, 'VALIDATION_ERROR');
    assert.ok(badUrl.details.fields['config.url'] && badUrl.details.fields['config.extra']);
    const badMail = assertError(await admin.api.post('notification-channels', { name: 'm', type: 'email', config: { host: 'h', port: 70000, from: 'nope', to: ['x'] } }), 400, 'VALIDATION_ERROR');
    assert.ok(badMail.details.fields['config.port'] && badMail.details.fields['config.from'] && badMail.details.fields['config.to']);
    const badKinds = assertError(await admin.api.post('notification-channels', { name: 'k', type: 'in_app', config: {}, events: ['weather'] }), 400, 'VALIDATION_ERROR');
    assert.ok(badKinds.details.fields.events);
    assertError(await viewer.api.post('notification-channels', { name: 'v', type: 'in_app', config: {} }), 403, 'AUTHORIZATION_ERROR');

    // PATCH: a secret left out is kept; the type cannot change.
    const renamed = assertOk(await admin.api.patch(`notification-channels/${created.id}`, { name: 'Ops hook 2', config: {} }));
    assert.equal(renamed.name, 'Ops hook 2');
    assert.deepEqual(renamed.secretsSet.sort(), ['secret', 'url']);
    assertError(await admin.api.patch(`notification-channels/${created.id}`, { type: 'slack' }), 400, 'VALIDATION_ERROR');
    const tested = assertOk(await admin.api.post(`notification-channels/${created.id}/test`));
    assert.deepEqual(tested, { delivered: true });
    const got = hooks.received.at(-1);
    assert.equal(got.path, '/ok/ops?token=abc');
    assert.ok(got.verified, 'the receiver verified the signature with the shared secret');
    assert.equal(got.body.title, 'CloudWeave test notification');
    assertOk(await admin.api.delete(`notification-channels/${created.id}`), 204);
    assertError(await admin.api.get(`notification-channels/${created.id}`), 404, 'NOT_FOUND');
  });

  test('send test reports the exact failure: HTTP 500, refused login, DNS, metadata address', async () => {
    const make = async (body) => assertOk(await admin.api.post('notification-channels', body), 201);
    const broken = await make({ name: 'Broken hook', type: 'webhook', config: { url: `${hooks.url}/fail/x` }, enabled: false });
    let r = assertOk(await admin.api.post(`notification-channels/${broken.id}/test`));
    assert.equal(r.delivered, false);
    assert.match(r.error, /HTTP 500/);
    const wrongPassword = await make({ name: 'Bad mail', type: 'email', config: emailConfig({ password: 'wrong' }), enabled: false });
    r = assertOk(await admin.api.post(`notification-channels/${wrongPassword.id}/test`));
    assert.equal(r.delivered, false);
    assert.match(r.error, /refused the login/);
    const nowhere = await make({ name: 'Nowhere', type: 'slack', config: { url: 'http://no-such-host.invalid/hook' }, enabled: false });
    r = assertOk(await admin.api.post(`notification-channels/${nowhere.id}/test`));
    assert.equal(r.delivered, false);
    assert.match(r.error, /resolve/i);
    const metadata = await make({ name: 'Metadata', type: 'webhook', config: { url: 'http://169.254.169.254/latest/meta-data' }, enabled: false });
    r = assertOk(await admin.api.post(`notification-channels/${metadata.id}/test`));
    assert.equal(r.delivered, false);
    assert.match(r.error, /169\.254\.169\.254/);
    const mail = await make({ name: 'Mail', type: 'email', config: emailConfig(), enabled: false });
    r = assertOk(await admin.api.post(`notification-channels/${mail.id}/test`));
    assert.deepEqual(r, { delivered: true });
    const sent = smtp.mails.at(-1);
    assert.deepEqual(sent.to, ['ops@example.com']);
    assert.equal(sent.user, 'mailer', 'authenticated');
    assert.match(sent.raw, /Subject: \[CloudWeave\] CloudWeave test notification/);
    for (const c of [broken, wrongPassword, nowhere, metadata, mail]) assertOk(await admin.api.delete(`notification-channels/${c.id}`), 204);
  });

  test('a failing sync notifies: in-app by preference and live, email, signed webhook; a broken webhook retries then dies', async () => {
    const mail = assertOk(await admin.api.post('notification-channels', { name: 'Ops mail', type: 'email', config: emailConfig(), events: ['sync'] }), 201);
    const hook = assertOk(await admin.api.post('notification-channels', { name: 'Sync hook', type: 'webhook', config: { url: `${hooks.url}/ok/sync`, secret: SECRET }, events: ['sync', 'alerts'] }), 201);
    const dead = assertOk(await admin.api.post('notification-channels', { name: 'Dead hook', type: 'webhook', config: { url: `${hooks.url}/fail/sync` }, events: ['sync'] }), 201);
    const quiet = assertOk(await admin.api.post('notification-channels', { name: 'Alerts only', type: 'webhook', config: { url: `${hooks.url}/ok/alerts` }, events: ['alerts'] }), 201);
    // The viewer turns sync notifications off; the owner keeps the defaults.
    assertOk(await viewer.api.put('users/me/preferences', { notifications: { sync: false } }));

    const wsOwner = await WsClient.open(srv.url);
    sockets.push(wsOwner);
    await wsOwner.auth(owner.accessToken);
    const wsViewer = await WsClient.open(srv.url);
    sockets.push(wsViewer);
    await wsViewer.auth(viewer.accessToken);

    const account = await connectAndSync(owner.api, { scenario: 'startup', seed: 71, resourceCount: 5 }, { name: 'Flaky cloud' });
    assertOk(await owner.api.patch(`providers/${account.id}`, { credentials: { scenario: 'startup', seed: 71, resourceCount: 5, failureRate: 1 } }));
    assertOk(await owner.api.post(`providers/${account.id}/sync`), 202);

    const live = await wsOwner.next((m) => m.type === 'notification', 20000);
    assert.equal(live.data.kind, 'sync');
    assert.equal(live.data.level, 'error');
    assert.equal(live.data.title, 'Sync of Flaky cloud failed');
    assert.equal(live.data.read, false);

    const center = await owner.api.get('notifications');
    const items = assertOk(center);
    assert.equal(items[0].id, live.data.id);
    assert.ok(center.body.meta.unread >= 1);

    await waitFor(async () => hooks.received.some((h) => h.path === '/ok/sync'), { timeoutMs: 20000, what: 'the sync webhook' });
    const delivered = hooks.received.find((h) => h.path === '/ok/sync');
    assert.ok(delivered.verified);
    assert.equal(delivered.body.kind, 'sync');
    assert.equal(delivered.body.organizationId, owner.user?.organizationId ?? delivered.body.organizationId);
    await waitFor(async () => smtp.mails.some((m) => /Sync of Flaky cloud failed/.test(m.raw)), { timeoutMs: 20000, what: 'the mail' });
    assert.ok(!hooks.received.some((h) => h.path === '/ok/alerts'), 'a channel without the sync kind got nothing');

    // The broken receiver: four attempts with backoff (1 s, 2 s, 4 s, jittered), then dead.
    await waitFor(async () => {
      const log = assertOk(await admin.api.get(`notification-deliveries?channelId=${dead.id}`));
      return log.length === 1 && log[0].status === 'dead';
    }, { timeoutMs: 30000, intervalMs: 500, what: 'the broken webhook to be dead-lettered' });
    const [deadRow] = assertOk(await admin.api.get(`notification-deliveries?channelId=${dead.id}`));
    assert.equal(deadRow.attempts, 4);
    assert.match(deadRow.lastError, /HTTP 500/);
    assert.equal(deadRow.channelName, 'Dead hook');
    assert.equal(hooks.received.filter((h) => h.path === '/fail/sync').length, 4);
    const okRows = assertOk(await admin.api.get('notification-deliveries?status=delivered'));
    assert.ok(okRows.some((d) => d.channelId === hook.id) && okRows.some((d) => d.channelId === mail.id));
    assertError(await admin.api.get('notification-deliveries?status=lost'), 400, 'VALIDATION_ERROR');
    assertError(await viewer.api.get('notification-deliveries'), 403, 'AUTHORIZATION_ERROR');

    // Every retry of the sync job is the same failure: one notification, one delivery per channel.
    await sleep(500);
    const again = assertOk(await owner.api.get('notifications?limit=100')).filter((n) => n.title === 'Sync of Flaky cloud failed');
    assert.equal(again.length, 1);
    assert.equal(hooks.received.filter((h) => h.path === '/ok/sync').length, 1);

    // The viewer chose no sync notifications: nothing in the center, nothing live.
    const viewerCenter = await viewer.api.get('notifications');
    assert.equal(assertOk(viewerCenter).filter((n) => n.kind === 'sync').length, 0);
    assert.ok(!wsViewer.messages.some((m) => m.type === 'notification' && m.data.kind === 'sync'));

    // Read one, then all.
    const read = assertOk(await owner.api.post(`notifications/${live.data.id}/read`));
    assert.equal(read.read, true);
    assertError(await viewer.api.post(`notifications/${live.data.id}/read`), 404, 'NOT_FOUND');
    const unreadOnly = await owner.api.get('notifications?unread=true');
    assert.ok(!assertOk(unreadOnly).some((n) => n.id === live.data.id));
    const all = assertOk(await owner.api.post('notifications/read-all'));
    assert.ok(all.updated >= 0);
    assert.equal((await owner.api.get('notifications')).body.meta.unread, 0);
    assert.deepEqual(wsOwner.contractProblems, [], 'every event matches WsServerMessage');
    for (const c of [mail, hook, dead, quiet]) assertOk(await admin.api.delete(`notification-channels/${c.id}`), 204);
  });

  test('in-app test notification reaches only the caller, live; paging with cursors', async () => {
    const inApp = assertOk(await admin.api.post('notification-channels', { name: 'Center', type: 'in_app', config: {} }), 201);
    assertOk(await admin.api.post('notifications/read-all')); // the sync failure of the test before
    const wsAdmin = await WsClient.open(srv.url);
    sockets.push(wsAdmin);
    await wsAdmin.auth(admin.accessToken);
    const wsOwner = await WsClient.open(srv.url);
    sockets.push(wsOwner);
    await wsOwner.auth(owner.accessToken);
    for (let i = 0; i < 3; i++) assert.deepEqual(assertOk(await admin.api.post(`notification-channels/${inApp.id}/test`)), { delivered: true });
    await wsAdmin.next((m) => m.type === 'notification', 5000);
    const first = await admin.api.get('notifications?limit=2&unread=true');
    assert.equal(assertOk(first).length, 2);
    assert.equal(first.body.meta.unread, 3);
    assert.ok(first.body.meta.nextCursor);
    const second = await admin.api.get(`notifications?limit=2&unread=true&cursor=${encodeURIComponent(first.body.meta.nextCursor)}`);
    assert.equal(assertOk(second).length, 1);
    assert.equal(second.body.meta.nextCursor, null);
    assertError(await admin.api.get('notifications?cursor=garbage'), 400, 'VALIDATION_ERROR');
    await sleep(300);
    assert.ok(!wsOwner.messages.some((m) => m.type === 'notification'), 'another user saw nothing');
    assertOk(await admin.api.delete(`notification-channels/${inApp.id}`), 204);
  });
});

describe('invitation mail', () => {
  let srv, smtp, owner;
  before(async () => {
    smtp = await startSmtp();
    srv = await startServer({ env: { CLOUDWEAVE_PUBLIC_URL: 'https://cloud.example.com/' } });
    owner = await registerOwner(srv, { prefix: 'inv', organizationName: 'Invite Org' });
  });
  after(async () => {
    await srv?.stop();
    await smtp?.stop();
  });

  test('an invited member gets their one-time link by mail and can accept with it', async () => {
    // Without an email channel nothing is mailed: the admin hands the link over.
    const quiet = assertOk(await owner.api.post('users', { email: `quiet-${Date.now()}@example.com`, name: 'Quiet', role: 'viewer' }), 201);
    assert.ok(quiet.inviteToken);
    assertOk(await owner.api.post('notification-channels', {
      name: 'Mail', type: 'email', events: [],
      config: { host: '127.0.0.1', port: smtp.port, starttls: false, username: 'mailer', password: 'mail-secret', from: 'cloudweave@example.com' },
    }), 201);
    const email = `invitee-${Date.now()}@example.com`;
    const invited = assertOk(await owner.api.post('users', { email, name: 'Invitee', role: 'operator' }), 201);
    await waitFor(async () => smtp.mails.some((m) => m.to.includes(email)), { timeoutMs: 15000, what: 'the invitation mail' });
    const mail = smtp.mails.find((m) => m.to.includes(email));
    assert.match(mail.raw, /Subject: \[CloudWeave\] You are invited to Invite Org/);
    const link = mail.raw.match(/https:\/\/cloud\.example\.com\/accept-invite\?token=([A-Za-z0-9_-]+)/);
    assert.ok(link, 'the mail carries the link to the web UI');
    assert.equal(link[1], invited.inviteToken);
    assert.ok(!smtp.mails.some((m) => m.to.includes(quiet.email)), 'no mail before the channel existed');
    const jobs = assertOk(await owner.api.get('jobs?type=notifications.invite'));
    assert.equal(jobs.length, 1);
    assert.ok(!JSON.stringify(jobs[0].payload).includes(invited.inviteToken), 'the token is sealed in the job');
    const accepted = await srv.api().post('auth/accept-invite', { token: link[1], password: 'a-long-password-1' });
    assertOk(accepted);
  });
});
