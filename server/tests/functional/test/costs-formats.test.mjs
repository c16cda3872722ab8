// Cost files other than FOCUS, imported over HTTP and read back through GET /costs: the genuine
// Azure EA export and OCI cost report samples (totals per service and per day against sums
// computed here from the CSV), and AWS CUR (legacy and 2.0) and GCP billing export files written
// here with their documented columns (line item types, commitment and credit rows). A file given
// the wrong format imports nothing and says which format it looks like.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { assertOk } from '../lib/http.mjs';
import { registerOwner, waitFor } from '../lib/fixtures.mjs';
import { gcpServiceAccount } from '../lib/cloud-replay.mjs';
import { parseCsv } from '../lib/csv.mjs';
import { repoRoot } from '../lib/paths.mjs';

const shared = join(repoRoot, '..', 'shared', 'testdata', 'cur-and-billing-exports');
const AZURE = join(repoRoot, 'server/tests/testdata/focus/azure-ea-sample-anonymous-ea-export-dataset.csv');
const OCI = join(shared, 'oci-reports_cost-csv_0000000030000269.csv');

const close = (actual, expected, what) =>
  assert.ok(Math.abs(actual - expected) <= 1e-6 + 1e-9 * Math.abs(expected), `${what}: ${actual} ≠ ${expected}`);

function rowsOf(text) {
  const [header, ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}
function sumBy(rows, key, value) {
  const out = {};
  for (const r of rows) out[key(r)] = (out[key(r)] || 0) + value(r);
  return out;
}

describe('cost file formats', () => {
  let srv, owner, n = 0;
  /** A fresh account (GCP without a cost source: only the imported file counts). */
  async function account() {
    const nowhere = 'http://127.0.0.1:9';
    return assertOk(await owner.api.post('providers', {
      provider: 'gcp',
      name: `Imported ${++n}`,
      credentials: { serviceAccountJson: JSON.stringify(gcpServiceAccount().keyFile) },
      endpoints: Object.fromEntries(['oauth2', 'compute', 'storage', 'monitoring', 'resourcemanager'].map((k) => [k, nowhere])),
    }), 201);
  }
  async function importAs(format, accountId, body) {
    const started = assertOk(await owner.api.request('POST', `costs/imports?format=${format}&providerId=${accountId}`, {
      rawBody: body,
      headers: { 'Content-Type': 'text/csv' },
    }), 202);
    return waitFor(async () => {
      const i = assertOk(await owner.api.get(`costs/imports/${started.importId}`));
      return ['succeeded', 'failed'].includes(i.state) ? i : null;
    }, { timeoutMs: 30000, what: `the ${format} import` });
  }
  const costs = async (params) => assertOk(await owner.api.get(`costs?${new URLSearchParams(params)}`));

  before(async () => {
    srv = await startServer();
    owner = await registerOwner(srv, { prefix: 'formats', organizationName: 'Formats Org' });
  });
  after(async () => {
    await srv?.stop();
  });

  test('the Azure EA sample keeps its totals per service and per day', async () => {
    const text = readFileSync(AZURE, 'utf8');
    const rows = rowsOf(text);
    const acct = await account();
    const imp = await importAs('azure', acct.id, text);
    assert.equal(imp.state, 'succeeded', JSON.stringify(imp.errors));
    assert.equal(imp.rows, rows.length);
    const q = { from: '2023-08-01', to: '2023-11-01', providerId: acct.id };
    const byService = await costs({ ...q, groupBy: 'service', limit: '1000' });
    assert.equal(byService.currency, rows[0].BillingCurrencyCode);
    const expected = sumBy(rows, (r) => r.MeterCategory, (r) => Number(r.CostInBillingCurrency));
    assert.deepEqual(byService.series.map((s) => s.key.service).sort(), Object.keys(expected).sort());
    for (const s of byService.series) close(s.total, expected[s.key.service], s.key.service);
    const [m, d, y] = rows[0].Date.split('/');
    const day = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
    const perDay = sumBy(rows, (r) => r.Date, (r) => Number(r.CostInBillingCurrency));
    const daily = await costs({ from: day, to: day.replace(/\d\d$/, (x) => String(Number(x) + 1).padStart(2, '0')), providerId: acct.id });
    close(daily.total, perDay[rows[0].Date], `day ${day}`);
  });

  test('the OCI cost report sample keeps its totals per service', async () => {
    const text = readFileSync(OCI, 'utf8');
    const rows = rowsOf(text);
    const acct = await account();
    const imp = await importAs('oci', acct.id, text);
    assert.equal(imp.state, 'succeeded', JSON.stringify(imp.errors));
    assert.equal(imp.rows, rows.length);
    const starts = rows.map((r) => r['lineItem/intervalUsageStart'].slice(0, 10)).sort();
    const byService = await costs({ from: starts[0], to: new Date(Date.parse(starts.at(-1)) + 86400000).toISOString().slice(0, 10), providerId: acct.id, groupBy: 'service' });
    const expected = sumBy(rows, (r) => r['product/service'], (r) => Number(r['cost/myCost'] || 0) + Number(r['cost/myCostOverage'] || 0));
    for (const s of byService.series) close(s.total, expected[s.key.service], s.key.service);
    assert.equal(byService.series.length, Object.keys(expected).length);
  });

  test('AWS CUR (legacy and 2.0): line item types become charge categories; commitments amortise', async () => {
    const legacy = [
      'bill/PayerAccountId,bill/BillingPeriodStartDate,bill/BillingPeriodEndDate,lineItem/UsageAccountId,lineItem/LineItemType,lineItem/UsageStartDate,lineItem/UsageEndDate,lineItem/ProductCode,lineItem/UsageAmount,lineItem/CurrencyCode,lineItem/UnblendedCost,lineItem/ResourceId,lineItem/LineItemDescription,product/ProductName,product/region,pricing/publicOnDemandCost,savingsPlan/SavingsPlanEffectiveCost,savingsPlan/SavingsPlanARN,resourceTags/user:Team',
      '111122223333,2024-05-01T00:00:00Z,2024-06-01T00:00:00Z,444455556666,Usage,2024-05-03T00:00:00Z,2024-05-03T01:00:00Z,AmazonEC2,1,USD,0.50,i-1,On demand,Amazon Elastic Compute Cloud,us-east-1,0.50,,,web',
      '111122223333,2024-05-01T00:00:00Z,2024-06-01T00:00:00Z,444455556666,SavingsPlanCoveredUsage,2024-05-03T00:00:00Z,2024-05-03T01:00:00Z,AmazonEC2,1,USD,0.40,i-2,Covered,Amazon Elastic Compute Cloud,us-east-1,0.40,0.25,arn:aws:savingsplans::1:savingsplan/abc,web',
      '111122223333,2024-05-01T00:00:00Z,2024-06-01T00:00:00Z,444455556666,SavingsPlanNegation,2024-05-03T00:00:00Z,2024-05-03T01:00:00Z,AmazonEC2,1,USD,-0.40,i-2,Negation,Amazon Elastic Compute Cloud,us-east-1,,,arn:aws:savingsplans::1:savingsplan/abc,',
      '111122223333,2024-05-01T00:00:00Z,2024-06-01T00:00:00Z,444455556666,Tax,2024-05-01T00:00:00Z,2024-06-01T00:00:00Z,AmazonEC2,1,USD,0.10,,Tax,Amazon Elastic Compute Cloud,,,,,',
      '111122223333,2024-05-01T00:00:00Z,2024-06-01T00:00:00Z,444455556666,Credit,2024-05-01T00:00:00Z,2024-06-01T00:00:00Z,AmazonEC2,1,USD,-0.05,,Promo credit,Amazon Elastic Compute Cloud,,,,,',
    ].join('\n');
    const cur2 = [
      'bill_payer_account_id,bill_billing_period_start_date,bill_billing_period_end_date,line_item_usage_account_id,line_item_line_item_type,line_item_usage_start_date,line_item_usage_end_date,line_item_product_code,line_item_unblended_cost,line_item_currency_code,line_item_resource_id,product,resource_tags',
      '111122223333,2024-05-01T00:00:00.000Z,2024-06-01T00:00:00.000Z,444455556666,Usage,2024-05-04T00:00:00.000Z,2024-05-04T01:00:00.000Z,AmazonS3,1.25,USD,my-bucket,"{""product_name"": ""Amazon Simple Storage Service"", ""region"": ""eu-west-1""}","{""user_team"": ""data""}"',
      '111122223333,2024-05-01T00:00:00.000Z,2024-06-01T00:00:00.000Z,444455556666,Fee,2024-05-01T00:00:00.000Z,2024-06-01T00:00:00.000Z,AWSSupportBusiness,100,USD,,"{""product_name"": ""AWS Support (Business)""}",{}',
    ].join('\n');
    for (const [format, text] of [['aws-cur', legacy], ['aws-cur2', cur2]]) {
      const acct = await account();
      const imp = await importAs(format, acct.id, text);
      assert.equal(imp.state, 'succeeded', `${format}: ${JSON.stringify(imp.errors)}`);
      const q = { from: '2024-05-01', to: '2024-06-01', providerId: acct.id };
      const billed = await costs({ ...q, groupBy: 'chargeCategory' });
      const cat = Object.fromEntries(billed.series.map((s) => [s.key.chargeCategory, s.total]));
      if (format === 'aws-cur') {
        close(cat.Usage, 0.5, 'billed usage (covered and negation cancel)');
        close(cat.Tax, 0.1, 'tax');
        close(cat.Credit, -0.05, 'credit');
        close((await costs({ ...q, metric: 'effective' })).total, 0.5 + 0.25 + 0.1 - 0.05, 'effective: the plan rate');
        const tagged = await costs({ ...q, groupBy: 'resource' });
        assert.ok(tagged.series.some((s) => s.key.resource === 'i-2'));
      } else {
        close(cat.Usage, 1.25, 'usage');
        close(cat.Purchase, 100, 'the support fee');
        const byRegion = await costs({ ...q, groupBy: 'region,service' });
        assert.ok(byRegion.series.some((s) => s.key.region === 'eu-west-1' && s.key.service === 'Amazon Simple Storage Service'), JSON.stringify(byRegion.series.map((s) => s.key)));
      }
    }
  });

  test('the GCP billing export: credits lower the effective cost; tax is tax', async () => {
    const text = [
      'billing_account_id,service.description,sku.id,sku.description,usage_start_time,usage_end_time,project.id,location.region,cost,currency,usage.amount,usage.unit,credits,invoice.month,cost_type',
      '01ABCD-234567-89EFGH,Compute Engine,CP-1,N1 core,2024-05-02 00:00:00 UTC,2024-05-02 01:00:00 UTC,proj-a,us-central1,2.00,USD,3600,seconds,"[{""name"": ""Sustained use"", ""amount"": -0.30}]",202405,regular',
      '01ABCD-234567-89EFGH,Cloud Storage,ST-1,Standard storage,2024-05-02 00:00:00 UTC,2024-05-02 01:00:00 UTC,proj-a,us-central1,0.75,USD,10,gibibyte month,[],202405,regular',
      '01ABCD-234567-89EFGH,Invoice,TX-1,Tax,2024-05-31 00:00:00 UTC,2024-05-31 01:00:00 UTC,,,0.20,USD,,,[],202405,tax',
    ].join('\n');
    const acct = await account();
    const imp = await importAs('gcp', acct.id, text);
    assert.equal(imp.state, 'succeeded', JSON.stringify(imp.errors));
    const q = { from: '2024-05-01', to: '2024-06-01', providerId: acct.id };
    close((await costs(q)).total, 2.95, 'billed');
    close((await costs({ ...q, metric: 'effective' })).total, 2.65, 'effective: less the credit');
    const byService = await costs({ ...q, groupBy: 'service' });
    assert.deepEqual(byService.series.map((s) => s.key.service).sort(), ['Cloud Storage', 'Compute Engine', 'Invoice']);
    const cat = await costs({ ...q, groupBy: 'chargeCategory' });
    close(cat.series.find((s) => s.key.chargeCategory === 'Tax').total, 0.2, 'tax');
  });

  test('a file with the wrong format, a bad number or a bad date imports nothing and says where', async () => {
    const acct = await account();
    const azure = readFileSync(AZURE, 'utf8');
    const wrong = await importAs('focus', acct.id, azure);
    assert.equal(wrong.state, 'failed');
    assert.ok(wrong.errors.some((e) => /looks like an Azure cost details file: import it with format=azure/.test(e.message)), JSON.stringify(wrong.errors));
    const asOci = await importAs('oci', acct.id, azure);
    assert.equal(asOci.state, 'failed');
    assert.ok(asOci.errors.some((e) => e.row === 1 && e.column === 'cost/myCost'), JSON.stringify(asOci.errors));

    const oci = readFileSync(OCI, 'utf8').split('\n');
    const header = parseCsv(oci[0])[0];
    const costAt = header.indexOf('cost/myCost');
    const startAt = header.indexOf('lineItem/intervalUsageStart');
    const mangle = (line, index, value) => {
      const fields = parseCsv(line)[0];
      fields[index] = value;
      return fields.map((f) => (/[",\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f)).join(',');
    };
    const bad = [oci[0], oci[1], mangle(oci[2], costAt, '$1,234.50'), mangle(oci[3], startAt, 'yesterday'), ...oci.slice(4)].join('\n');
    const failed = await importAs('oci', acct.id, bad);
    assert.equal(failed.state, 'failed');
    assert.deepEqual(failed.errors.slice(0, 2).map((e) => [e.row, e.column]), [[3, 'cost/myCost'], [4, 'lineItem/intervalUsageStart']]);
    assert.match(failed.errors[0].message, /'\$1,234\.50' is not a number/);
    assert.equal((await costs({ from: '2023-11-01', to: '2023-12-01', providerId: acct.id })).total, 0, 'nothing imported');
  });
});
