// Rate limiting (token bucket per client address / user → 429 + Retry-After) and login
// throttling (per account and client address, with a growing delay; per address across accounts).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertError, assertOk } from '../lib/http.mjs';
import { registerOwner, uniqueEmail, PASSWORD } from '../lib/fixtures.mjs';

function checkRetryAfter(res, max) {
  const ra = res.headers['retry-after'];
  assert.ok(ra, 'Retry-After header on 429');
  assert.match(ra, /^\d+$/, 'Retry-After in whole seconds');
  assert.ok(Number(ra) >= 1 && Number(ra) <= max, `Retry-After ${ra} within 1..${max}`);
}

describe('rate limiting', () => {
  let srv;
  before(async () => {
    srv = await startServer({ env: { CLOUDWEAVE_RATE_LIMIT: '20' } });
  });
  after(async () => {
    await srv?.stop();
  });

  test('exceeding CLOUDWEAVE_RATE_LIMIT gives 429 RATE_LIMITED with Retry-After', async () => {
    const owner = await registerOwner(srv);
    const statuses = [];
    let limited;
    for (let i = 0; i < 45; i++) {
      const res = await owner.api.get('auth/me');
      statuses.push(res.status);
      if (res.status === 429 && !limited) limited = res;
    }
    assert.ok(limited, `no 429 in 45 requests at 20/min: ${statuses.join(',')}`);
    assertError(limited, 429, 'RATE_LIMITED');
    checkRetryAfter(limited, 60);
    const ok = statuses.filter((s) => s === 200).length;
    assert.ok(ok >= 10 && ok <= 25, `between 10 and 25 requests pass at 20/min (passed ${ok})`);
    assert.ok(statuses.every((s) => s === 200 || s === 429), statuses.join(','));
    // The limit also applies without credentials (per address): still 429, not 401.
    const anon = await srv.api().get('auth/me');
    assert.equal(anon.status, 429);
  });
});

describe('rate limiting disabled', () => {
  let srv;
  before(async () => {
    srv = await startServer({ env: { CLOUDWEAVE_RATE_LIMIT: '0' } });
  });
  after(async () => {
    await srv?.stop();
  });

  test('CLOUDWEAVE_RATE_LIMIT=0 never limits', async () => {
    const owner = await registerOwner(srv);
    for (let i = 0; i < 120; i++) {
      const res = await owner.api.get('auth/me');
      assert.equal(res.status, 200, `request ${i}: ${res.status}`);
    }
  });
});

describe('login throttling', () => {
  // Behind a proxy: the server believes X-Forwarded-For from 127.0.0.1 only, so each test can
  // play clients at different addresses.
  let srv;
  before(async () => {
    srv = await startServer({ env: { CLOUDWEAVE_TRUSTED_PROXIES: '127.0.0.1' } });
  });
  after(async () => {
    await srv?.stop();
  });
  const from = (address) => ({ headers: { 'X-Forwarded-For': address } });
  const login = (email, password, address) => srv.api().post('auth/login', { email, password }, from(address));

  test('failures throttle the (account, address) pair with a growing delay; the owner elsewhere still signs in', async () => {
    const victim = await registerOwner(srv, { prefix: 'victim' });
    const bystander = await registerOwner(srv, { prefix: 'bystander' });
    const attacker = '198.51.100.66';
    for (let i = 0; i < 5; i++) assertError(await login(victim.email, `wrong-password-${i}`, attacker), 401, 'AUTHENTICATION_ERROR');
    const blocked = await login(victim.email, 'wrong-password-x', attacker);
    assertError(blocked, 429, 'RATE_LIMITED');
    // The first delay is short (one attempt every 30 s), not a 15-minute lock.
    checkRetryAfter(blocked, 30);
    // The right password does not get through from the attacker's address (no oracle for a guesser),
    // in any case spelling of the e-mail.
    assertError(await login(victim.email, PASSWORD, attacker), 429, 'RATE_LIMITED');
    assertError(await login(victim.email.toUpperCase(), PASSWORD, attacker), 429, 'RATE_LIMITED');
    // The victim, at home, is not locked out; another account from the attacker's address neither.
    assertOk(await login(victim.email, PASSWORD, '203.0.113.10'));
    assertOk(await login(bystander.email, PASSWORD, attacker));
    // Access tokens already issued keep working.
    assertOk(await victim.api.get('auth/me'));
  });

  test('one address spraying many accounts is throttled after 100 failures', async () => {
    const late = await registerOwner(srv, { prefix: 'late' });
    const sprayer = '198.51.100.77';
    let failures = 0;
    let limited = null;
    for (let n = 0; n < 30 && !limited; n++) {
      const email = uniqueEmail('spray');
      for (let i = 0; i < 4; i++) {
        const res = await login(email, 'wrong-password-spray', sprayer);
        if (res.status === 429) {
          limited = res;
          break;
        }
        assertError(res, 401, 'AUTHENTICATION_ERROR');
        failures++;
      }
    }
    assert.ok(limited, 'per-address throttle never kicked in');
    checkRetryAfter(limited, 15 * 60);
    assert.ok(failures >= 98 && failures <= 100, `address throttled after ${failures} failures (want 100)`);
    assertError(await login(late.email, PASSWORD, sprayer), 429, 'RATE_LIMITED');
    // Everyone else, behind the same proxy, signs in.
    assertOk(await login(late.email, PASSWORD, '203.0.113.11'));
  });

  test('sign-ups with emails that already have an account are throttled per address (no cheap way to list accounts)', async () => {
    const existing = await registerOwner(srv, { prefix: 'taken' });
    const signUp = (address) => srv.api().post('auth/register', { email: existing.email, name: 'Prober', password: PASSWORD }, from(address));
    for (let i = 0; i < 10; i++) assertError(await signUp('198.51.100.88'), 409, 'CONFLICT');
    const limited = await signUp('198.51.100.88');
    assertError(limited, 429, 'RATE_LIMITED');
    checkRetryAfter(limited, 3600);
    // New accounts from that address are refused too while it lasts; other addresses are not affected.
    assertError(await srv.api().post('auth/register', { email: uniqueEmail('late'), name: 'Late', password: PASSWORD }, from('198.51.100.88')), 429, 'RATE_LIMITED');
    assertError(await signUp('203.0.113.12'), 409, 'CONFLICT');
    assertOk(await srv.api().post('auth/register', { email: uniqueEmail('fresh'), name: 'Fresh', password: PASSWORD }, from('203.0.113.12')), 201);
  });

  test('X-Forwarded-For from a peer that is not a trusted proxy is ignored', async () => {
    const direct = await startServer();  // no trusted proxies
    try {
      const victim = await registerOwner(direct, { prefix: 'spoof' });
      for (let i = 0; i < 5; i++) {
        // A guesser cannot dodge the throttle by inventing a new address each time.
        const res = await direct.api().post('auth/login', { email: victim.email, password: 'wrong-password-z' }, from(`192.0.2.${i}`));
        assertError(res, 401, 'AUTHENTICATION_ERROR');
      }
      const res = await direct.api().post('auth/login', { email: victim.email, password: 'wrong-password-z' }, from('192.0.2.99'));
      assertError(res, 429, 'RATE_LIMITED');
    } finally {
      await direct.stop();
    }
  });
});
