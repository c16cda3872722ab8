-- Monitoring (server/monitoring/): the embedded metrics store, what each account collects, alert
-- rules, alerts with their transitions, silences and notification groups.

-- One metric of one resource. Samples live in metric_chunks; rolled_*_until say up to where
-- the raw samples have been rolled up into the 5-minute and 1-hour tiers.
CREATE TABLE metric_series (
  id              TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  account_id      TEXT NOT NULL,
  resource_id     TEXT NOT NULL,            -- no foreign key: a deleted resource's history stays
  metric          TEXT NOT NULL,
  last_sample_at  BIGINT,
  rolled_5m_until BIGINT NOT NULL DEFAULT 0,
  rolled_1h_until BIGINT NOT NULL DEFAULT 0,
  UNIQUE (organization_id, resource_id, metric)
);
CREATE INDEX metric_series_org_metric ON metric_series (organization_id, metric, resource_id);

-- Compressed samples (monitoring/chunk.hpp). resolution: 0 = raw (one value per sample),
-- 300000 / 3600000 = the 5-minute and 1-hour tiers (min, max, sum, count per bucket). The head
-- chunk of a series is rewritten as samples arrive until it is full.
CREATE TABLE metric_chunks (
  series_id  TEXT NOT NULL REFERENCES metric_series(id) ON DELETE CASCADE,
  resolution BIGINT NOT NULL,
  start_ms   BIGINT NOT NULL,
  end_ms     BIGINT NOT NULL,
  samples    INTEGER NOT NULL,
  data       BYTEA NOT NULL,
  PRIMARY KEY (series_id, resolution, start_ms)
);
CREATE INDEX metric_chunks_retention ON metric_chunks (resolution, end_ms);

-- What each cloud account collects, and how far it got.
CREATE TABLE monitoring_collection (
  account_id        TEXT PRIMARY KEY REFERENCES cloud_accounts(id) ON DELETE CASCADE,
  organization_id   TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  enabled           INTEGER NOT NULL,
  interval_ms       BIGINT NOT NULL,
  watched_types     TEXT NOT NULL,          -- JSON array of resource types
  watch_tag         TEXT,                   -- "key=value": only resources with that tag
  collected_until   BIGINT,                 -- samples up to here are in the store
  last_collected_at BIGINT,
  last_error        TEXT,
  updated_at        BIGINT NOT NULL
);

CREATE TABLE alert_rules (
  id              TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name            TEXT NOT NULL,
  definition      TEXT NOT NULL,            -- JSON: the rule's fields (monitoring/alert_rule.hpp)
  enabled         INTEGER NOT NULL,
  created_by      TEXT NOT NULL,
  created_at      BIGINT NOT NULL,
  updated_at      BIGINT NOT NULL,
  UNIQUE (organization_id, name)
);

-- One episode of a rule on one subject (a resource, an account, or '' for the rule as a
-- whole): pending → firing → resolved, or pending → resolved when it never fired. At most one
-- open (not resolved) alert per rule and subject.
CREATE TABLE alerts (
  id                 TEXT PRIMARY KEY,
  organization_id    TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  rule_id            TEXT NOT NULL REFERENCES alert_rules(id) ON DELETE CASCADE,
  subject            TEXT NOT NULL,
  resource_id        TEXT,
  resource_name      TEXT,
  account_id         TEXT,
  fingerprint        TEXT NOT NULL,
  state              TEXT NOT NULL,         -- pending | firing | resolved
  severity           TEXT NOT NULL,
  labels             TEXT NOT NULL,         -- JSON object
  annotations        TEXT NOT NULL,         -- JSON object: summary, description (rendered)
  value              DOUBLE PRECISION,
  active_at          BIGINT NOT NULL,       -- the condition first held
  started_at         BIGINT,                -- firing since
  ended_at           BIGINT,                -- resolved at
  cleared_at         BIGINT,                -- firing, the condition stopped holding (keepFiringFor)
  ack_by             TEXT,
  ack_by_name        TEXT,
  ack_at             BIGINT,
  ack_comment        TEXT,
  notification_key   TEXT,                  -- the last notification sent about it
  updated_at         BIGINT NOT NULL
);
CREATE UNIQUE INDEX alerts_open ON alerts (rule_id, subject) WHERE state <> 'resolved';
CREATE INDEX alerts_org_state ON alerts (organization_id, state, active_at);
CREATE INDEX alerts_rule_state ON alerts (rule_id, state);

CREATE TABLE alert_transitions (
  id              TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  alert_id        TEXT NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
  at              BIGINT NOT NULL,
  from_state      TEXT NOT NULL,            -- inactive | pending | firing
  to_state        TEXT NOT NULL,            -- pending | firing | resolved
  value           DOUBLE PRECISION,
  note            TEXT
);
CREATE INDEX alert_transitions_alert ON alert_transitions (alert_id, at);
CREATE INDEX alert_transitions_org ON alert_transitions (organization_id, at);

CREATE TABLE alert_silences (
  id              TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  matchers        TEXT NOT NULL,            -- JSON array of {name, value, isRegex}
  starts_at       BIGINT NOT NULL,
  ends_at         BIGINT NOT NULL,
  comment         TEXT NOT NULL,
  created_by      TEXT NOT NULL,
  created_by_name TEXT NOT NULL,
  created_at      BIGINT NOT NULL
);
CREATE INDEX alert_silences_org ON alert_silences (organization_id, ends_at);

-- Alertmanager's notification groups: when a group was last notified and what it said, for
-- group_wait, group_interval and repeat_interval.
CREATE TABLE alert_groups (
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  group_key       TEXT NOT NULL,
  first_seen_at   BIGINT NOT NULL,
  last_sent_at    BIGINT,
  last_digest     TEXT,                     -- the firing alerts' fingerprints when last sent
  sends           INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (organization_id, group_key)
);
