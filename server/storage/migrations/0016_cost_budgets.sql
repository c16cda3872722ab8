-- Budgets (server/costs/budget_*.cpp): an amount per month, quarter or year over a scope of the
-- organization's costs (the filters of GET /costs), with alert thresholds on the actual spend and
-- on the forecast. cost_budget_crossings remembers each threshold crossed in each period, so it
-- notifies once per period, and is the budget's alert history.
CREATE TABLE cost_budgets (
  id              TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name            TEXT NOT NULL,
  amount          DOUBLE PRECISION NOT NULL,
  currency        TEXT NOT NULL,
  period          TEXT NOT NULL,   -- monthly | quarterly | yearly
  filters         TEXT NOT NULL,   -- JSON object: provider, providerId, service, region, tag
  thresholds      TEXT NOT NULL,   -- JSON array of {percent, basis: actual | forecast}
  created_by      TEXT NOT NULL,
  created_at      BIGINT NOT NULL,
  updated_at      BIGINT NOT NULL,
  UNIQUE (organization_id, name)
);

CREATE TABLE cost_budget_crossings (
  budget_id    TEXT NOT NULL REFERENCES cost_budgets(id) ON DELETE CASCADE,
  period_start TEXT NOT NULL,            -- YYYY-MM-DD
  basis        TEXT NOT NULL,            -- actual | forecast
  percent      DOUBLE PRECISION NOT NULL,
  value        DOUBLE PRECISION NOT NULL, -- the spend or forecast that crossed it
  crossed_at   BIGINT NOT NULL,
  PRIMARY KEY (budget_id, period_start, basis, percent)
);
