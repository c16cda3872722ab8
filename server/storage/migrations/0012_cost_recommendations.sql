-- Savings recommendations (server/costs/recommendation_*): one row per account × resource × kind,
-- refreshed by each run of costs.recommend. A run re-opens what it finds again (unless dismissed:
-- a dismissal outlives the runs) and resolves the open ones it no longer finds.
CREATE TABLE cost_recommendations (
  id               TEXT PRIMARY KEY,
  organization_id  TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  account_id       TEXT NOT NULL REFERENCES cloud_accounts(id) ON DELETE CASCADE,
  kind             TEXT NOT NULL,   -- idle_server | rightsize_server | unattached_volume | stopped_server_storage | commitment
  resource_id      TEXT NOT NULL,   -- resources.id; '' for account-wide kinds (commitment). No FK: inventory owns it
  resource_name    TEXT NOT NULL,
  provider         TEXT NOT NULL,
  region           TEXT NOT NULL,
  title            TEXT NOT NULL,
  detail           TEXT NOT NULL,
  monthly_savings  DOUBLE PRECISION NOT NULL,
  currency         TEXT NOT NULL,
  action           TEXT,            -- JSON {kind: stop|delete|resize, …} or NULL: nothing to do in one click
  status           TEXT NOT NULL,   -- open | dismissed | applied | resolved
  dismissed_reason TEXT,
  dismissed_by     TEXT,
  dismissed_at     BIGINT,
  first_seen_at    BIGINT NOT NULL,
  last_seen_at     BIGINT NOT NULL,
  resolved_at      BIGINT,
  UNIQUE (account_id, resource_id, kind)
);
CREATE INDEX cost_recommendations_org ON cost_recommendations (organization_id, status, monthly_savings);
