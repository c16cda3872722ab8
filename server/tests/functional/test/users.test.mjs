// Users of an organization (list with filters, sort and cursor paging; create, invite, get,
// patch, delete), PATCH /users/me, the organization, preferences and onboarding.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertError, assertOk } from '../lib/http.mjs';
import { registerOwner, uniqueEmail, login, PASSWORD } from '../lib/fixtures.mjs';

describe('users, organization, preferences, onboarding', () => {
  let srv, owner;
  const made = [];
  before(async () => {
    srv = await startServer();
    owner = await registerOwner(srv, { name: 'Mallory Owner', organizationName: 'Users Org' });
    const specs = [
      ['Zed Zulu', 'viewer'],
      ['Amy Alpha', 'operator'],
      ['Bob Bravo', 'admin'],
      ['Cat Charlie', 'viewer'],
      ['Dan Delta', 'viewer'],
    ];
    for (const [name, role] of specs) {
      made.push(assertOk(await owner.api.post('users', { email: uniqueEmail(name.split(' ')[0].toLowerCase()), name, role }), 201));
    }
  });
  after(async () => {
    await srv?.stop();
  });

  test('create with a password gives an active member who can log in at once', async () => {
    const email = uniqueEmail('active');
    const u = assertOk(await owner.api.post('users', { email, name: 'Active Al', role: 'operator', password: PASSWORD }), 201);
    assert.equal(u.status, 'active');
    assert.equal(u.inviteToken, undefined, 'no invite token for an active member');
    assert.equal(u.organizationId, owner.organization.id);
    const s = await login(srv, email);
    assert.equal(s.user.role, 'operator');
    assertError(await owner.api.post('users', { email, name: 'Again', role: 'viewer' }), 409, 'CONFLICT');
    assertError(
      await owner.api.post('users', { email: uniqueEmail('shortpw'), name: 'S', role: 'viewer', password: 'short' }),
      400,
      'VALIDATION_ERROR',
    );
  });

  test('list: meta, role filter, q search, sort', async () => {
    const res = await owner.api.get('users');
    const all = assertOk(res);
    assert.equal(res.body.meta.limit, 50);
    assert.equal(res.body.meta.total, all.length);
    assert.equal(res.body.meta.nextCursor, null);
    assert.ok(all.length >= 6);

    const viewers = assertOk(await owner.api.get('users?role=viewer'));
    assert.ok(viewers.length >= 3 && viewers.every((u) => u.role === 'viewer'));

    const q = assertOk(await owner.api.get('users?q=ALPHA'));
    assert.deepEqual(q.map((u) => u.name), ['Amy Alpha'], 'q is case-insensitive on name');
    const qe = assertOk(await owner.api.get(`users?q=${encodeURIComponent(made[2].email.slice(0, 8))}`));
    assert.ok(qe.some((u) => u.id === made[2].id), 'q matches e-mail');

    const names = (arr) => arr.map((u) => u.name);
    const byName = assertOk(await owner.api.get('users?sort=name'));
    assert.deepEqual(names(byName), [...names(byName)].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
    const byNameDesc = assertOk(await owner.api.get('users?sort=-name'));
    assert.deepEqual(names(byNameDesc), [...names(byName)].reverse());
    const byEmail = assertOk(await owner.api.get('users?sort=email'));
    const emails = byEmail.map((u) => u.email);
    assert.deepEqual(emails, [...emails].sort());
    const byCreated = assertOk(await owner.api.get('users?sort=createdAt'));
    assert.equal(byCreated[0].id, owner.user.id, 'oldest first');
    const byCreatedDesc = assertOk(await owner.api.get('users?sort=-createdAt'));
    assert.deepEqual(byCreatedDesc.map((u) => u.id), byCreated.map((u) => u.id).reverse());
  });

  test('list: cursor paging keeps the sort and covers everyone once', async () => {
    const full = assertOk(await owner.api.get('users?sort=name&limit=500'));
    const seen = [];
    let cursor = null;
    for (let i = 0; i < 50; i++) {
      const res = await owner.api.get(`users?sort=name&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      const page = assertOk(res);
      assert.equal(res.body.meta.total, full.length);
      seen.push(...page.map((u) => u.id));
      cursor = res.body.meta.nextCursor;
      if (!cursor) break;
    }
    assert.deepEqual(seen, full.map((u) => u.id));
    // Paging with a filter.
    const vs = [];
    cursor = null;
    for (let i = 0; i < 50; i++) {
      const res = await owner.api.get(`users?role=viewer&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      vs.push(...assertOk(res));
      cursor = res.body.meta.nextCursor;
      if (!cursor) break;
    }
    assert.ok(vs.length >= 3 && vs.every((u) => u.role === 'viewer'));
    assert.equal(new Set(vs.map((u) => u.id)).size, vs.length);
  });

  test('get, patch name and role, delete', async () => {
    const u = made[4];
    assert.deepEqual(
      (({ id, email, name, role }) => ({ id, email, name, role }))(assertOk(await owner.api.get(`users/${u.id}`))),
      { id: u.id, email: u.email, name: u.name, role: u.role },
    );
    const p = assertOk(await owner.api.patch(`users/${u.id}`, { name: 'Dan Renamed', role: 'operator' }));
    assert.equal(p.name, 'Dan Renamed');
    assert.equal(p.role, 'operator');
    assertError(await owner.api.patch(`users/${u.id}`, { role: 'superuser' }), 400, 'VALIDATION_ERROR');
    assertError(await owner.api.patch(`users/${u.id}`, { name: '' }), 400, 'VALIDATION_ERROR');
    assertOk(await owner.api.delete(`users/${u.id}`), 204);
    assertError(await owner.api.get(`users/${u.id}`), 404, 'NOT_FOUND');
    assertError(await owner.api.delete(`users/${u.id}`), 404, 'NOT_FOUND');
  });

  test('PATCH /users/me changes one’s own name only', async () => {
    const me = assertOk(await owner.api.patch('users/me', { name: 'Mallory Renamed' }));
    assert.equal(me.name, 'Mallory Renamed');
    assert.equal(me.id, owner.user.id);
    assert.equal(assertOk(await owner.api.get('auth/me')).name, 'Mallory Renamed');
    assertError(await owner.api.patch('users/me', { name: '' }), 400, 'VALIDATION_ERROR');
  });

  test('organization: get and rename (owner)', async () => {
    const org = assertOk(await owner.api.get('organization'));
    assert.equal(org.id, owner.organization.id);
    assert.equal(org.name, 'Users Org');
    const renamed = assertOk(await owner.api.patch('organization', { name: 'Users Org Renamed' }));
    assert.equal(renamed.name, 'Users Org Renamed');
    assert.equal(renamed.slug, org.slug, 'slug is stable');
    assert.equal(assertOk(await owner.api.get('auth/me')).organizationName, 'Users Org Renamed');
    assertError(await owner.api.patch('organization', { name: '' }), 400, 'VALIDATION_ERROR');
    assertError(await owner.api.patch('organization', {}), 400, 'VALIDATION_ERROR');
  });

  test('preferences: defaults, partial merge, validation', async () => {
    const p0 = assertOk(await owner.api.get('users/me/preferences'));
    assert.deepEqual(p0, {
      theme: 'system',
      language: 'en',
      timezone: 'UTC',
      notifications: { email: true, inApp: true, alerts: true, costAlerts: true, deployments: true, security: true, sync: true, vault: true, weeklyReport: false },
      dashboardLayout: null,
      defaultCloudProvider: null,
    });
    const p1 = assertOk(await owner.api.put('users/me/preferences', { theme: 'dark', notifications: { weeklyReport: true } }));
    assert.equal(p1.theme, 'dark');
    assert.deepEqual(p1.notifications, { email: true, inApp: true, alerts: true, costAlerts: true, deployments: true, security: true, sync: true, vault: true, weeklyReport: true }, 'notifications merged key by key');
    assert.equal(p1.language, 'en');
    const p2 = assertOk(
      await owner.api.put('users/me/preferences', {
        timezone: 'Europe/Berlin',
        language: 'de',
        defaultCloudProvider: 'aws',
        dashboardLayout: { widgets: [{ id: 'cost', x: 0, y: 0 }] },
      }),
    );
    assert.equal(p2.theme, 'dark', 'earlier change kept');
    assert.equal(p2.timezone, 'Europe/Berlin');
    assert.equal(p2.defaultCloudProvider, 'aws');
    assert.deepEqual(p2.dashboardLayout, { widgets: [{ id: 'cost', x: 0, y: 0 }] });
    assert.deepEqual(assertOk(await owner.api.get('users/me/preferences')), p2, 'persisted');
    assert.deepEqual(assertOk(await owner.api.get('auth/me')).preferences, p2, '/auth/me shows them');
    const p3 = assertOk(await owner.api.put('users/me/preferences', { defaultCloudProvider: null, dashboardLayout: null }));
    assert.equal(p3.defaultCloudProvider, null);
    assert.equal(p3.dashboardLayout, null);

    for (const bad of [
      { theme: 'neon' },
      { defaultCloudProvider: 'oracle' },
      { timezone: 'Mars/Olympus_Mons' },
      { notifications: { email: 'yes' } },
      { language: 42 },
    ]) {
      const e = assertError(await owner.api.put('users/me/preferences', bad), 400, 'VALIDATION_ERROR');
      assert.ok(Object.keys(e.details?.fields || {}).length > 0, `details.fields for ${JSON.stringify(bad)}`);
    }
    assert.deepEqual(assertOk(await owner.api.get('users/me/preferences')), p3, 'a rejected update changes nothing');
  });

  test('onboarding: initial state, step updates, completion reflected in /auth/me', async () => {
    const o0 = assertOk(await owner.api.get('onboarding'));
    assert.deepEqual(o0, {
      currentStep: 'welcome',
      completed: false,
      skipped: false,
      steps: [
        { id: 'welcome', completed: false },
        { id: 'cloud-providers', completed: false },
        { id: 'demo-or-real', completed: false },
        { id: 'preferences', completed: false },
      ],
    });
    const o1 = assertOk(await owner.api.put('onboarding', { currentStep: 'cloud-providers', steps: [{ id: 'welcome', completed: true }] }));
    assert.equal(o1.currentStep, 'cloud-providers');
    assert.deepEqual(o1.steps.map((s) => s.completed), [true, false, false, false]);
    assert.equal(o1.completed, false);
    const o2 = assertOk(await owner.api.put('onboarding', { skipped: true, completed: true }));
    assert.equal(o2.skipped, true);
    assert.equal(o2.completed, true);
    assert.equal(o2.steps[0].completed, true, 'earlier step kept');
    assert.equal(assertOk(await owner.api.get('auth/me')).onboardingCompleted, true);
    for (const bad of [{ currentStep: 'nowhere' }, { currentStep: 1 }, { steps: [{ id: 'nope', completed: true }] }, { completed: 'yes' }]) {
      assertError(await owner.api.put('onboarding', bad), 400, 'VALIDATION_ERROR');
    }
    // Onboarding is per user: another member starts fresh.
    const other = assertOk(await owner.api.post('users', { email: uniqueEmail('fresh'), name: 'Fresh', role: 'viewer', password: PASSWORD }), 201);
    const s = await login(srv, other.email);
    assert.equal(assertOk(await s.api.get('onboarding')).completed, false);
  });
});
