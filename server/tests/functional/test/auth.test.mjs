// Every auth flow: register, login, same 401 for unknown e-mail and wrong password, me,
// refresh rotation, reuse detection revoking the family, logout, invite + accept,
// password change, forged/tampered tokens.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertError, assertOk, request } from '../lib/http.mjs';
import { uniqueEmail, registerOwner, login, PASSWORD, addMember } from '../lib/fixtures.mjs';

const b64url = (obj) => Buffer.from(JSON.stringify(obj)).toString('base64url');
const decode = (part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

describe('auth', () => {
  let srv;
  before(async () => {
    srv = await startServer();
  });
  after(async () => {
    await srv?.stop();
  });

  test('register creates an owner, an organization and a token pair', async () => {
    const email = uniqueEmail('reg');
    const res = await srv.api().post('auth/register', {
      email: `  ${email.toUpperCase()} `,
      name: 'Ada Lovelace',
      password: PASSWORD,
      organizationName: 'Analytical Engines',
    });
    const data = assertOk(res, 201);
    assert.equal(data.user.email, email, 'email is trimmed and lower-cased');
    assert.equal(data.user.role, 'owner');
    assert.equal(data.user.status, 'active');
    assert.equal(data.user.organizationId, data.organization.id);
    assert.equal(data.organization.name, 'Analytical Engines');
    assert.match(data.user.id, /^usr_/);
    assert.match(data.organization.id, /^org_/);
    assert.equal(data.expiresIn, 900);
    assert.ok(!('password' in data.user) && !('passwordHash' in data.user), 'no password material');
    assert.ok(!JSON.stringify(data).includes(PASSWORD));

    const [h, p, s] = data.accessToken.split('.');
    assert.ok(h && p && s, 'access token is a JWS compact JWT');
    const header = decode(h);
    assert.equal(header.alg, 'HS256');
    assert.ok(header.kid, 'JWT header carries kid');
    const payload = decode(p);
    assert.ok(payload.exp - payload.iat <= 900 && payload.exp - payload.iat > 0, '15 min lifetime');
    assert.notEqual(data.refreshToken, data.accessToken);
  });

  test('register without organizationName still creates an organization', async () => {
    const data = assertOk(
      await srv.api().post('auth/register', { email: uniqueEmail('noorg'), name: 'Bob', password: PASSWORD }),
      201,
    );
    assert.ok(data.organization.name.length > 0);
    assert.match(data.organization.slug, /^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  test('register with a duplicate email (any case) is 409 CONFLICT', async () => {
    const owner = await registerOwner(srv);
    const res = await srv.api().post('auth/register', {
      email: owner.email.toUpperCase(),
      name: 'Dup',
      password: PASSWORD,
    });
    assertError(res, 409, 'CONFLICT');
  });

  test('register validation names each bad field', async () => {
    const res = await srv.api().post('auth/register', { email: 'not-an-email', name: 'X', password: 'short' });
    const err = assertError(res, 400, 'VALIDATION_ERROR');
    assert.equal(typeof err.details?.fields?.email, 'string', 'details.fields.email');
    assert.equal(typeof err.details?.fields?.password, 'string', 'details.fields.password');

    const missing = assertError(await srv.api().post('auth/register', {}), 400, 'VALIDATION_ERROR');
    for (const f of ['email', 'name', 'password']) {
      assert.equal(typeof missing.details?.fields?.[f], 'string', `details.fields.${f} for a missing field`);
    }
    const wrongType = assertError(
      await srv.api().post('auth/register', { email: 42, name: ['x'], password: PASSWORD }),
      400,
      'VALIDATION_ERROR',
    );
    assert.ok(wrongType.details.fields.email && wrongType.details.fields.name);
    // Exactly 10 characters is enough; 9 is not.
    assertOk(await srv.api().post('auth/register', { email: uniqueEmail('ten'), name: 'T', password: '0123456789' }), 201);
    assertError(
      await srv.api().post('auth/register', { email: uniqueEmail('nine'), name: 'N', password: '012345678' }),
      400,
      'VALIDATION_ERROR',
    );
  });

  test('login returns the same shape; email is case-insensitive; lastLoginAt is set', async () => {
    const owner = await registerOwner(srv);
    const data = assertOk(await srv.api().post('auth/login', { email: owner.email.toUpperCase(), password: PASSWORD }));
    assert.equal(data.user.id, owner.user.id);
    assert.equal(data.organization.id, owner.organization.id);
    assert.equal(data.expiresIn, 900);
    assert.ok(data.user.lastLoginAt, 'lastLoginAt set after a login');
    const me = assertOk(await srv.api({ token: data.accessToken }).get('auth/me'));
    assert.ok(me.lastLoginAt);
  });

  test('wrong password and unknown email give the same 401', async () => {
    const owner = await registerOwner(srv);
    const wrong = assertError(
      await srv.api().post('auth/login', { email: owner.email, password: 'wrong-password-123' }),
      401,
      'AUTHENTICATION_ERROR',
    );
    const unknown = assertError(
      await srv.api().post('auth/login', { email: uniqueEmail('ghost'), password: 'wrong-password-123' }),
      401,
      'AUTHENTICATION_ERROR',
    );
    assert.equal(wrong.message, unknown.message);
    assert.deepEqual(wrong.details, unknown.details);
  });

  test('GET /auth/me returns the profile, preferences and onboarding state', async () => {
    const owner = await registerOwner(srv, { organizationName: 'Me Corp' });
    const me = assertOk(await owner.api.get('auth/me'));
    assert.equal(me.id, owner.user.id);
    assert.equal(me.email, owner.email);
    assert.equal(me.role, 'owner');
    assert.equal(me.status, 'active');
    assert.equal(me.organizationId, owner.organization.id);
    assert.equal(me.organizationName, 'Me Corp');
    assert.equal(me.onboardingCompleted, false);
    assert.equal(me.demoMode, false);
    assert.equal(me.demoScenario, null);
    assert.equal(me.preferences.theme, 'system');
  });

  test('missing, malformed, tampered and alg=none tokens are 401', async () => {
    const owner = await registerOwner(srv);
    assertError(await srv.api().get('auth/me'), 401, 'AUTHENTICATION_ERROR');
    assertError(await srv.api({ token: 'garbage' }).get('auth/me'), 401, 'AUTHENTICATION_ERROR');
    assertError(
      await srv.api().get('auth/me', { headers: { Authorization: `Basic ${Buffer.from('a:b').toString('base64')}` } }),
      401,
      'AUTHENTICATION_ERROR',
    );
    const [h, p, s] = owner.accessToken.split('.');
    const payload = decode(p);
    // Payload changed, signature kept.
    const tampered = `${h}.${b64url({ ...payload, role: 'owner', sub: 'usr_other' })}.${s}`;
    assertError(await srv.api({ token: tampered }).get('auth/me'), 401, 'AUTHENTICATION_ERROR');
    // alg none, no signature.
    const none = `${b64url({ ...decode(h), alg: 'none' })}.${p}.`;
    assertError(await srv.api({ token: none }).get('auth/me'), 401, 'AUTHENTICATION_ERROR');
    // Algorithm swap with the original signature.
    const swapped = `${b64url({ ...decode(h), alg: 'HS512' })}.${p}.${s}`;
    assertError(await srv.api({ token: swapped }).get('auth/me'), 401, 'AUTHENTICATION_ERROR');
    // Expired (claims altered → signature invalid anyway, but must not be accepted).
    const expired = `${h}.${b64url({ ...payload, exp: 1000 })}.${s}`;
    assertError(await srv.api({ token: expired }).get('auth/me'), 401, 'AUTHENTICATION_ERROR');
    // A refresh token is not an access token.
    assertError(await srv.api({ token: owner.refreshToken }).get('auth/me'), 401, 'AUTHENTICATION_ERROR');
    // The genuine token still works.
    assertOk(await owner.api.get('auth/me'));
  });

  test('refresh rotates the pair; the old refresh token stops working', async () => {
    const owner = await registerOwner(srv);
    const first = assertOk(await srv.api().post('auth/refresh', { refreshToken: owner.refreshToken }));
    assert.notEqual(first.refreshToken, owner.refreshToken);
    assert.equal(first.user.id, owner.user.id);
    assert.equal(first.expiresIn, 900);
    assertOk(await srv.api({ token: first.accessToken }).get('auth/me'));
    const second = assertOk(await srv.api().post('auth/refresh', { refreshToken: first.refreshToken }));
    assert.notEqual(second.refreshToken, first.refreshToken);
  });

  test('reusing a rotated refresh token is 401 and revokes the whole family', async () => {
    const owner = await registerOwner(srv);
    const rt1 = owner.refreshToken;
    const r2 = assertOk(await srv.api().post('auth/refresh', { refreshToken: rt1 }));
    // Replay of rt1 (as a thief would): rejected…
    assertError(await srv.api().post('auth/refresh', { refreshToken: rt1 }), 401, 'AUTHENTICATION_ERROR');
    // …and the legitimate descendant is dead too.
    assertError(await srv.api().post('auth/refresh', { refreshToken: r2.refreshToken }), 401, 'AUTHENTICATION_ERROR');
    // Another login (another family) is unaffected.
    const other = await login(srv, owner.email);
    assertOk(await srv.api().post('auth/refresh', { refreshToken: other.refreshToken }));
  });

  test('refresh with an unknown or empty token', async () => {
    assertError(await srv.api().post('auth/refresh', { refreshToken: 'nope-not-a-token' }), 401, 'AUTHENTICATION_ERROR');
    assertError(await srv.api().post('auth/refresh', {}), 400, 'VALIDATION_ERROR');
  });

  test('logout revokes the refresh token (204) and is idempotent', async () => {
    const owner = await registerOwner(srv);
    assertOk(await srv.api().post('auth/logout', { refreshToken: owner.refreshToken }), 204);
    assertError(await srv.api().post('auth/refresh', { refreshToken: owner.refreshToken }), 401, 'AUTHENTICATION_ERROR');
    assertOk(await srv.api().post('auth/logout', { refreshToken: owner.refreshToken }), 204);
  });

  test('invite + accept-invite activates the user and signs them in', async () => {
    const owner = await registerOwner(srv);
    const email = uniqueEmail('invited');
    const created = assertOk(await owner.api.post('users', { email, name: 'Invited Person', role: 'operator' }), 201);
    assert.equal(created.status, 'invited');
    assert.equal(created.role, 'operator');
    assert.equal(created.lastLoginAt, null);
    assert.equal(typeof created.inviteToken, 'string');
    // Invited users cannot log in yet (no password).
    assertError(await srv.api().post('auth/login', { email, password: PASSWORD }), 401, 'AUTHENTICATION_ERROR');
    // The token is shown once: neither GET nor the list repeat it.
    const fetched = assertOk(await owner.api.get(`users/${created.id}`));
    assert.equal(fetched.inviteToken, undefined);

    assertError(
      await srv.api().post('auth/accept-invite', { token: created.inviteToken, password: 'short' }),
      400,
      'VALIDATION_ERROR',
    );
    const accepted = assertOk(
      await srv.api().post('auth/accept-invite', { token: created.inviteToken, password: PASSWORD, name: 'Renamed' }),
    );
    assert.equal(accepted.user.id, created.id);
    assert.equal(accepted.user.status, 'active');
    assert.equal(accepted.user.role, 'operator');
    assert.equal(accepted.user.name, 'Renamed');
    assert.equal(accepted.organization.id, owner.organization.id);
    assertOk(await srv.api({ token: accepted.accessToken }).get('auth/me'));
    await login(srv, email);
    // The invitation cannot be used twice; unknown tokens are not found.
    assertError(
      await srv.api().post('auth/accept-invite', { token: created.inviteToken, password: 'another-password-1' }),
      404,
      'NOT_FOUND',
    );
    assertError(
      await srv.api().post('auth/accept-invite', { token: 'bogus-invite-token', password: PASSWORD }),
      404,
      'NOT_FOUND',
    );
  });

  test('password change: wrong current password is 400, then old password stops working', async () => {
    const owner = await registerOwner(srv);
    const wrong = assertError(
      await owner.api.post('users/me/password', { currentPassword: 'not-my-password', newPassword: 'brand-new-password-1' }),
      400,
      'VALIDATION_ERROR',
    );
    assert.ok(wrong.details?.fields?.currentPassword, 'details.fields.currentPassword');
    assertError(
      await owner.api.post('users/me/password', { currentPassword: PASSWORD, newPassword: 'short' }),
      400,
      'VALIDATION_ERROR',
    );
    const other = await login(srv, owner.email, PASSWORD);  // another device
    const fresh = assertOk(
      await owner.api.post('users/me/password', { currentPassword: PASSWORD, newPassword: 'brand-new-password-1' }),
      200,
    );
    // Every session ended at once, this one too; the caller goes on in the new one it was given.
    assertError(await owner.api.get('auth/me'), 401, 'AUTHENTICATION_ERROR');
    assertError(await other.api.get('auth/me'), 401, 'AUTHENTICATION_ERROR');
    assertError(await srv.api().post('auth/refresh', { refreshToken: other.refreshToken }), 401, 'AUTHENTICATION_ERROR');
    assertOk(await srv.api(fresh.accessToken).get('auth/me'));
    assertOk(await srv.api().post('auth/refresh', { refreshToken: fresh.refreshToken }));
    assertError(await srv.api().post('auth/login', { email: owner.email, password: PASSWORD }), 401, 'AUTHENTICATION_ERROR');
    await login(srv, owner.email, 'brand-new-password-1');
    assertError(
      await srv.api().post('users/me/password', { currentPassword: PASSWORD, newPassword: 'x'.repeat(12) }),
      401,
      'AUTHENTICATION_ERROR',
    );
  });

  test('an access token stops working at logout and when refresh-token reuse is detected', async () => {
    const owner = await registerOwner(srv);
    const second = await login(srv, owner.email, PASSWORD);
    assertOk(await owner.api.get('auth/me'));
    assertOk(await srv.api().post('auth/logout', { refreshToken: owner.refreshToken }), 204);
    assertError(await owner.api.get('auth/me'), 401, 'AUTHENTICATION_ERROR');
    // Only that sign-in ended.
    assertOk(await second.api.get('auth/me'));
    // A stolen refresh token used after its owner rotated it ends the whole sign-in, access
    // tokens included (the thief's and the owner's).
    const rotated = assertOk(await srv.api().post('auth/refresh', { refreshToken: second.refreshToken }));
    assertOk(await srv.api(rotated.accessToken).get('auth/me'));
    assertError(await srv.api().post('auth/refresh', { refreshToken: second.refreshToken }), 401, 'AUTHENTICATION_ERROR');
    assertError(await srv.api(rotated.accessToken).get('auth/me'), 401, 'AUTHENTICATION_ERROR');
    assertError(await second.api.get('auth/me'), 401, 'AUTHENTICATION_ERROR');
  });

  test('active sessions: listed with their browser, the current one marked; ending one ends its tokens', async () => {
    const owner = await registerOwner(srv);
    const signIn = async (agent) =>
      assertOk(await request(srv.url, 'POST', '/api/v1/auth/login', {
        body: { email: owner.email, password: PASSWORD },
        headers: { 'User-Agent': agent },
      }));
    const laptop = await signIn('Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0');
    const phone = await signIn('Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/604.1');
    const list = assertOk(await srv.api(laptop.accessToken).get('auth/sessions'));
    assert.equal(list.length, 3, 'the registration and two sign-ins');
    const current = list.filter((x) => x.current);
    assert.equal(current.length, 1);
    assert.match(current[0].userAgent, /Firefox\/130/);
    assert.equal(current[0].ip, '127.0.0.1');
    const other = list.find((x) => /iPhone/.test(x.userAgent ?? ''));
    assert.ok(other && !other.current);

    // Ending the phone's sign-in: its access and refresh tokens stop at once; the laptop goes on.
    assertOk(await srv.api(laptop.accessToken).delete(`auth/sessions/${other.id}`), 204);
    assertError(await srv.api(phone.accessToken).get('auth/me'), 401, 'AUTHENTICATION_ERROR');
    assertError(await srv.api().post('auth/refresh', { refreshToken: phone.refreshToken }), 401, 'AUTHENTICATION_ERROR');
    assertOk(await srv.api(laptop.accessToken).get('auth/me'));
    assert.equal(assertOk(await srv.api(laptop.accessToken).get('auth/sessions')).length, 2);

    // A refresh keeps the same session (its last use moves); someone else's session is unknown.
    const refreshed = assertOk(await srv.api().post('auth/refresh', { refreshToken: laptop.refreshToken }));
    const after = assertOk(await srv.api(refreshed.accessToken).get('auth/sessions'));
    assert.equal(after.length, 2);
    assert.equal(after.find((x) => x.current).id, current[0].id);
    const stranger = await registerOwner(srv);
    assertError(await stranger.api.delete(`auth/sessions/${current[0].id}`), 404, 'NOT_FOUND');
    assertOk(await srv.api(refreshed.accessToken).get('auth/me'));
    const audit = assertOk(await owner.api.get('audit?action=auth.session.revoke&limit=10'));
    assert.ok(audit.some((e) => e.targetId === other.id), JSON.stringify(audit).slice(0, 300));
  });

  test('a removed user cannot refresh or use the API any more', async () => {
    const owner = await registerOwner(srv);
    const member = await addMember(srv, owner.api, 'viewer');
    assertOk(await owner.api.delete(`users/${member.user.id}`), 204);
    assertError(await srv.api().post('auth/refresh', { refreshToken: member.refreshToken }), 401, 'AUTHENTICATION_ERROR');
    assertError(await member.api.get('auth/me'), 401, 'AUTHENTICATION_ERROR');
    assertError(await srv.api().post('auth/login', { email: member.email, password: PASSWORD }), 401, 'AUTHENTICATION_ERROR');
  });

  test('concurrent refreshes of one token: exactly one wins', async () => {
    const owner = await registerOwner(srv);
    const results = await Promise.all(
      Array.from({ length: 6 }, () => srv.api().post('auth/refresh', { refreshToken: owner.refreshToken })),
    );
    const statuses = results.map((r) => r.status).sort();
    assert.equal(statuses.filter((s) => s === 200).length, 1, `statuses ${statuses}`);
    assert.ok(statuses.every((s) => s === 200 || s === 401), `statuses ${statuses}`);
  });

  test('concurrent registrations with one e-mail: one 201, the rest 409, no 500', async () => {
    const email = uniqueEmail('race');
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => srv.api().post('auth/register', { email, name: `Racer ${i}`, password: PASSWORD })),
    );
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [201, 409, 409, 409, 409]);
  });
});
