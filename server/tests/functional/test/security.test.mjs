// Security posture over HTTP on the simulated "startup" cloud: its sync starts a scan that finds
// the planted misconfigurations; a fix made through the API resolves a finding and undoing it
// reopens it; mutes cover findings at once and expire by themselves; compliance, exports,
// custom rules, the notification of new critical/high findings, roles and tenant isolation.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertError, assertOk } from '../lib/http.mjs';
import { addMember, registerOwner, waitFor } from '../lib/fixtures.mjs';
import { startWebhookReceiver } from '../lib/receivers.mjs';
import { connectAndSync } from '../lib/inventory.mjs';
import { parseCsv } from '../lib/csv.mjs';
import { ocsfValidator } from '../lib/ocsf.mjs';

const SECRET = 'security-hook-secret';

describe('security posture', () => {
  let srv, hooks, owner, operator, viewer, other, account;

  const findings = async (api, query = '') => assertOk(await api.get(`security/findings?limit=500${query}`));
  const ofRule = async (ruleId, query = '') => findings(owner.api, `&ruleId=${ruleId}${query}`);
  /** Waits until the organization's newest scan has completed and was created after `since`. */
  const scanAfter = async (since, what) =>
    waitFor(
      async () => {
        const [scan] = assertOk(await owner.api.get('security/scans?limit=1'));
        return scan && scan.state === 'completed' && Date.parse(scan.createdAt) >= since ? scan : null;
      },
      { timeoutMs: 20000, what },
    );

  before(async () => {
    hooks = await startWebhookReceiver(SECRET);
    srv = await startServer();
    owner = await registerOwner(srv, { prefix: 'security', organizationName: 'Security Org' });
    operator = await addMember(srv, owner.api, 'operator');
    viewer = await addMember(srv, owner.api, 'viewer');
    other = await registerOwner(srv, { prefix: 'security-other' });
    assertOk(await owner.api.post('notification-channels', {
      name: 'Security hook', type: 'webhook', config: { url: `${hooks.url}/ok/security`, secret: SECRET }, events: ['security'],
    }), 201);
    account = await connectAndSync(owner.api, { scenario: 'startup', seed: 7 });
  });
  after(async () => {
    await srv?.stop();
    await hooks?.stop();
  });

  test('the sync starts a scan that finds every planted misconfiguration the catalog covers', async () => {
    const scan = await scanAfter(0, 'the scan after the first sync');
    assert.ok(['sync', 'change'].includes(scan.trigger));
    assert.equal(scan.mode, 'full', 'the first scan of an organization reads everything');
    assert.ok(scan.resourcesEvaluated >= 20, JSON.stringify(scan));
    assert.ok(scan.new >= 4 && scan.open === scan.new, JSON.stringify(scan));
    for (const rule of ['storage-bucket-public', 'net-ssh-open-to-internet', 'net-rdp-open-to-internet', 'storage-volume-unencrypted',
      'db-backups-disabled', 'access-key-older-than-90-days',
      // The account's own scope: the account, a user and a key (resource types account, identity, key).
      'audit-trail-off', 'aws-root-mfa-off', 'account-password-policy-weak', 'iam-user-console-without-mfa',
      'access-key-unused-45-days', 'kms-key-rotation-off']) {
      const found = await ofRule(rule);
      assert.ok(found.length >= 1, `${rule} found`);
      for (const f of found) {
        assert.equal(f.status, 'open');
        assert.equal(f.muted, false);
        assert.equal(f.providerId, account.id);
        assert.ok(f.remediation.length > 10);
      }
    }
    // Account-level findings name the resource of that type.
    assert.deepEqual((await ofRule('kms-key-rotation-off')).map((f) => [f.resourceName, f.resourceType]), [['demo-data-key', 'key']]);
    assert.deepEqual((await ofRule('iam-user-console-without-mfa')).map((f) => f.resourceName), ['demo-ci-deployer']);
    assert.equal((await findings(owner.api, '&resourceType=account')).length, 3, 'trail, root MFA, password policy');
    // The healthy anchors: nothing on demo-database-1, only the public-address hygiene rule on
    // the web server.
    const [db] = assertOk(await owner.api.get('resources?q=demo-database-1'));
    assert.equal((await findings(owner.api, `&resourceId=${db.id}`)).length, 0);
    const [web] = assertOk(await owner.api.get('resources?q=demo-web-server-1'));
    assert.deepEqual((await findings(owner.api, `&resourceId=${web.id}`)).map((f) => f.ruleId), ['server-public-ip']);
    // Sorted by severity, critical first.
    const all = await findings(owner.api);
    const ranks = all.map((f) => ['critical', 'high', 'medium', 'low', 'informational'].indexOf(f.severity));
    assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b));
  });

  test('new critical and high findings are announced once, to the security channel', async () => {
    await waitFor(() => hooks.received.length >= 1, { timeoutMs: 20000, what: 'the security webhook' });
    const [hook] = hooks.received;
    assert.ok(hook.verified);
    assert.equal(hook.body.kind, 'security');
    assert.match(hook.body.title, /^\d+ new critical( and \d+ new high)? security findings?$/);
    assert.equal(hooks.received.length, 1);
  });

  test('a fix resolves the finding without a manual scan; undoing it reopens it', async () => {
    const [finding] = await ofRule('storage-bucket-public');
    const since = Date.now();
    assertOk(await owner.api.patch(`resources/${finding.resourceId}`, { spec: { publicAccess: false } }));
    await waitFor(async () => (await findings(owner.api, `&status=resolved&resourceId=${finding.resourceId}`)).length === 1, {
      timeoutMs: 20000, what: 'the finding resolved',
    });
    const resolved = assertOk(await owner.api.get(`security/findings/${finding.id}`));
    assert.equal(resolved.status, 'resolved');
    assert.ok(resolved.resolvedAt);
    const scan = await scanAfter(since, 'the incremental scan');
    // Only what changed since the previous scan began (less a few seconds for writes still in
    // flight then) is read again: the unit tests pin that down with a fake clock.
    assert.equal(scan.mode, 'incremental');
    assert.ok(scan.changedSince && scan.resourcesEvaluated >= 1, JSON.stringify(scan));

    assertOk(await owner.api.patch(`resources/${finding.resourceId}`, { spec: { publicAccess: true } }));
    const reopened = await waitFor(async () => {
      const f = assertOk(await owner.api.get(`security/findings/${finding.id}`));
      return f.status === 'open' ? f : null;
    }, { timeoutMs: 20000, what: 'the finding reopened' });
    assert.equal(reopened.reopenedCount, 1);
    assert.equal(reopened.firstSeenAt, finding.firstSeenAt);
    assert.equal(reopened.resolvedAt, null);
    assert.equal(reopened.severity, 'critical');
    assert.equal(reopened.evidence.publicAccess, true);
    assert.ok(reopened.remediation.text && reopened.risk);
    assert.ok(reopened.frameworks.some((m) => m.framework === 'cis-aws-3.0'));
  });

  test('mutes apply at once, stay visible as muted, and expire by themselves', async () => {
    const ssh = await ofRule('net-ssh-open-to-internet', '&status=open');
    assert.ok(ssh.length >= 1);
    assertError(await viewer.api.post('security/mutes', { ruleId: 'net-ssh-open-to-internet', reason: 'x' }), 403, 'AUTHORIZATION_ERROR');
    for (const [body, field] of [
      [{ reason: 'nothing to match' }, 'ruleId'],
      [{ ruleId: 'net-ssh-open-to-internet' }, 'reason'],
      [{ ruleId: 'no-such-rule', reason: 'r' }, 'ruleId'],
      [{ ruleId: 'net-ssh-open-to-internet', reason: 'r', expiresAt: '2001-01-01T00:00:00Z' }, 'expiresAt'],
      [{ ruleId: 'net-ssh-open-to-internet', reason: 'r', expiresAt: 'tomorrow' }, 'expiresAt'],
      [{ ruleId: 'net-ssh-open-to-internet', reason: 'r', tag: 5 }, 'tag'],
    ]) {
      const err = assertError(await operator.api.post('security/mutes', body), 400, 'VALIDATION_ERROR');
      assert.ok(err.details.fields[field], `${JSON.stringify(body)} → ${JSON.stringify(err.details)}`);
    }
    const mute = assertOk(await operator.api.post('security/mutes', { ruleId: 'net-ssh-open-to-internet', reason: 'bastion, accepted risk' }), 201);
    assert.equal(mute.applied, ssh.length);
    assert.equal((await ofRule('net-ssh-open-to-internet', '&status=open')).length, 0, 'muted at once, no scan');
    const muted = await ofRule('net-ssh-open-to-internet', '&status=muted');
    assert.equal(muted.length, ssh.length);
    assert.ok(muted.every((f) => f.muted && f.muteId === mute.id && f.status === 'open'));
    assert.equal((await ofRule('net-ssh-open-to-internet', '&muted=true')).length, ssh.length);
    const detail = assertOk(await viewer.api.get(`security/findings/${ssh[0].id}`));
    assert.equal(detail.mute.reason, 'bastion, accepted risk');
    // A manual scan keeps it muted.
    const since = Date.now();
    assertOk(await operator.api.post('security/scans', {}), 202);
    await scanAfter(since, 'the manual scan');
    assert.equal((await ofRule('net-ssh-open-to-internet', '&status=muted')).length, ssh.length);
    // Deleting the mute releases them.
    assertOk(await operator.api.delete(`security/mutes/${mute.id}`), 204);
    assert.equal((await ofRule('net-ssh-open-to-internet', '&status=open')).length, ssh.length);

    // A mute by resource that expires in two seconds.
    const rdp = (await ofRule('net-rdp-open-to-internet'))[0];
    const expiresAt = new Date(Date.now() + 2000).toISOString();
    const short = assertOk(await operator.api.post('security/mutes', { resourceId: rdp.resourceId, reason: 'maintenance window', expiresAt }), 201);
    assert.ok(short.applied >= 1);
    assert.equal(assertOk(await viewer.api.get(`security/findings/${rdp.id}`)).muted, true);
    await waitFor(async () => !assertOk(await viewer.api.get(`security/findings/${rdp.id}`)).muted, {
      timeoutMs: 5000, what: 'the mute to expire',
    });
    const listed = assertOk(await viewer.api.get('security/mutes')).find((m) => m.id === short.id);
    assert.equal(listed.active, false);
  });

  test('summary, compliance and exports', async () => {
    const summary = assertOk(await viewer.api.get('security/summary'));
    const open = await findings(viewer.api, '&status=open');
    assert.equal(Object.values(summary.bySeverity).reduce((a, b) => a + b, 0), open.length);
    assert.equal(summary.byStatus.open, open.length);
    assert.ok(summary.trend.length >= 1 && summary.trend.at(-1).date === new Date().toISOString().slice(0, 10));
    assert.ok(summary.topRules.length >= 1 && summary.topRules[0].count >= 1);
    assert.equal(summary.lastScan.state, 'completed');

    const frameworks = assertOk(await viewer.api.get('security/compliance'));
    const cis = frameworks.find((f) => f.id === 'cis-aws-3.0');
    assert.ok(cis && cis.failed >= 1 && cis.manual >= 1);
    const report = assertOk(await viewer.api.get('security/compliance/cis-aws-3.0'));
    const bucket = report.requirements.find((r) => r.id === '2.1.4');
    assert.equal(bucket.status, 'fail');
    assert.ok(bucket.failingResources.length >= 1 && bucket.evaluated >= 1);
    assert.ok(report.requirements.some((r) => r.status === 'manual'));
    assert.equal(report.score, cis.score);
    assertError(await viewer.api.get('security/compliance/no-such-framework'), 404, 'NOT_FOUND');

    const csv = await viewer.api.request('GET', 'security/findings/export?format=csv&status=open', { raw: true });
    assert.equal(csv.status, 200);
    assert.match(csv.headers['content-type'], /text\/csv/);
    const rows = parseCsv(csv.text);
    assert.equal(rows[0][0], 'id');
    assert.equal(rows.length - 1, open.length);
    const cisCsv = await viewer.api.request('GET', 'security/compliance/cis-aws-3.0/export?format=csv', { raw: true });
    assert.equal(parseCsv(cisCsv.text).length - 1, report.requirements.length);
    assertError(await viewer.api.get('security/findings/export?format=xml'), 400, 'VALIDATION_ERROR');

    // OCSF: every finding a Detection Finding (2004), every requirement a Compliance Finding
    // (2003), each valid against the OCSF 1.8.0 schema compiled from its own sources.
    const detection = ocsfValidator('findings/detection_finding', ['cloud']);
    const all = await findings(viewer.api);
    const events = (await viewer.api.request('GET', 'security/findings/export?format=ocsf', { validate: false })).body;
    assert.equal(events.length, all.length);
    for (const e of events) {
      assert.deepEqual(detection(e), [], JSON.stringify(e));
      assert.equal(e.type_uid, e.class_uid * 100 + e.activity_id);
    }
    const bucketEvent = events.find((e) => e.finding_info.analytic.uid === 'storage-bucket-public');
    assert.equal(bucketEvent.severity_id, 5);
    assert.equal(bucketEvent.cloud.account.uid, account.id);
    assert.equal(bucketEvent.status, 'New');
    assert.ok(events.every((e) => [1, 3, 4].includes(e.status_id)), 'New, Suppressed (muted) or Resolved');
    const compliance = ocsfValidator('findings/compliance_finding', ['cloud']);
    const requirements = (await viewer.api.request('GET', 'security/compliance/cis-aws-3.0/export?format=ocsf', { validate: false })).body;
    assert.equal(requirements.length, report.requirements.length);
    for (const e of requirements) assert.deepEqual(compliance(e), [], JSON.stringify(e));
    assert.equal(requirements.find((e) => e.compliance.control === '2.1.4').compliance.status_id, 3);
  });

  test('custom rules are validated like the catalog and scanned', async () => {
    const rule = {
      id: 'acme-prod-needs-owner',
      title: 'Production resources name an owner',
      severity: 'low',
      providers: ['*'],
      resourceTypes: ['server'],
      condition: "type == 'server' && !exists(tags.owner)",
      risk: 'Nobody answers for it.',
      remediation: { text: 'Tag it with owner.' },
    };
    assertError(await operator.api.post('security/rules', rule), 403, 'AUTHORIZATION_ERROR');
    let err = assertError(await owner.api.post('security/rules', { ...rule, condition: 'tags.owner = 1' }), 400, 'VALIDATION_ERROR');
    assert.match(err.details.fields.condition, /comparison is ==/);
    err = assertError(await owner.api.post('security/rules', { ...rule, id: 'storage-bucket-public' }), 400, 'VALIDATION_ERROR');
    assert.ok(err.details.fields.id);
    const created = assertOk(await owner.api.post('security/rules', rule), 201);
    assert.equal(created.custom, true);
    assertError(await owner.api.post('security/rules', rule), 409, 'CONFLICT');
    assert.ok(assertOk(await viewer.api.get('security/rules?custom=true')).some((r) => r.id === rule.id));
    const since = Date.now();
    assertOk(await operator.api.post('security/scans', {}), 202);
    const scan = await scanAfter(since, 'the scan with the custom rule');
    assert.equal(scan.mode, 'full');
    const mine = await ofRule(rule.id);
    assert.ok(mine.length >= 1);
    assertOk(await owner.api.delete(`security/rules/${rule.id}`), 204);
    assertError(await owner.api.delete('security/rules/storage-bucket-public'), 400, 'VALIDATION_ERROR');
    const after = Date.now();
    assertOk(await operator.api.post('security/scans', {}), 202);
    await scanAfter(after, 'the scan without it');
    assert.equal((await ofRule(rule.id, '&status=open')).length, 0, 'findings of a removed rule are resolved');
  });

  test('rules, scans and findings are per organization', async () => {
    const rules = assertOk(await other.api.get('security/rules'));
    assert.ok(rules.length >= 60);
    assert.ok(!rules.some((r) => r.custom));
    assert.equal((await findings(other.api)).length, 0);
    const [mine] = await findings(owner.api);
    assertError(await other.api.get(`security/findings/${mine.id}`), 404, 'NOT_FOUND');
    const [scan] = assertOk(await owner.api.get('security/scans?limit=1'));
    assertError(await other.api.get(`security/scans/${scan.id}`), 404, 'NOT_FOUND');
    assert.equal(assertOk(await other.api.get('security/summary')).byStatus.open, 0);
    assert.equal(assertOk(await other.api.get('security/mutes')).length, 0);
    const [ownerMute] = assertOk(await owner.api.get('security/mutes'));
    assertError(await other.api.delete(`security/mutes/${ownerMute.id}`), 404, 'NOT_FOUND');
    assert.ok(assertOk(await owner.api.get('security/mutes')).some((m) => m.id === ownerMute.id), 'nothing deleted');
    const otherCis = assertOk(await other.api.get('security/compliance/cis-aws-3.0'));
    assert.ok(otherCis.requirements.every((r) => r.status !== 'fail' && r.failingResources.length === 0));
    assertError(await viewer.api.post('security/scans', {}), 403, 'AUTHORIZATION_ERROR');
    assertError(await viewer.api.get('security/findings?status=bogus'), 400, 'VALIDATION_ERROR');
    assertError(await viewer.api.get('security/findings?sort=-nope'), 400, 'VALIDATION_ERROR');
  });
});
