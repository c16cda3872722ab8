-- Cost anomalies found in the daily rollups (server/costs/anomaly_service.cpp): one row per
-- organization × scope (a service or a cloud account) × first day × currency, so detecting again
-- finds the same anomaly instead of a new one, and a dismissed one stays dismissed.
CREATE TABLE cost_anomalies (
  id               TEXT PRIMARY KEY,
  organization_id  TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  scope_dimension  TEXT NOT NULL,             -- service | account
  scope_key        TEXT NOT NULL,             -- the service's name, the cloud account's id
  day              TEXT NOT NULL,             -- YYYY-MM-DD, its first day
  days             INTEGER NOT NULL,          -- how many days it lasted (so far)
  currency         TEXT NOT NULL,
  expected         DOUBLE PRECISION NOT NULL, -- the baseline of its first day
  actual           DOUBLE PRECISION NOT NULL,
  impact           DOUBLE PRECISION NOT NULL, -- actual − expected over its days
  score            DOUBLE PRECISION NOT NULL, -- robust z-score of the first day
  drivers          TEXT NOT NULL,             -- JSON array of {dimension, key, expected, actual, contribution, share}
  status           TEXT NOT NULL,             -- open | dismissed
  dismissed_reason TEXT,
  dismissed_by     TEXT,
  dismissed_at     BIGINT,
  detected_at      BIGINT NOT NULL,
  UNIQUE (organization_id, scope_dimension, scope_key, day, currency)
);
CREATE INDEX cost_anomalies_org_day ON cost_anomalies (organization_id, day);
