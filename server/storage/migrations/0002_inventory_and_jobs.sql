-- Connected cloud accounts, the resource inventory, and the durable job queue.

CREATE TABLE cloud_accounts (
  id                    TEXT PRIMARY KEY,
  organization_id       TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  provider              TEXT NOT NULL,           -- simulated | aws | azure | gcp
  name                  TEXT NOT NULL,
  credentials           TEXT NOT NULL,           -- sealed: "v1:<key id>:<base64url nonce+ciphertext>"
  settings              TEXT NOT NULL,           -- {"regions": [...], "endpoints": {...}}
  status                TEXT NOT NULL,           -- pending | connected | error | disconnected
  status_reason         TEXT,
  is_demo               INTEGER NOT NULL DEFAULT 0,
  sync_interval_seconds BIGINT NOT NULL,
  last_sync_at          BIGINT,
  last_sync_job_id      TEXT,
  resource_count        BIGINT NOT NULL DEFAULT 0,
  created_at            BIGINT NOT NULL,
  updated_at            BIGINT NOT NULL,
  UNIQUE (organization_id, name)
);

CREATE TABLE resources (
  id              TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  account_id      TEXT NOT NULL REFERENCES cloud_accounts(id) ON DELETE CASCADE,
  provider        TEXT NOT NULL,
  external_id     TEXT NOT NULL,
  name            TEXT NOT NULL,
  type            TEXT NOT NULL,
  region          TEXT NOT NULL,
  status          TEXT NOT NULL,
  spec            TEXT NOT NULL,
  tags            TEXT NOT NULL,
  posture         TEXT NOT NULL,
  monthly_cost    DOUBLE PRECISION NOT NULL,
  is_demo         INTEGER NOT NULL,
  -- lower-case "name external_id key=value …": free-text search and tag filters (LIKE)
  search_text     TEXT NOT NULL,
  -- hash of what the provider reported: an unchanged resource is not written again
  content_hash    TEXT NOT NULL,
  created_at      BIGINT NOT NULL,
  updated_at      BIGINT NOT NULL,
  last_synced_at  BIGINT NOT NULL,
  UNIQUE (account_id, external_id)
);
-- search_text rides along so free-text and tag filters (LIKE) are checked in the index, without
-- reading the wide rows, while the index delivers rows in name order.
CREATE INDEX resources_org_name ON resources (organization_id, name, id, search_text);
CREATE INDEX resources_org_type_name ON resources (organization_id, type, name, id);
CREATE INDEX resources_org_status_name ON resources (organization_id, status, name, id);
CREATE INDEX resources_org_cost ON resources (organization_id, monthly_cost, id, type, status);
-- Region, provider and date filters/sorts use the name index and a filter: every index costs
-- each sync write, and these are rarer than type/status.

CREATE TABLE jobs (
  id              TEXT PRIMARY KEY,
  organization_id TEXT,
  type            TEXT NOT NULL,
  payload         TEXT NOT NULL,
  state           TEXT NOT NULL,          -- queued | running | succeeded | failed | dead
  attempts        INTEGER NOT NULL DEFAULT 0,
  max_attempts    INTEGER NOT NULL,
  run_after       BIGINT NOT NULL,
  lease_owner     TEXT,
  lease_until     BIGINT,
  dedupe_key      TEXT,
  last_error      TEXT,
  result          TEXT,
  created_at      BIGINT NOT NULL,
  updated_at      BIGINT NOT NULL,
  finished_at     BIGINT
);
CREATE INDEX jobs_ready ON jobs (state, run_after);
CREATE INDEX jobs_by_org ON jobs (organization_id, created_at);
-- At most one queued or running job per dedupe key (e.g. one sync per account at a time).
CREATE UNIQUE INDEX jobs_active_dedupe ON jobs (dedupe_key) WHERE state IN ('queued', 'running');
