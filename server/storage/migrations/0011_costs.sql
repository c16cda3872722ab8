-- Costs (server/costs/): cost rows in FOCUS 1.0 columns per organization and cloud account, the
-- daily rollups every breakdown reads, file imports, and each account's cost collection.
-- Dates of a row: the charge and billing periods as UTC milliseconds (as FOCUS gives them) plus
-- charge_day, the UTC day the charge period starts on, which rollups group by.
CREATE TABLE cost_rows (
  organization_id               TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  account_id                    TEXT NOT NULL REFERENCES cloud_accounts(id) ON DELETE CASCADE,
  -- The load that wrote the row: an import's id (imp_…) or a collection run's (ccl_…). A row
  -- counts only while cost_load_periods says its load is the live one for its billing period.
  load_id                       TEXT NOT NULL,
  provider                      TEXT NOT NULL,   -- aws | azure | gcp | oci | … (rollup dimension)
  charge_day                    TEXT NOT NULL,   -- YYYY-MM-DD (UTC) of charge_period_start
  billing_period_start          BIGINT NOT NULL,
  billing_period_end            BIGINT NOT NULL,
  charge_period_start           BIGINT NOT NULL,
  charge_period_end             BIGINT NOT NULL,
  billed_cost                   DOUBLE PRECISION NOT NULL,
  effective_cost                DOUBLE PRECISION NOT NULL,
  list_cost                     DOUBLE PRECISION NOT NULL,
  contracted_cost               DOUBLE PRECISION NOT NULL,
  billing_currency              TEXT NOT NULL,
  billing_account_id            TEXT NOT NULL,
  billing_account_name          TEXT NOT NULL,
  sub_account_id                TEXT NOT NULL,
  sub_account_name              TEXT NOT NULL,
  charge_category               TEXT NOT NULL,   -- Usage | Purchase | Tax | Credit | Adjustment
  charge_class                  TEXT NOT NULL,   -- '' or Correction
  charge_description            TEXT NOT NULL,
  charge_frequency              TEXT NOT NULL,   -- One-Time | Recurring | Usage-Based
  pricing_category              TEXT NOT NULL,
  pricing_quantity              DOUBLE PRECISION,
  pricing_unit                  TEXT NOT NULL,
  list_unit_price               DOUBLE PRECISION,
  contracted_unit_price         DOUBLE PRECISION,
  consumed_quantity             DOUBLE PRECISION,
  consumed_unit                 TEXT NOT NULL,
  provider_name                 TEXT NOT NULL,
  publisher_name                TEXT NOT NULL,
  invoice_issuer_name           TEXT NOT NULL,
  region_id                     TEXT NOT NULL,
  region_name                   TEXT NOT NULL,
  availability_zone             TEXT NOT NULL,
  resource_id                   TEXT NOT NULL,   -- FOCUS ResourceId (the cloud's id)
  resource_name                 TEXT NOT NULL,
  resource_type                 TEXT NOT NULL,
  inventory_resource_id         TEXT,            -- resources.id when ResourceId matched one at load (no FK: inventory owns it)
  service_name                  TEXT NOT NULL,
  service_category              TEXT NOT NULL,
  sku_id                        TEXT NOT NULL,
  sku_price_id                  TEXT NOT NULL,
  commitment_discount_id        TEXT NOT NULL,
  commitment_discount_name      TEXT NOT NULL,
  commitment_discount_category  TEXT NOT NULL,
  commitment_discount_type      TEXT NOT NULL,
  commitment_discount_status    TEXT NOT NULL,
  commitment_discount_quantity  DOUBLE PRECISION,
  commitment_discount_unit      TEXT NOT NULL,
  tags                          TEXT NOT NULL    -- JSON object
);
-- Replacing a billing period of an account, and re-rolling the days it touched.
CREATE INDEX cost_rows_day ON cost_rows (account_id, charge_day);
CREATE INDEX cost_rows_load ON cost_rows (load_id, charge_day);

-- Which load's rows each billing period of an account shows: at most one live load per (account,
-- period). A load writes its rows in short batches while they count for nothing, then turns its
-- periods live here and the replaced load's dead in one small transaction (with the rollups of the
-- days concerned); the dead load's rows are deleted afterwards, day by day. So a failed load
-- changes nothing, a re-load replaces instead of adding, and no transaction rewrites every row.
CREATE TABLE cost_load_periods (
  load_id              TEXT NOT NULL,
  account_id           TEXT NOT NULL REFERENCES cloud_accounts(id) ON DELETE CASCADE,
  billing_period_start BIGINT NOT NULL,
  live                 INTEGER NOT NULL,   -- 1: its rows are the period's; 0: replaced, rows going
  PRIMARY KEY (load_id, billing_period_start)
);
CREATE INDEX cost_load_periods_account ON cost_load_periods (account_id, live, billing_period_start);
CREATE INDEX cost_rows_resource ON cost_rows (inventory_resource_id, charge_day);

-- One row per day × account × service × region × resource type × resource × charge category ×
-- currency: what GET /costs reads. Rebuilt from cost_rows for the days an import or a
-- collection touched, in the same transaction.
CREATE TABLE cost_daily (
  organization_id       TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  account_id            TEXT NOT NULL REFERENCES cloud_accounts(id) ON DELETE CASCADE,
  day                   TEXT NOT NULL,
  provider              TEXT NOT NULL,   -- aws | azure | gcp | oci | … (from ProviderName, else the account's kind)
  service_name          TEXT NOT NULL,
  region_id             TEXT NOT NULL,
  resource_type         TEXT NOT NULL,
  resource_id           TEXT NOT NULL,
  inventory_resource_id TEXT,
  charge_category       TEXT NOT NULL,
  billing_currency      TEXT NOT NULL,
  billed_cost           DOUBLE PRECISION NOT NULL,
  effective_cost        DOUBLE PRECISION NOT NULL,
  list_cost             DOUBLE PRECISION NOT NULL,
  contracted_cost       DOUBLE PRECISION NOT NULL,
  row_count             BIGINT NOT NULL
);
CREATE INDEX cost_daily_org_day ON cost_daily (organization_id, day);
CREATE INDEX cost_daily_account_day ON cost_daily (account_id, day);

CREATE TABLE cost_imports (
  id              TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  account_id      TEXT NOT NULL REFERENCES cloud_accounts(id) ON DELETE CASCADE,
  format          TEXT NOT NULL,           -- focus
  file_name       TEXT NOT NULL,
  file_bytes      BIGINT NOT NULL,
  state           TEXT NOT NULL,           -- queued | validating | importing | succeeded | failed
  job_id          TEXT,
  row_count       BIGINT NOT NULL DEFAULT 0,
  periods         TEXT NOT NULL,           -- JSON array of billing period starts (YYYY-MM-DD)
  errors          TEXT NOT NULL,           -- JSON array of {row, column, message} (first 100)
  warnings        TEXT NOT NULL,           -- JSON array of strings
  created_by      TEXT NOT NULL,
  created_at      BIGINT NOT NULL,
  updated_at      BIGINT NOT NULL,
  finished_at     BIGINT
);
CREATE INDEX cost_imports_org ON cost_imports (organization_id, created_at);

-- Each account's periodic collection from its provider: when it runs next and how the last went.
CREATE TABLE cost_collections (
  account_id      TEXT PRIMARY KEY REFERENCES cloud_accounts(id) ON DELETE CASCADE,
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  state           TEXT NOT NULL,           -- queued | succeeded | failed | unsupported
  error           TEXT,
  row_count       BIGINT NOT NULL DEFAULT 0,
  collected_from  TEXT,                    -- YYYY-MM-DD: the first day collected so far
  last_run_at     BIGINT,
  next_run_at     BIGINT NOT NULL,
  updated_at      BIGINT NOT NULL
);
CREATE INDEX cost_collections_org ON cost_collections (organization_id);

-- The tag keys an organization breaks its costs down by (GET /costs groupBy=tag:KEY, tag=KEY:VALUE).
CREATE TABLE cost_tag_keys (
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  tag_key         TEXT NOT NULL,
  PRIMARY KEY (organization_id, tag_key)
);

-- cost_daily once more per chosen tag key, with the row's value of it ('' when the row lacks the
-- tag, so a tag breakdown still adds up to the total). Rebuilt with cost_daily; rebuilt for the
-- whole organization when its keys change.
CREATE TABLE cost_daily_tags (
  organization_id       TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  account_id            TEXT NOT NULL REFERENCES cloud_accounts(id) ON DELETE CASCADE,
  day                   TEXT NOT NULL,
  tag_key               TEXT NOT NULL,
  tag_value             TEXT NOT NULL,
  provider              TEXT NOT NULL,
  service_name          TEXT NOT NULL,
  region_id             TEXT NOT NULL,
  resource_type         TEXT NOT NULL,
  resource_id           TEXT NOT NULL,
  charge_category       TEXT NOT NULL,
  billing_currency      TEXT NOT NULL,
  billed_cost           DOUBLE PRECISION NOT NULL,
  effective_cost        DOUBLE PRECISION NOT NULL,
  list_cost             DOUBLE PRECISION NOT NULL,
  contracted_cost       DOUBLE PRECISION NOT NULL,
  row_count             BIGINT NOT NULL
);
CREATE INDEX cost_daily_tags_org ON cost_daily_tags (organization_id, tag_key, day);
CREATE INDEX cost_daily_tags_account ON cost_daily_tags (account_id, day);
