-- cost_daily without the resource: day × account × provider × service × region × resource type ×
-- charge category × currency. Most breakdowns (by service, account, region…) never name a
-- resource, and a bill of many resources has nearly one cost_daily row per resource and day, so
-- they read this far smaller table instead; queries grouping or filtering by resource still read
-- cost_daily. Rebuilt from cost_daily with it, day by day, by the same loads.
CREATE TABLE cost_daily_summary (
  organization_id  TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  account_id       TEXT NOT NULL REFERENCES cloud_accounts(id) ON DELETE CASCADE,
  day              TEXT NOT NULL,
  provider         TEXT NOT NULL,
  service_name     TEXT NOT NULL,
  region_id        TEXT NOT NULL,
  resource_type    TEXT NOT NULL,
  charge_category  TEXT NOT NULL,
  billing_currency TEXT NOT NULL,
  billed_cost      DOUBLE PRECISION NOT NULL,
  effective_cost   DOUBLE PRECISION NOT NULL,
  list_cost        DOUBLE PRECISION NOT NULL,
  contracted_cost  DOUBLE PRECISION NOT NULL,
  row_count        BIGINT NOT NULL
);
CREATE INDEX cost_daily_summary_org_day ON cost_daily_summary (organization_id, day);
CREATE INDEX cost_daily_summary_account_day ON cost_daily_summary (account_id, day);

INSERT INTO cost_daily_summary (organization_id, account_id, day, provider, service_name, region_id, resource_type,
                                charge_category, billing_currency, billed_cost, effective_cost, list_cost,
                                contracted_cost, row_count)
SELECT organization_id, account_id, day, provider, service_name, region_id, resource_type, charge_category,
       billing_currency, SUM(billed_cost), SUM(effective_cost), SUM(list_cost), SUM(contracted_cost), SUM(row_count)
FROM cost_daily
GROUP BY organization_id, account_id, day, provider, service_name, region_id, resource_type, charge_category,
         billing_currency;
