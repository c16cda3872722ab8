// Rate limiting (token bucket per client address / user → 429 + Retry-After) and login
// throttling (5 failures per e-mail or 20 per address within 15 minutes → 429).
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
  let srv;
  before(async () => {
    srv = await startServer();
  });
  after(async () => {
    await srv?.stop();
  });

  test('5 failures for an e-mail → 429 (even with the right password); other e-mails unaffected; 20 per address → 429', async () => {
    const victim = await registerOwner(srv, { prefix: 'victim' });
    const bystander = await registerOwner(srv, { prefix: 'bystander' });
    const late = await registerOwner(srv, { prefix: 'late' });
    let failures = 0;

    for (let i = 0; i < 5; i++) {
      const res = await srv.api().post('auth/login', { email: victim.email, password: `wrong-password-${i}` });
      assertError(res, 401, 'AUTHENTICATION_ERROR');
      failures++;
    }
    const blocked = await srv.api().post('auth/login', { email: victim.email, password: 'wrong-password-x' });
    assertError(blocked, 429, 'RATE_LIMITED');
    checkRetryAfter(blocked, 15 * 60);
    // The right password does not get through either (no oracle for a guesser).
    assertError(await srv.api().post('auth/login', { email: victim.email, password: PASSWORD }), 429, 'RATE_LIMITED');
    // Case variants of the same e-mail are the same account.
    assertError(
      await srv.api().post('auth/login', { email: victim.email.toUpperCase(), password: PASSWORD }),
      429,
      'RATE_LIMITED',
    );
    // Another account from the same address still logs in.
    assertOk(await srv.api().post('auth/login', { email: bystander.email, password: PASSWORD }));

    // Spray wrong passwords over many e-mails (4 each, under the per-e-mail limit).
    let addressLimited = null;
    for (let n = 0; n < 10 && !addressLimited; n++) {
      const email = uniqueEmail('spray');
      for (let i = 0; i < 4; i++) {
        const res = await srv.api().post('auth/login', { email, password: 'wrong-password-spray' });
        if (res.status === 429) {
          addressLimited = res;
          break;
        }
        assertError(res, 401, 'AUTHENTICATION_ERROR');
        failures++;
      }
    }
    assert.ok(addressLimited, 'per-address throttle never kicked in');
    assertError(addressLimited, 429, 'RATE_LIMITED');
    checkRetryAfter(addressLimited, 15 * 60);
    assert.ok(failures >= 18 && failures <= 20, `address throttled after ${failures} failures (want 20)`);
    // Now even a correct login for an untouched account from this address is throttled.
    assertError(await srv.api().post('auth/login', { email: late.email, password: PASSWORD }), 429, 'RATE_LIMITED');
    // Access tokens already issued keep working.
    assertOk(await victim.api.get('auth/me'));
  });
});
