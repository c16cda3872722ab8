-- Security posture (server/security/): scans of the inventory against the rule catalog, the
-- findings they keep with their lifecycle, mutes, custom rules and the daily posture trend.

-- One scan of an organization's inventory: full (every resource) or incremental (the resources
-- changed since the previous scan began), with its delta.
CREATE TABLE security_scans (
  id                  TEXT PRIMARY KEY,
  organization_id     TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  job_id              TEXT,
  trigger             TEXT NOT NULL,          -- manual | sync | change | schedule
  mode                TEXT NOT NULL,          -- full | incremental
  state               TEXT NOT NULL,          -- queued | running | completed | failed | cancelled
  rules_version       TEXT NOT NULL,          -- catalog digest + custom rules: a change forces a full scan
  changed_since       BIGINT,                 -- incremental: resources updated at or after this
  resources_evaluated INTEGER NOT NULL DEFAULT 0,
  new_count           INTEGER NOT NULL DEFAULT 0, -- first seen, or reopened, in this scan
  reopened_count      INTEGER NOT NULL DEFAULT 0,
  resolved_count      INTEGER NOT NULL DEFAULT 0,
  open_count          INTEGER NOT NULL DEFAULT 0, -- open after the scan
  error               TEXT,
  requested_by        TEXT,
  created_at          BIGINT NOT NULL,
  started_at          BIGINT,
  finished_at         BIGINT
);
CREATE INDEX security_scans_org_created ON security_scans (organization_id, created_at, id);
CREATE INDEX security_scans_org_state ON security_scans (organization_id, state);

-- One (rule, resource) pair that failed at some point. Resolved when the resource is fixed or
-- gone, reopened if it fails again; never deleted while its organization lives, so the history
-- of a resource's posture stays. Resource facts are copied: the finding outlives the resource.
CREATE TABLE security_findings (
  id              TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  rule_id         TEXT NOT NULL,
  resource_id     TEXT NOT NULL,
  account_id      TEXT NOT NULL,
  provider        TEXT NOT NULL,
  resource_type   TEXT NOT NULL,
  resource_name   TEXT NOT NULL,
  region          TEXT NOT NULL,
  resource_tags   TEXT NOT NULL,              -- JSON object, for tag mutes
  evidence        TEXT NOT NULL,              -- JSON: the resource's posture when last evaluated
  title           TEXT NOT NULL,
  severity        TEXT NOT NULL,
  severity_rank   INTEGER NOT NULL,           -- 0 critical … 4 informational (sorting)
  status          TEXT NOT NULL,              -- open | resolved
  first_seen_at   BIGINT NOT NULL,
  last_seen_at    BIGINT NOT NULL,
  resolved_at     BIGINT,
  reopened_count  INTEGER NOT NULL DEFAULT 0,
  first_scan_id   TEXT NOT NULL,
  last_scan_id    TEXT NOT NULL,
  -- The mute that covers it (the one that lasts longest); muted while mute_until is NULL
  -- (no expiry) or in the future, so an expired mute un-mutes without any job.
  mute_id         TEXT,
  mute_until      BIGINT,
  UNIQUE (organization_id, rule_id, resource_id)
);
CREATE INDEX security_findings_org_resource ON security_findings (organization_id, resource_id);
CREATE INDEX security_findings_org_status_rank ON security_findings (organization_id, status, severity_rank, id);
CREATE INDEX security_findings_org_rule ON security_findings (organization_id, rule_id, status);
-- "What changed lately" (sort=-lastSeenAt), with any filter.
CREATE INDEX security_findings_org_last_seen ON security_findings (organization_id, last_seen_at, id);
CREATE INDEX security_findings_org_mute ON security_findings (organization_id, mute_id);

-- Mutes: every given matcher must match (rule, resource, account, region, tag key=value).
CREATE TABLE security_mutes (
  id              TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  rule_id         TEXT,
  resource_id     TEXT,
  account_id      TEXT,
  region          TEXT,
  tag_key         TEXT,
  tag_value       TEXT,
  reason          TEXT NOT NULL,
  created_by      TEXT NOT NULL,
  created_at      BIGINT NOT NULL,
  expires_at      BIGINT
);
CREATE INDEX security_mutes_org ON security_mutes (organization_id, created_at);

-- An organization's own rules, in the catalog's form (security/rule.hpp), validated the same way.
CREATE TABLE security_custom_rules (
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  rule_id         TEXT NOT NULL,
  definition      TEXT NOT NULL,              -- the rule as JSON
  created_by      TEXT NOT NULL,
  created_at      BIGINT NOT NULL,
  PRIMARY KEY (organization_id, rule_id)
);

-- Open, unmuted findings per severity at the end of each day's last scan: the summary's trend.
CREATE TABLE security_posture_daily (
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  day             TEXT NOT NULL,              -- YYYY-MM-DD (UTC)
  severity        TEXT NOT NULL,
  open_count      INTEGER NOT NULL,
  PRIMARY KEY (organization_id, day, severity)
);

-- How many resources each rule applied to in the last full scan: a requirement whose rules
-- met no resource passes vacuously, and the compliance report says so.
CREATE TABLE security_rule_coverage (
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  rule_id         TEXT NOT NULL,
  resources       INTEGER NOT NULL,
  PRIMARY KEY (organization_id, rule_id)
);

-- The incremental scan's change feed: resources updated since a scan began.
CREATE INDEX resources_org_updated ON resources (organization_id, updated_at, id);
