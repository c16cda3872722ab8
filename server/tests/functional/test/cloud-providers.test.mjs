// The real cloud providers (aws, azure, gcp) through the binary, against a local replay of
// genuine recorded cloud answers (lib/cloud-replay.mjs) reached through each account's
// `endpoints`: connect, connection test (identity, permissions, limitations), sync, and the
// mapped resources in GET /resources; refused credentials put the account in `error` with the
// cloud's reason; no credential ever appears in a response or in the server's log.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { resolve } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { assertOk, assertError } from '../lib/http.mjs';
import { registerOwner } from '../lib/fixtures.mjs';
import { waitForSync, listAll } from '../lib/inventory.mjs';
import { testdataDir } from '../lib/paths.mjs';
import {
  startCloudReplay,
  gcpServiceAccount,
  AWS_ACCOUNT_ID,
  AZURE_SUBSCRIPTION,
  AZURE_TENANT,
  GCP_PROJECT,
} from '../lib/cloud-replay.mjs';

const AWS_SECRET = 'CANARYawsSecret/7Hq2Lr9Tx4Vb8Nc1Kd5Hf3Jg6';
const AZURE_SECRET = 'CANARY~azure.secret/value+never=leak';

describe('real cloud providers against recorded answers', () => {
  let cloud, srv, owner, gcpKey, wrongKey;
  const texts = [];
  /** Every API answer of this file, for the final leak check. */
  const track = async (promise) => {
    const res = await promise;
    texts.push(`${res.status} ${res.text}`);
    return res;
  };
  const connect = async (body) => assertOk(await track(owner.api.post('providers', body)), 201);
  const runTest = async (id) => assertOk(await track(owner.api.post(`providers/${id}/test`)));

  before(async () => {
    cloud = await startCloudReplay();
    gcpKey = gcpServiceAccount();
    cloud.gcpKeyPem = gcpKey.pem;
    srv = await startServer({ env: { CLOUDWEAVE_LOG_LEVEL: 'debug' } });
    owner = await registerOwner(srv, { prefix: 'clouds', organizationName: 'Real clouds' });
  });
  after(async () => {
    await srv?.stop();
    await cloud?.close();
  });

  test('aws: STS identity, then the EC2 instances of the recorded DescribeInstances', async () => {
    const a = await connect({
      provider: 'aws',
      name: 'AWS replay',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: AWS_SECRET },
      // The replay holds recordings of STS and EC2 only.
      services: ['ec2'],
      endpoints: cloud.awsEndpoints(),
    });
    assert.notEqual(a.status, 'error', a.statusReason);
    const t = await runTest(a.id);
    assert.equal(t.valid, true);
    assert.equal(t.identity.accountId, AWS_ACCOUNT_ID);
    assert.ok(t.permissions.includes('sts:GetCallerIdentity'), JSON.stringify(t.permissions));
    // Limited to EC2: CloudWatch and Cost Explorer are not probed (the replay has no recordings
    // of them), so nothing fails.
    assert.deepEqual(t.errors, []);
    assert.ok(!cloud.requests.some((r) => /GetMetricData/.test(r.body) || /GetCostAndUsage/.test(String(r.headers['x-amz-target'] || ''))));

    // The instance ids botocore parsed out of the same recording.
    const expected = JSON.parse(readFileSync(resolve(testdataDir, 'aws-responses/botocore-response_parsing/xml/responses/ec2-describe-instances.json'), 'utf8'));
    const ids = expected.Reservations.flatMap((r) => r.Instances.map((i) => i.InstanceId)).sort();
    await waitForSync(owner.api, a.id);
    const { items } = await listAll(owner.api, `providerId=${a.id}`);
    const servers = items.filter((r) => r.type === 'server');
    assert.deepEqual(servers.map((r) => r.externalId).sort(), ids);
    for (const r of servers) {
      assert.equal(r.provider, 'aws');
      assert.equal(r.isDemo, false);
      assert.ok(['running', 'stopped'].includes(r.status), r.status);
    }
    assert.ok(cloud.requests.some((r) => r.body.includes('Action=DescribeInstances')));
    // The recorded VPC, its flow logs asked for by its id (the answer names other resources).
    assert.ok(items.some((r) => r.externalId === 'vpc-8d2910e4' && r.type === 'network'));
    assert.ok(cloud.requests.some((r) => r.body.includes('Action=DescribeFlowLogs') && r.body.includes('Filter.1.Value.1=vpc-8d2910e4')));
    assert.ok(cloud.requests.every((r) => !String(r.headers.authorization || '').includes(AWS_SECRET)), 'requests are signed, the secret is not sent');
  });

  test('azure: token, subscription, every ARM list mapped; a 403 read is a limitation', async () => {
    const a = await connect({
      provider: 'azure',
      name: 'Azure replay',
      credentials: { tenantId: AZURE_TENANT, clientId: '11111111-2222-3333-4444-555555555555', clientSecret: AZURE_SECRET, subscriptionId: AZURE_SUBSCRIPTION },
      endpoints: cloud.azureEndpoints(),
    });
    assert.notEqual(a.status, 'error', a.statusReason);
    // 1 VM, 4 disks, 2 NSGs, 3 storage accounts, 1 SQL server and its 2 databases, the
    // subscription and 2 Key Vault keys in each of 2 vaults.
    await waitForSync(owner.api, a.id, { resourceCount: 18 });
    const { items } = await listAll(owner.api, `providerId=${a.id}`);
    assert.equal(items.length, 18);
    for (const r of items) assert.equal(r.provider, 'azure');
    const vm = items.find((r) => r.name === 'cctestvm');
    assert.equal(vm?.type, 'server');
    assert.ok(vm.externalId.startsWith(`/subscriptions/${AZURE_SUBSCRIPTION}/resourceGroups/`), vm.externalId);
    assert.equal(items.filter((r) => r.type === 'database').length, 3, 'the SQL server and its two databases');
    assert.equal(items.find((r) => r.name === 'cctestdb')?.type, 'database');
    const subscription = items.find((r) => r.type === 'account');
    assert.equal(subscription?.externalId, `/subscriptions/${AZURE_SUBSCRIPTION}`);
    assert.equal(subscription.spec.kind, 'subscription');
    const keys = items.filter((r) => r.type === 'key');
    assert.deepEqual(keys.map((k) => `${k.spec.vault}/${k.name}`).sort(), [
      'cfb-qmbknzbm-keyvault/sample-key-name-1', 'cfb-qmbknzbm-keyvault/sample-key-name-2',
      'cfb-vpbanzbk-keyvault/sample-key-name-1', 'cfb-vpbanzbk-keyvault/sample-key-name-2',
    ]);
    for (const k of keys) assert.equal(k.spec.kty, 'RSA', 'read from the key itself');

    cloud.deny.add('azure:disks');
    try {
      const t = await runTest(a.id);
      assert.equal(t.valid, true);
      assert.equal(t.identity.subscriptionId, AZURE_SUBSCRIPTION);
      assert.equal(t.identity.displayName, 'Test Subscription');
      assert.deepEqual(t.regions, ['westus']);
      assert.deepEqual(t.limitations, ['Microsoft.Compute/disks/read']);
      assert.ok(t.permissions.includes('Microsoft.Compute/virtualMachines/read'), JSON.stringify(t.permissions));
      assert.ok(!t.permissions.includes('Microsoft.Compute/disks/read'));
    } finally {
      cloud.deny.delete('azure:disks');
    }
    assert.equal(assertOk(await track(owner.api.get(`providers/${a.id}`))).status, 'connected', 'a limitation does not fail the account');
  });

  test('gcp: signed JWT exchanged for a token, Compute/Storage mapped; a 403 read is a limitation', async () => {
    const a = await connect({
      provider: 'gcp',
      name: 'GCP replay',
      credentials: { serviceAccountJson: JSON.stringify(gcpKey.keyFile) },
      endpoints: cloud.gcpEndpoints(),
    });
    assert.notEqual(a.status, 'error', a.statusReason);
    // 1 instance, 6 disks, 3 firewall rules, 4 buckets; the project, 1 service account and the
    // 12 Cloud KMS keys of 8 key rings.
    await waitForSync(owner.api, a.id, { resourceCount: 28 });
    const { items } = await listAll(owner.api, `providerId=${a.id}`);
    for (const r of items) assert.equal(r.provider, 'gcp');
    assert.deepEqual(items.filter((r) => r.type === 'server').map((r) => r.externalId), [`projects/${GCP_PROJECT}/zones/us-central1-a/instances/test-ingwar`]);
    assert.equal(items.filter((r) => r.externalId.startsWith('projects/_/buckets/')).length, 4);
    const project = items.find((r) => r.type === 'account');
    assert.equal(project?.externalId, `projects/${GCP_PROJECT}`);
    assert.equal(project.spec.kind, 'project');
    assert.deepEqual(items.filter((r) => r.type === 'identity').map((r) => r.spec.kind), ['serviceAccount']);
    const keys = items.filter((r) => r.type === 'key');
    assert.equal(keys.length, 12);
    assert.equal(keys.find((k) => k.name === 'c7n-key-good-90d-002c1dda')?.region, 'us-central1');

    cloud.deny.add('gcp:disks');
    try {
      const t = await runTest(a.id);
      assert.equal(t.valid, true);
      assert.equal(t.identity.projectId, GCP_PROJECT);
      assert.equal(t.identity.serviceAccount, gcpKey.keyFile.client_email);
      assert.equal(t.identity.projectNumber, '413985786043');
      assert.deepEqual(t.limitations, ['compute.disks.list']);
      assert.ok(t.permissions.includes('compute.instances.list'), JSON.stringify(t.permissions));
      assert.deepEqual(t.errors, []);
    } finally {
      cloud.deny.delete('gcp:disks');
    }
  });

  test('refused credentials: the account is created in error with the cloud’s reason, and no sync runs', async () => {
    wrongKey = gcpServiceAccount(); // a key the replayed Google does not know
    const cases = [
      ['aws', { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: `${AWS_SECRET}-wrong` }, cloud.awsEndpoints(), /AccessDenied/, true],
      ['azure', { tenantId: AZURE_TENANT, clientId: '11111111-2222-3333-4444-555555555555', clientSecret: `${AZURE_SECRET}-wrong`, subscriptionId: AZURE_SUBSCRIPTION }, cloud.azureEndpoints(), /invalid_client — .*AADSTS7000215/, true],
      ['gcp', { serviceAccountJson: JSON.stringify(wrongKey.keyFile) }, cloud.gcpEndpoints(), /invalid_grant/, false],
    ];
    for (const [provider, credentials, endpoints, reason, refuse] of cases) {
      cloud.refuseCredentials = refuse;
      try {
        const a = await connect({ provider, name: `${provider} refused`, credentials, endpoints });
        assert.equal(a.status, 'error', `${provider}: ${JSON.stringify(a)}`);
        assert.match(a.statusReason, reason, provider);
        assert.equal(a.lastSync, null);
        const t = await runTest(a.id);
        assert.equal(t.valid, false);
        assert.match(t.errors[0], reason, provider);
        assert.equal(assertOk(await track(owner.api.get(`providers/${a.id}`))).status, 'error');
      } finally {
        cloud.refuseCredentials = false;
      }
    }
  });

  test('verify: refused credentials save nothing and say why in words; "save anyway" keeps the account in error', async () => {
    cloud.refuseCredentials = true;
    try {
      const body = {
        provider: 'aws',
        name: 'AWS verified',
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: `${AWS_SECRET}-wrong` },
        services: ['ec2'],
        endpoints: cloud.awsEndpoints(),
      };
      const refused = await track(owner.api.post('providers', { ...body, verify: true }));
      const err = assertError(refused, 400, 'VALIDATION_ERROR');
      assert.match(err.message, /^AWS refused the credentials: AccessDenied — /);
      assert.equal(err.details.fields.credentials, err.message);
      assert.equal(err.details.test.valid, false);
      const names = assertOk(await owner.api.get('providers?limit=100')).map((a) => a.name);
      assert.ok(!names.includes('AWS verified'), 'nothing was saved');
      // The user chose to keep it: saved in error with the same reason.
      const kept = assertOk(await track(owner.api.post('providers', body)), 201);
      assert.equal(kept.status, 'error');
      assert.equal(kept.statusReason, err.message);
    } finally {
      cloud.refuseCredentials = false;
    }
  });

  test('an unreachable cloud is named with its cause, also after the circuit breaker opens', async () => {
    const closed = await new Promise((done) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const port = probe.address().port;
        probe.close(() => done(port));
      });
    });
    const host = `127.0.0.1:${closed}`;
    const endpoints = Object.fromEntries(Object.keys(cloud.awsEndpoints()).map((k) => [k, `http://${host}`]));
    const err = assertError(
      await track(owner.api.post('providers', { provider: 'aws', name: 'AWS unreachable', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: AWS_SECRET }, services: ['ec2'], endpoints, verify: true })),
      400,
      'VALIDATION_ERROR',
    );
    assert.match(err.message, new RegExp(`^cannot reach ${host}: connection refused`));
    const a = assertOk(await track(owner.api.post('providers', { provider: 'aws', name: 'AWS unreachable', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: AWS_SECRET }, services: ['ec2'], endpoints })), 201);
    assert.match(a.statusReason, new RegExp(`^cannot reach ${host}`));
    // Tested again and again: once the breaker opens, it still says what is wrong.
    for (let i = 0; i < 3; i++) {
      const t = await runTest(a.id);
      assert.equal(t.valid, false);
      assert.match(t.errors[0], new RegExp(`^cannot reach ${host}: connection refused`), t.errors[0]);
    }
  });

  test('outbound policy: metadata addresses never, private ones only when the operator allows', async () => {
    const metadata = { sts: 'http://169.254.169.254', ec2: 'http://169.254.169.254' };
    const a = assertOk(await track(owner.api.post('providers', { provider: 'aws', name: 'AWS metadata', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: AWS_SECRET }, services: ['ec2'], endpoints: metadata })), 201);
    assert.equal(a.status, 'error');
    assert.match(a.statusReason, /will not connect to 169\.254\.169\.254: .*never made/);
    const strict = await startServer({ env: { CLOUDWEAVE_OUTBOUND_ALLOW_PRIVATE: 'false' } });  // the default
    try {
      const admin = await registerOwner(strict, { prefix: 'strict' });
      const res = await admin.api.post('providers', { provider: 'aws', name: 'AWS local', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: AWS_SECRET }, services: ['ec2'], endpoints: cloud.awsEndpoints(), verify: true });
      const err = assertError(res, 400, 'VALIDATION_ERROR');
      assert.match(err.message, /CLOUDWEAVE_OUTBOUND_ALLOW_PRIVATE/);
    } finally {
      await strict.stop();
    }
  });

  test('endpoints cannot be redirected without the credentials: the stored secret is never sent elsewhere', async () => {
    const a = await connect({ provider: 'aws', name: 'AWS redirect', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: AWS_SECRET }, services: ['ec2'], endpoints: cloud.awsEndpoints() });
    await waitForSync(owner.api, a.id);  // its first sync talks to the replay too
    const before = cloud.requests.length;
    const attacker = Object.fromEntries(Object.keys(cloud.awsEndpoints()).map((k) => [k, 'http://127.0.0.1:9/attacker']));
    const err = assertError(await track(owner.api.patch(`providers/${a.id}`, { endpoints: attacker })), 400, 'VALIDATION_ERROR');
    assert.ok(err.details.fields.credentials, JSON.stringify(err.details));
    assert.equal(cloud.requests.length, before, 'no test was run');
    // The endpoints are unchanged: the next test still talks to the real (replayed) AWS.
    assert.equal((await runTest(a.id)).valid, true);
    assert.ok(cloud.requests.length > before);
    // With the credentials given again, the change is accepted.
    assertOk(await track(owner.api.patch(`providers/${a.id}`, { endpoints: cloud.awsEndpoints(), credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: AWS_SECRET } })));
  });

  test('no credential appears in any response or in the server log', async () => {
    texts.push(...(await Promise.all([owner.api.get('providers?limit=100'), owner.api.get('resources?limit=500'), owner.api.get('jobs?limit=500'), owner.api.get('audit?limit=500')])).map((r) => r.text));
    // A line from the middle of the PEM body is as secret as the whole key.
    const needles = [AWS_SECRET, AZURE_SECRET, gcpKey.pem.split('\n')[5], 'PRIVATE KEY'];
    if (wrongKey) needles.push(wrongKey.pem.split('\n')[5]);
    const all = texts.join('\n');
    for (const n of needles) assert.ok(!all.includes(n), `a response contains ${n.slice(0, 12)}…`);
    const logs = srv.logs();
    for (const n of needles) assert.ok(!logs.includes(n), `the server log contains ${n.slice(0, 12)}…`);
  });
});
