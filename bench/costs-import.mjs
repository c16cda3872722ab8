// Cost import and breakdown beside DuckDB, on one generated 1,000,000-row FOCUS CSV (issue #17):
//   cd bench && npm ci && cd .. && node bench/costs-import.mjs [rows] [dir]
//
// 1. Generates the file from the FOCUS specification's example rows (server/tests/testdata/focus)
//    with dates spread over 2024, 20,000 resources, 12 services, 6 regions and varied amounts.
// 2. CloudWeave (build/cloudweave, SQLite, a fresh data dir): streams the file to
//    POST /costs/imports and waits for the import to succeed; rows/s from the upload's start to
//    the import's end (upload, validation, load, rollups), and the server's peak RSS meanwhile
//    (sampled every 50 ms from /proc). Then GET /costs for 2024 by service, monthly, 15 times: p50.
// 3. DuckDB (@duckdb/node-api, in this process, on disk in the same dir): CREATE TABLE AS
//    read_csv of the same file: rows/s; the same 12-month aggregation by service 15 times: p50.
// Prints both and the ratios the issue holds them to: import ≥ 0.5× DuckDB's load rate, RSS <
// 300 MB, breakdown p50 ≤ DuckDB's.
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { once } from 'node:events';
import { DuckDBInstance } from '@duckdb/node-api';
import { startServer } from '../server/tests/functional/lib/server.mjs';
import { registerOwner, waitFor } from '../server/tests/functional/lib/fixtures.mjs';
import { connectSimulated } from '../server/tests/functional/lib/inventory.mjs';
import { assertOk } from '../server/tests/functional/lib/http.mjs';
import { parseCsv } from '../server/tests/functional/lib/csv.mjs';
import { repoRoot } from '../server/tests/functional/lib/paths.mjs';

const ROWS = Number(process.argv[2] || 1_000_000);
const dir = process.argv[3] || mkdtempSync(join(tmpdir(), 'cw-cost-bench-'));
const RUNS = 15;

const COLUMNS = [
  'BillingAccountId', 'BillingAccountName', 'SubAccountId', 'SubAccountName', 'BillingCurrency',
  'BillingPeriodStart', 'BillingPeriodEnd', 'ChargePeriodStart', 'ChargePeriodEnd', 'ChargeCategory',
  'ChargeClass', 'ChargeDescription', 'ChargeFrequency', 'PricingCategory', 'PricingQuantity', 'PricingUnit',
  'ListUnitPrice', 'ContractedUnitPrice', 'ListCost', 'ContractedCost', 'BilledCost', 'EffectiveCost',
  'ConsumedQuantity', 'ConsumedUnit', 'ProviderName', 'PublisherName', 'InvoiceIssuerName', 'RegionId',
  'RegionName', 'AvailabilityZone', 'ResourceId', 'ResourceName', 'ResourceType', 'ServiceName',
  'ServiceCategory', 'SkuId', 'SkuPriceId', 'CommitmentDiscountId', 'CommitmentDiscountCategory',
  'CommitmentDiscountStatus', 'CommitmentDiscountType', 'Tags',
];
const SERVICES = [
  ['Amazon Elastic Compute Cloud', 'Compute'], ['Amazon Simple Storage Service', 'Storage'],
  ['Amazon Relational Database Service', 'Databases'], ['AWS Lambda', 'Compute'],
  ['Amazon CloudFront', 'Networking'], ['Amazon DynamoDB', 'Databases'], ['Elastic Load Balancing', 'Networking'],
  ['Amazon Elastic Kubernetes Service', 'Compute'], ['Amazon CloudWatch', 'Management and Governance'],
  ['AWS Key Management Service', 'Security'], ['Amazon Simple Queue Service', 'Integration'],
  ['Amazon Route 53', 'Networking'],
];
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2', 'ap-northeast-1'];

/** The specification's example rows (FOCUS files of the test data), as column → value. */
function templates() {
  const focusDir = join(repoRoot, 'server/tests/testdata/focus');
  const out = [];
  for (const name of readdirSync(focusDir).filter((n) => n.endsWith('.csv') && !n.startsWith('azure'))) {
    const [header, ...rows] = parseCsv(readFileSync(join(focusDir, name), 'utf8'));
    for (const r of rows) out.push(Object.fromEntries(header.map((h, i) => [h.toLowerCase(), r[i]])));
  }
  return out;
}

const csvCell = (v) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
const num = (v, fallback) => {
  const n = Number(String(v ?? '').replace(/[$, ]/g, ''));
  return Number.isFinite(n) && String(v ?? '').trim() !== '' && v !== 'null' ? n : fallback;
};
const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');

async function generate(file) {
  const rows = templates();
  const out = createWriteStream(file);
  out.write(`${COLUMNS.join(',')}\n`);
  const year = Date.UTC(2024, 0, 1);
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (let i = 0; i < ROWS; i++) {
    const t = rows[i % rows.length];
    const day = year + (i % 366) * 86_400_000 + ((i >> 9) % 24) * 3_600_000;
    const d = new Date(day);
    const periodStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    const periodEnd = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    const resource = i % 20_000;
    const [service, category] = SERVICES[resource % SERVICES.length];
    const region = REGIONS[resource % REGIONS.length];
    const list = num(t.listcost, 1) * (0.5 + rand() * 2);
    const billed = Math.round(list * 0.9 * 1e6) / 1e6;
    const values = {
      BillingAccountId: '111122223333', BillingAccountName: 'Bench Org', SubAccountId: `4444${resource % 10}`,
      SubAccountName: `team-${resource % 10}`, BillingCurrency: 'USD', BillingPeriodStart: iso(periodStart),
      BillingPeriodEnd: iso(periodEnd), ChargePeriodStart: iso(day), ChargePeriodEnd: iso(day + 3_600_000),
      ChargeCategory: ['Usage', 'Purchase', 'Tax', 'Credit', 'Adjustment'].includes(t.chargecategory) ? t.chargecategory : 'Usage',
      ChargeClass: '', ChargeDescription: t.chargedescription || `${service} usage`, ChargeFrequency: t.chargefrequency || 'Usage-Based',
      PricingCategory: t.pricingcategory || 'Standard', PricingQuantity: num(t.pricingquantity, 1), PricingUnit: t.pricingunit || 'Hours',
      ListUnitPrice: num(t.listunitprice, 1), ContractedUnitPrice: num(t.contractedunitprice, 0.9),
      ListCost: Math.round(list * 1e6) / 1e6, ContractedCost: billed, BilledCost: billed, EffectiveCost: billed,
      ConsumedQuantity: num(t.consumedquantity, 1), ConsumedUnit: t.consumedunit && t.consumedunit !== 'null' ? t.consumedunit : 'Hours',
      ProviderName: 'AWS', PublisherName: 'AWS', InvoiceIssuerName: 'AWS', RegionId: region, RegionName: region,
      AvailabilityZone: `${region}a`, ResourceId: `arn:aws:ec2:${region}:111122223333:instance/i-${resource.toString(16).padStart(8, '0')}`,
      ResourceName: `res-${resource}`, ResourceType: category === 'Storage' ? 'bucket' : 'instance', ServiceName: service,
      ServiceCategory: category, SkuId: t.skuid && t.skuid !== 'null' ? t.skuid : 'SKU-1', SkuPriceId: t.skupriceid && t.skupriceid !== 'null' ? t.skupriceid : 'SKU-1-P',
      CommitmentDiscountId: '', CommitmentDiscountCategory: '', CommitmentDiscountStatus: '', CommitmentDiscountType: '',
      Tags: JSON.stringify({ env: ['prod', 'staging', 'dev'][resource % 3], team: `team-${resource % 10}` }),
    };
    if (!out.write(`${COLUMNS.map((c) => csvCell(String(values[c]))).join(',')}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

const p50 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function importFile(srv, owner, account, file) {
  const started = performance.now();
  const url = new URL(`/api/v1/costs/imports?format=focus&providerId=${account.id}`, srv.url);
  const body = await new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: { Authorization: `Bearer ${owner.accessToken}`, 'Content-Type': 'text/csv', 'Content-Length': statSync(file).size },
    }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => (res.statusCode === 202 ? resolve(JSON.parse(text).data) : reject(new Error(`${res.statusCode} ${text}`))));
    });
    req.on('error', reject);
    createReadStream(file).pipe(req);
  });
  const uploaded = performance.now();
  const imp = await waitFor(async () => {
    const i = assertOk(await owner.api.get(`costs/imports/${body.importId}`));
    if (i.state === 'failed') throw new Error(JSON.stringify(i.errors.slice(0, 3)));
    return i.state === 'succeeded' ? i : null;
  }, { timeoutMs: 3_600_000, intervalMs: 200, what: 'the import' });
  const usable = performance.now();
  // The job goes on after the import is live: it deletes the rows the import replaced.
  await waitFor(async () => assertOk(await owner.api.get(`jobs/${body.jobId}`)).state === 'succeeded',
    { timeoutMs: 3_600_000, intervalMs: 200, what: 'the import job' });
  return {
    imp, seconds: (usable - started) / 1000, uploadSeconds: (uploaded - started) / 1000,
    jobSeconds: (performance.now() - started) / 1000,
  };
}

async function cloudweave(file) {
  const srv = await startServer({ env: { CLOUDWEAVE_RATE_LIMIT: '0' } });
  try {
    const owner = await registerOwner(srv, { prefix: 'bench-costs' });
    const account = await connectSimulated(owner.api, { scenario: 'startup' });
    let peak = rssMb(srv.pid);
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(srv.pid))), 50);
    const first = await importFile(srv, owner, account, file);
    // The same file again replaces the same billing periods: the rows loaded first are deleted.
    const again = await importFile(srv, owner, account, file);
    clearInterval(sampler);
    const imp = first.imp;
    const { seconds, uploadSeconds } = first;

    const query = `costs?from=2024-01-01&to=2025-01-01&groupBy=service&granularity=monthly&providerId=${account.id}`;
    const times = [];
    let total = 0;
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      total = assertOk(await owner.api.get(query)).total;
      times.push(performance.now() - t0);
    }
    return { rows: imp.rows, seconds, uploadSeconds, reimportSeconds: again.seconds, reimportJobSeconds: again.jobSeconds, peakRss: peak, breakdownMs: p50(times), total };
  } finally {
    await srv.stop();
  }
}

async function duckdb(file) {
  const instance = await DuckDBInstance.create(join(dir, 'bench.duckdb'));
  const db = await instance.connect();
  const t0 = performance.now();
  await db.run(`CREATE TABLE costs AS SELECT * FROM read_csv('${file}', header = true)`);
  const seconds = (performance.now() - t0) / 1000;
  const rows = Number((await db.runAndReadAll('SELECT COUNT(*) FROM costs')).getRows()[0][0]);
  const sql = `SELECT date_trunc('month', ChargePeriodStart) AS month, ServiceName, SUM(BilledCost)
               FROM costs WHERE ChargePeriodStart >= '2024-01-01' AND ChargePeriodStart < '2025-01-01'
               GROUP BY ALL`;
  const times = [];
  let total = 0;
  for (let i = 0; i < RUNS; i++) {
    const t1 = performance.now();
    const result = (await db.runAndReadAll(sql)).getRows();
    times.push(performance.now() - t1);
    total = result.reduce((a, r) => a + Number(r[2]), 0);
  }
  db.closeSync?.();
  return { rows, seconds, breakdownMs: p50(times), total };
}

const file = join(dir, `focus-${ROWS}.csv`);
let t = performance.now();
await generate(file);
console.log(`generated ${ROWS.toLocaleString()} rows, ${(statSync(file).size / 1e6).toFixed(0)} MB, in ${((performance.now() - t) / 1000).toFixed(1)} s: ${file}`);

const cw = await cloudweave(file);
console.log(`CloudWeave: ${cw.rows.toLocaleString()} rows in ${cw.seconds.toFixed(1)} s (upload ${cw.uploadSeconds.toFixed(1)} s) = ${Math.round(cw.rows / cw.seconds).toLocaleString()} rows/s, re-import ${cw.reimportSeconds.toFixed(1)} s (its job, deleting the replaced rows, ${cw.reimportJobSeconds.toFixed(1)} s), peak RSS ${cw.peakRss.toFixed(0)} MB; GET /costs 2024 by service p50 ${cw.breakdownMs.toFixed(1)} ms (total ${cw.total.toFixed(2)})`);
const dk = await duckdb(file);
console.log(`DuckDB:     ${dk.rows.toLocaleString()} rows in ${dk.seconds.toFixed(1)} s = ${Math.round(dk.rows / dk.seconds).toLocaleString()} rows/s; same aggregation p50 ${dk.breakdownMs.toFixed(1)} ms (total ${dk.total.toFixed(2)})`);
const importRatio = cw.rows / cw.seconds / (dk.rows / dk.seconds);
console.log(`import rate / DuckDB's: ${importRatio.toFixed(3)} (target ≥ 0.5: ${importRatio >= 0.5 ? 'met' : 'missed'})`);
console.log(`peak RSS during import: ${cw.peakRss.toFixed(0)} MB (target < 300 MB: ${cw.peakRss < 300 ? 'met' : 'missed'})`);
console.log(`breakdown p50 ${cw.breakdownMs.toFixed(1)} ms vs DuckDB ${dk.breakdownMs.toFixed(1)} ms (target ≤: ${cw.breakdownMs <= dk.breakdownMs ? 'met' : 'missed'})`);
if (Math.abs(cw.total - dk.total) > 1e-6 * Math.abs(dk.total)) console.log(`WARNING: totals differ: ${cw.total} vs ${dk.total}`);
if (!process.argv[3]) rmSync(dir, { recursive: true, force: true });
