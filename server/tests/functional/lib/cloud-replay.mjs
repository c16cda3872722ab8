// A local stand-in for AWS, Azure and Google Cloud that the real binary reaches through an
// account's `endpoints` overrides. It answers with genuine recorded bodies from
// ../shared/testdata (see its SOURCES.md): the token endpoints, AWS STS + EC2 (instances, volumes,
// security groups, VPCs), Azure ARM (cloud-custodian VCR cassettes) and GCP Compute/Storage/Monitoring/Resource Manager
// (cloud-custodian flight recordings). The paths of the three clouds do not overlap, so one
// server on one port serves them all:
//   AWS    POST /  (form body Action=GetCallerIdentity | DescribeInstances | DescribeVolumes |
//          DescribeSnapshots | DescribeAddresses | DescribeFlowLogs …)
//   Azure  POST /<tenant>/oauth2/v2.0/token, GET /subscriptions/…
//   GCP    POST /token, GET /v1/projects/… (Resource Manager, IAM, Cloud KMS; POST …:getIamPolicy),
//          /compute/v1/…, /storage/v1/…, /v3/…, and BigQuery's
//          POST /bigquery/v2/projects/<p>/queries + GET …/queries/<job> (the billing export query)
//
//   const cloud = await startCloudReplay();
//   cloud.awsEndpoints() / azureEndpoints() / gcpEndpoints()   // for POST /providers
//   cloud.refuseCredentials = true    // token endpoints and STS refuse the caller
//   cloud.deny.add('azure:disks')     // that read answers 403 (a missing permission)
//   cloud.billingRows = (from, to) => [[day, service, …]]   // the billing export's answer rows
//   await cloud.close()
import http from 'node:http';
import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { repoRoot, testdataDir } from './paths.mjs';

const read = (rel) => readFileSync(resolve(testdataDir, rel), 'utf8');
const readJson = (rel) => JSON.parse(read(rel));
/** Material kept in the project itself (server/tests/testdata, see its README). */
const readProjectJson = (rel) => JSON.parse(readFileSync(resolve(repoRoot, 'server/tests/testdata', rel), 'utf8'));

// --- AWS ---------------------------------------------------------------------------------------
const AWS_INSTANCES = 'aws-responses/botocore-response_parsing/xml/responses/ec2-describe-instances.xml';
// The rest of the EC2 inventory, recorded the same way.
const AWS_EC2_LISTS = {
  DescribeVolumes: 'aws-responses/botocore-response_parsing/xml/responses/ec2-describe-volumes.xml',
  DescribeSecurityGroups: 'aws-responses/botocore-response_parsing/xml/responses/ec2-describe-security-groups.xml',
  DescribeVpcs: 'aws-responses/botocore-response_parsing/xml/responses/ec2-describe-vpcs.xml',
  DescribeSnapshots: 'aws-responses/botocore-response_parsing/xml/responses/ec2-describe-snapshots.xml',
  DescribeAddresses: 'aws-responses/botocore-response_parsing/xml/responses/ec2-describe-addresses.xml',
};
/**
 * DescribeFlowLogs: the AWS CLI example's flow logs (a subnet's and another VPC's, so the recorded
 * VPC has none) in EC2's envelope — flowLogSet items with lowerCamel members.
 */
function flowLogsXml() {
  const rst = readFileSync(resolve(repoRoot, 'server/tests/testdata/aws/ec2_describe-flow-logs.rst'), 'utf8');
  const start = rst.indexOf('{', rst.indexOf('Output::'));
  let depth = 0;
  let end = start;
  for (; end < rst.length; end++) {
    if (rst[end] === '{') depth++;
    if (rst[end] === '}' && --depth === 0) break;
  }
  const escape = (v) => String(v).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const items = JSON.parse(rst.slice(start, end + 1)).FlowLogs.map((log) => `<item>${Object.entries(log)
    .map(([k, v]) => { const name = k[0].toLowerCase() + k.slice(1); return `<${name}>${escape(v)}</${name}>`; }).join('')}</item>`);
  return `<DescribeFlowLogsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</requestId><flowLogSet>${items.join('')}</flowLogSet></DescribeFlowLogsResponse>`;
}
// STS's AccessDenied error document, as botocore recorded it.
const AWS_ACCESS_DENIED = 'aws-responses/botocore-response_parsing/xml/errors/sts-get-session-token.xml';
// An EC2-style error document (Response/Errors/Error) for any request this replay has no
// recording of: recorded by botocore for a malformed instance id.
const AWS_UNRECORDED = 'aws-responses/botocore-response_parsing/xml/errors/ec2-describe-instances.xml';

/** No raw GetCallerIdentity XML was recorded: the recorded values in STS's query envelope. */
function callerIdentityXml() {
  const rec = readJson('aws-responses/cloud-custodian-placebo/sts.GetCallerIdentity/test_credential_sts__sts.GetCallerIdentity_1.json').data;
  return `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>${rec.Arn}</Arn><UserId>${rec.UserId}</UserId><Account>${rec.Account}</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`;
}
export const AWS_ACCOUNT_ID = '644160558196';

// --- Azure -------------------------------------------------------------------------------------
export const AZURE_SUBSCRIPTION = 'ea42f556-5106-4743-99b0-c129bfa71a47'; // the recordings' subscription
export const AZURE_TENANT = '00000000-0000-0000-0000-000000000003';

/** The body ARM sent in a cloud-custodian cassette (stored parsed as `data`, or raw as `string`). */
function cassetteBody(cassette, index, readCassette = readJson) {
  const body = readCassette(`azure/cloud-custodian-vcr-cassettes/${cassette}.json`).interactions[index].response.body;
  return body.data !== undefined ? JSON.stringify(body.data) : body.string;
}
const projectCassetteBody = (cassette, index) => cassetteBody(cassette, index, readProjectJson);
const specsExampleBody = (file) => readProjectJson(`azure/${file}`).responses['200'].body;

// The subscription's security scope (the C++ provider test answers the same way): the recorded
// subscription diagnostic settings, the recorded vault list in its four pages (found by the
// skiptoken of the recorded nextLinks), the official listKeys/getKey examples with their ids
// moved under the vault asked for, and in each key the recorded rotation policy of its vault
// (cfb-qmbknzbm: Rotate, cfb-vpbanzbk: Notify only) as properties.rotationPolicy — no ARM key
// answer with a policy was recorded, so the recorded policy goes into the documented envelope.
const AZURE_DIAG = 'SubscriptionDiagnosticSettingsFilterTest.diag';
const AZURE_VAULTS = 'KeyVaultKeyTest.test_key_vault_keys_rotation';
function azureVaultPage(target) {
  const page = ['skiptoken=Y2ZiLW5qbH', 'skiptoken=Y2ZiLXZwYm', 'skiptoken=a2V5LXJCa0'].findIndex((t) => target.includes(t)) + 1;
  return projectCassetteBody(AZURE_VAULTS, page);
}
function azureKeys(path) {
  const vaultId = path.slice(0, path.indexOf('/keys'));
  const list = specsExampleBody('keyvault_list-keys.json');
  for (const key of list.value) key.id = `${vaultId}/keys/${key.name}`;
  return JSON.stringify(list);
}
function azureKey(path) {
  const key = specsExampleBody('keyvault_get-key.json');
  key.id = path;
  key.name = path.slice(path.lastIndexOf('/') + 1);
  const { id, ...policy } = JSON.parse(projectCassetteBody(AZURE_VAULTS, path.includes('qmbknzbm') ? 8 : 9));
  key.properties.rotationPolicy = policy;
  return JSON.stringify(key);
}
// One location as `az account list-locations` printed it (Azure/ArtistAnywhere), in ARM's list
// envelope — the same recording the C++ provider test uses; no locations call was recorded.
const AZURE_LOCATIONS = '{"value":[{"displayName":"West US","id":"/subscriptions/5cc0d8f1-3643-410c-8646-1a2961134bd3/locations/westus","metadata":{"geography":"United States","geographyGroup":"US","latitude":"37.783","longitude":"-122.417","physicalLocation":"California","regionCategory":"Other","regionType":"Physical"},"name":"westus"}]}';
// Microsoft's documented answer to a wrong client secret (AADSTS7000215).
const AZURE_INVALID_CLIENT = '{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.\\r\\nTrace ID: 255d1aef-8c98-452f-ac51-23d051240864","error_codes":[7000215]}';
/** ARM's documented AuthorizationFailed answer. */
const azureAuthorizationFailed = (action) => JSON.stringify({
  error: {
    code: 'AuthorizationFailed',
    message: `The client 'x' with object id 'x' does not have authorization to perform action '${action}' over scope '/subscriptions/${AZURE_SUBSCRIPTION}' or the scope is invalid.`,
  },
});
// Lists the azure provider reads, by a part of their path: the recorded answer and the permission.
const AZURE_LISTS = [
  ['/providers/Microsoft.Compute/virtualMachines?', 'vms', () => cassetteBody('VMTest.virtual_machine_instance', 0), 'Microsoft.Compute/virtualMachines/read'],
  ['/providers/Microsoft.Compute/disks?', 'disks', () => cassetteBody('DiskTest.test_find_by_name', 0), 'Microsoft.Compute/disks/read'],
  ['/providers/Microsoft.Network/networkSecurityGroups?', 'nsgs', () => cassetteBody('NetworkSecurityGroupTest.test_find_by_name', 0), 'Microsoft.Network/networkSecurityGroups/read'],
  ['/providers/Microsoft.Storage/storageAccounts?', 'storage', () => cassetteBody('StorageMetricsFilterTest.test_blob_metrics_filter', 0), 'Microsoft.Storage/storageAccounts/read'],
  ['/providers/Microsoft.Sql/servers?', 'sql', () => cassetteBody('SqlDatabaseTest.test_get_database_by_name', 0), 'Microsoft.Sql/servers/read'],
  ['/databases?', 'sqldb', () => cassetteBody('SqlDatabaseTest.test_get_database_by_name', 1), 'Microsoft.Sql/servers/databases/read'],
  ['/providers/Microsoft.Insights/diagnosticSettings?', 'diagnostics', () => projectCassetteBody(AZURE_DIAG, 1), 'microsoft.insights/diagnosticSettings/read'],
  ['/providers/Microsoft.KeyVault/vaults?', 'vaults', (target) => azureVaultPage(target), 'Microsoft.KeyVault/vaults/read'],
  [/\/providers\/Microsoft\.KeyVault\/vaults\/[^/]+\/keys\?/, 'keys', (target, path) => azureKeys(path), 'Microsoft.KeyVault/vaults/keys/read'],
  [/\/providers\/Microsoft\.KeyVault\/vaults\/[^/]+\/keys\/[^/?]+\?/, 'keys', (target, path) => azureKey(path), 'Microsoft.KeyVault/vaults/keys/read'],
];

// --- GCP ---------------------------------------------------------------------------------------
export const GCP_PROJECT = 'cloud-custodian'; // the recordings' project
const gcpRecorded = (name) => readJson(`gcp/cloud-custodian-flights/responses/${name}`).body;
/** IAM, Cloud KMS and project-policy flights kept in the project (server/tests/testdata/gcp). */
const gcpFlight = (name) => readProjectJson(`gcp/cloud-custodian-flights/${name}`).body;
const GCP_SERVICE_ACCOUNT = 'test-cutodian-scc@cloud-custodian.iam.gserviceaccount.com';
const GCP_KEY_RINGS = 'kms-cryptokey-label__get-v1-projects-cloud-custodian-locations-us-central1-keyRings_1.json';
// Example body of developers.google.com/analytics/devguides/reporting/data/v1/errors ("Error format").
const GCP_DENIED = '{"error": {"code": 403, "message": "User does not have sufficient permissions for this property.", "status": "PERMISSION_DENIED"}}';
// Google's token endpoint answer to an assertion signed with a key it does not know.
const GCP_INVALID_GRANT = '{"error": "invalid_grant", "error_description": "Invalid JWT Signature."}';

/** regions.list envelope around the region scopes of a recorded aggregated list (none was recorded). */
function gcpRegionList() {
  const scopes = gcpRecorded('disk-recommend__get-compute-v1-projects-cloud-custodian-aggregated-disks_1.json').items;
  const items = Object.keys(scopes).filter((s) => s.startsWith('regions/')).map((s) => ({ name: s.slice(8) }));
  return JSON.stringify({ kind: 'compute#regionList', items });
}
/** Recorded getEffectiveFirewalls rules in the firewalls.list envelope (no plain list was recorded). */
function gcpFirewallList() {
  const rec = gcpRecorded('instance-effective-firewall__get-compute-v1-projects-cloud-custodian-zones-us-east4-c-instances-iap-test-webapp-getEffectiveFirewalls_1.json');
  return JSON.stringify({ kind: 'compute#firewallList', items: rec.firewalls });
}
const GCP_READS = [
  [`/v1/projects/${GCP_PROJECT}`, 'project', () => JSON.stringify(gcpRecorded('project-hierarchy__get-v1-projects_1.json').projects[0])],
  [`/compute/v1/projects/${GCP_PROJECT}/regions`, 'regions', gcpRegionList],
  [`/compute/v1/projects/${GCP_PROJECT}/aggregated/instances`, 'instances', () => JSON.stringify(gcpRecorded('instance-create-machine-instance__get-compute-v1-projects-cloud-custodian-aggregated-instances_1.json'))],
  [`/compute/v1/projects/${GCP_PROJECT}/aggregated/disks`, 'disks', () => JSON.stringify(gcpRecorded('disk-query__get-compute-v1-projects-cloud-custodian-aggregated-disks_1.json'))],
  [`/compute/v1/projects/${GCP_PROJECT}/global/firewalls`, 'firewalls', gcpFirewallList],
  ['/storage/v1/b', 'buckets', () => JSON.stringify(gcpRecorded('bucket-uniform-bucket-access__get-storage-v1-b_1.json'))],
  [`/v3/projects/${GCP_PROJECT}/timeSeries`, 'monitoring', () => JSON.stringify(gcpRecorded('filter-metrics__get-v3-projects-cloud-custodian-timeSeries_1.json'))],
  // The project's security scope (the C++ provider test answers the same way): its IAM policy
  // (data-access logs for one service only), one service account and its keys, the Cloud KMS
  // locations (us-central1), no key rings in "global" and the 8 recorded key rings of us-central1.
  [`/v1/projects/${GCP_PROJECT}:getIamPolicy`, 'projectPolicy', () => JSON.stringify(gcpFlight('project-set-iam-policy__post-v1-projects-cloud-custodian-getIamPolicy_1.json'))],
  [`/v1/projects/${GCP_PROJECT}/serviceAccounts`, 'iam', () => JSON.stringify(gcpFlight('iam-service-account-key-query__get-v1-projects-cloud-custodian-serviceAccounts_1.json'))],
  [`/v1/projects/${GCP_PROJECT}/serviceAccounts/${GCP_SERVICE_ACCOUNT}/keys`, 'iam', () => JSON.stringify(gcpFlight(`iam-service-account-key-query__get-v1-projects-cloud-custodian-serviceAccounts-${GCP_SERVICE_ACCOUNT}-keys_1.json`))],
  [`/v1/projects/${GCP_PROJECT}/locations`, 'kms', () => JSON.stringify(gcpFlight('kms-cryptokey-query__get-v1-projects-cloud-custodian-locations_1.json'))],
  [`/v1/projects/${GCP_PROJECT}/locations/global/keyRings`, 'kms', () => JSON.stringify(gcpFlight('kms-cryptokey-query__get-v1-projects-cloud-custodian-locations-us-keyRings_1.json'))],
  [`/v1/projects/${GCP_PROJECT}/locations/us-central1/keyRings`, 'kms', () => JSON.stringify(gcpFlight(GCP_KEY_RINGS))],
  ...gcpFlight(GCP_KEY_RINGS).keyRings.map((ring) => ring.name.split('/').pop()).map((ring) => [
    `/v1/projects/${GCP_PROJECT}/locations/us-central1/keyRings/${ring}/cryptoKeys`, 'kms',
    () => JSON.stringify(gcpFlight(`kms-cryptokey-label__get-v1-projects-cloud-custodian-locations-us-central1-keyRings-${ring}-cryptoKeys_1.json`)),
  ]),
];

/**
 * A service-account key file shaped like the ones the Cloud console downloads, around an RSA key
 * generated for this test run (no private key is ever committed).
 */
export function gcpServiceAccount(project = GCP_PROJECT) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
  return {
    pem,
    keyFile: {
      type: 'service_account',
      project_id: project,
      private_key_id: '0123456789abcdef0123456789abcdef01234567',
      private_key: pem,
      client_email: `cloudweave@${project}.iam.gserviceaccount.com`,
      client_id: '100000000000000000001',
      auth_uri: 'https://accounts.google.com/o/oauth2/auth',
      token_uri: 'https://oauth2.googleapis.com/token',
    },
  };
}

// --- BigQuery (the Cloud Billing export) -------------------------------------------------------
// No jobs.query session was recorded: answers follow the documented REST format
// (cloud.google.com/bigquery/docs/reference/rest/v2/jobs/query): the query first answers
// jobComplete: false with its jobReference, getQueryResults then gives the rows ({"f": [{"v"}]},
// values as strings) one per page, with pageToken.
const BILLING_COLUMNS = ['day', 'service', 'sku_id', 'sku', 'region', 'project_id', 'project_name', 'cost_type',
  'currency', 'unit', 'quantity', 'cost', 'credits'];
function bigqueryPage(job, rows, pageToken) {
  const answer = {
    kind: 'bigquery#queryResponse',
    jobReference: { projectId: GCP_PROJECT, jobId: job.id, location: 'US' },
    jobComplete: true,
    schema: { fields: BILLING_COLUMNS.map((name) => ({ name, type: 'STRING', mode: 'NULLABLE' })) },
    totalRows: String(job.rows.length),
  };
  if (rows.length) answer.rows = rows.map((r) => ({ f: r.map((v) => ({ v })) }));
  if (pageToken) answer.pageToken = pageToken;
  return JSON.stringify(answer);
}

/** Checks an RS256 JWT against a PEM private key's public half; returns the claims or null. */
function verifyJwt(jwt, pem) {
  const parts = String(jwt).split('.');
  if (parts.length !== 3) return null;
  const ok = verify('RSA-SHA256', Buffer.from(`${parts[0]}.${parts[1]}`), createPublicKey(pem), Buffer.from(parts[2], 'base64url'));
  return ok ? JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) : null;
}

// Every AWS service name the aws provider may ask an endpoint for: pointing them all here keeps
// a provider that reads more services (S3, RDS, Lambda, …) from reaching for the internet; what
// has no recording answers the EC2-style error above.
const AWS_SERVICES = ['sts', 'ec2', 's3', 'rds', 'lambda', 'elasticloadbalancing', 'elbv2', 'dynamodb', 'sqs', 'sns',
  'iam', 'monitoring', 'cloudwatch', 'ce', 'route53', 'elasticache', 'ecs', 'eks', 'logs', 'kms', 'cloudfront'];

export async function startCloudReplay() {
  const state = {
    refuseCredentials: false,
    deny: new Set(), // "azure:disks", "gcp:disks", …
    gcpKeyPem: null, // the PEM the GCP token endpoint verifies assertions with
    requests: [],
    tokens: 0,
    billingRows: () => [],
    bigqueryJobs: new Map(),
  };
  const reply = (res, status, body, type = 'application/json') => {
    res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  };
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const target = req.url;
      const path = target.split('?')[0];
      state.requests.push({ method: req.method, target, headers: req.headers, body });
      try {
        // AWS query protocol: everything is a form POST to "/".
        if (req.method === 'POST' && path === '/') {
          const action = new URLSearchParams(body).get('Action');
          if (action === 'GetCallerIdentity') {
            return state.refuseCredentials ? reply(res, 403, read(AWS_ACCESS_DENIED), 'text/xml') : reply(res, 200, callerIdentityXml(), 'text/xml');
          }
          if (state.refuseCredentials) return reply(res, 403, read(AWS_ACCESS_DENIED), 'text/xml');
          if (action === 'DescribeInstances') return reply(res, 200, read(AWS_INSTANCES), 'text/xml');
          if (AWS_EC2_LISTS[action]) return reply(res, 200, read(AWS_EC2_LISTS[action]), 'text/xml');
          if (action === 'DescribeFlowLogs') return reply(res, 200, flowLogsXml(), 'text/xml');
          return reply(res, 400, read(AWS_UNRECORDED), 'text/xml');
        }
        // Azure AD client-credentials token.
        if (req.method === 'POST' && /^\/[^/]+\/oauth2\/v2\.0\/token$/.test(path)) {
          if (state.refuseCredentials) return reply(res, 401, AZURE_INVALID_CLIENT);
          state.tokens++;
          return reply(res, 200, JSON.stringify({ token_type: 'Bearer', expires_in: 3599, access_token: `azure-token-${state.tokens}` }));
        }
        if (path.startsWith('/subscriptions/')) {
          if (!String(req.headers.authorization || '').startsWith('Bearer azure-token-')) return reply(res, 401, '{"error":{"code":"InvalidAuthenticationToken","message":"The access token is invalid."}}');
          if (path === `/subscriptions/${AZURE_SUBSCRIPTION}`) return reply(res, 200, cassetteBody('SubscriptionTaggingTest.test_subscription_tag_and_untag', 0));
          if (path === `/subscriptions/${AZURE_SUBSCRIPTION}/locations`) return reply(res, 200, AZURE_LOCATIONS);
          for (const [part, name, answer, permission] of AZURE_LISTS) {
            const matches = typeof part === 'string' ? target.includes(part) : part.test(target);
            if (matches) return state.deny.has(`azure:${name}`) ? reply(res, 403, azureAuthorizationFailed(permission)) : reply(res, 200, answer(target, path));
          }
          return reply(res, 404, '{"error":{"code":"NotRecorded","message":"no recording for this request"}}');
        }
        // Google OAuth 2.0 JWT-bearer token exchange: the assertion must verify with the key.
        if (req.method === 'POST' && path === '/token') {
          const assertion = new URLSearchParams(body).get('assertion');
          const claims = state.gcpKeyPem && !state.refuseCredentials ? verifyJwt(assertion, state.gcpKeyPem) : null;
          if (!claims || claims.aud !== 'https://oauth2.googleapis.com/token') return reply(res, 400, GCP_INVALID_GRANT);
          state.tokens++;
          return reply(res, 200, JSON.stringify({ access_token: `ya29.token-${state.tokens}`, expires_in: 3599, token_type: 'Bearer' }));
        }
        if (path.startsWith(`/bigquery/v2/projects/${GCP_PROJECT}/queries`)) {
          if (!String(req.headers.authorization || '').startsWith('Bearer ya29.token-')) return reply(res, 401, '');
          if (state.deny.has('gcp:bigquery')) return reply(res, 403, GCP_DENIED);
          if (req.method === 'POST') {
            const q = JSON.parse(body);
            const param = (n) => q.queryParameters.find((p) => p.name === n).parameterValue.value;
            const job = { id: `job_${state.bigqueryJobs.size + 1}`, rows: state.billingRows(param('from_date'), param('to_date')), polled: false };
            state.bigqueryJobs.set(job.id, job);
            return reply(res, 200, JSON.stringify({ kind: 'bigquery#queryResponse', jobReference: { projectId: GCP_PROJECT, jobId: job.id, location: 'US' }, jobComplete: false }));
          }
          const job = state.bigqueryJobs.get(decodeURIComponent(path.split('/').pop()));
          const params = new URL(target, url).searchParams;
          if (!job || params.get('location') !== 'US') return reply(res, 404, '{"error":{"code":404,"message":"Not found: Job","status":"NOT_FOUND"}}');
          const at = Number(params.get('pageToken') || 0);
          return reply(res, 200, bigqueryPage(job, job.rows.slice(at, at + 1), at + 1 < job.rows.length ? String(at + 1) : ''));
        }
        // A bucket's IAM policy (getIamPolicy): the recorded one, which grants allUsers a role.
        if (/^\/storage\/v1\/b\/[^/]+\/iam$/.test(path)) {
          if (!String(req.headers.authorization || '').startsWith('Bearer ya29.token-')) return reply(res, 401, '');
          return state.deny.has('gcp:buckets') ? reply(res, 403, GCP_DENIED)
            : reply(res, 200, JSON.stringify(gcpRecorded('bucket-iam-policy__get-storage-v1-b-cloud-custodian-test-1-iam_1.json')));
        }
        for (const [readPath, name, answer] of GCP_READS) {
          if (path === readPath) {
            if (!String(req.headers.authorization || '').startsWith('Bearer ya29.token-')) return reply(res, 401, '');
            return state.deny.has(`gcp:${name}`) ? reply(res, 403, GCP_DENIED) : reply(res, 200, answer());
          }
        }
        return reply(res, 404, '{"error":{"code":404,"message":"no recording for this request","status":"NOT_FOUND"}}');
      } catch (e) {
        return reply(res, 500, JSON.stringify({ error: { code: 'ReplayFailed', message: String(e.message) } }));
      }
    });
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${server.address().port}`;
  return Object.assign(state, {
    url,
    awsEndpoints: () => Object.fromEntries(AWS_SERVICES.map((s) => [s, url])),
    azureEndpoints: () => ({ login: url, management: url }),
    gcpEndpoints: () => Object.fromEntries(['oauth2', 'compute', 'storage', 'monitoring', 'resourcemanager', 'bigquery', 'iam', 'cloudkms'].map((s) => [s, url])),
    close: () => new Promise((ok) => {
      server.closeAllConnections?.();
      server.close(() => ok());
    }),
  });
}
