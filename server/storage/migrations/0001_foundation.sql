-- Organizations, users, sessions (refresh tokens), API keys and the audit log.
-- Portable SQL: runs unchanged on SQLite 3.40 and PostgreSQL 15. Times are Unix milliseconds
-- (BIGINT); JSON documents are TEXT; booleans are 0/1 integers.

CREATE TABLE organizations (
  id            TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  slug          TEXT NOT NULL UNIQUE,
  demo_scenario TEXT,
  demo_loaded_at BIGINT,
  created_at    BIGINT NOT NULL,
  updated_at    BIGINT NOT NULL
);

CREATE TABLE users (
  id                TEXT PRIMARY KEY,
  organization_id   TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  email             TEXT NOT NULL UNIQUE,
  name              TEXT NOT NULL,
  password_hash     TEXT,
  role              TEXT NOT NULL,
  status            TEXT NOT NULL,
  invite_token_hash TEXT UNIQUE,
  preferences       TEXT NOT NULL,
  onboarding        TEXT NOT NULL,
  created_at        BIGINT NOT NULL,
  updated_at        BIGINT NOT NULL,
  last_login_at     BIGINT
);
CREATE INDEX users_by_org ON users (organization_id, created_at);

-- One row per issued refresh token. A login starts a family; each refresh marks the presented
-- token used and issues the next one in the same family. Presenting a used token revokes the
-- family (the token was stolen or replayed).
CREATE TABLE refresh_tokens (
  id          TEXT PRIMARY KEY,
  user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  family_id   TEXT NOT NULL,
  token_hash  TEXT NOT NULL UNIQUE,
  created_at  BIGINT NOT NULL,
  expires_at  BIGINT NOT NULL,
  used_at     BIGINT,
  revoked_at  BIGINT
);
CREATE INDEX refresh_tokens_by_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_by_user ON refresh_tokens (user_id);

CREATE TABLE api_keys (
  id              TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name            TEXT NOT NULL,
  role            TEXT NOT NULL,
  prefix          TEXT NOT NULL,
  key_hash        TEXT NOT NULL UNIQUE,
  created_by      TEXT,
  created_at      BIGINT NOT NULL,
  expires_at      BIGINT,
  last_used_at    BIGINT,
  revoked_at      BIGINT
);
CREATE INDEX api_keys_by_org ON api_keys (organization_id, created_at);

CREATE TABLE audit_log (
  id              TEXT PRIMARY KEY,
  organization_id TEXT,
  occurred_at     BIGINT NOT NULL,
  user_id         TEXT,
  user_email      TEXT,
  api_key_id      TEXT,
  action          TEXT NOT NULL,
  method          TEXT NOT NULL,
  path            TEXT NOT NULL,
  target_type     TEXT,
  target_id       TEXT,
  result          TEXT NOT NULL,
  status_code     INTEGER NOT NULL,
  request_id      TEXT NOT NULL,
  ip_address      TEXT NOT NULL,
  details         TEXT
);
CREATE INDEX audit_log_by_org_time ON audit_log (organization_id, occurred_at, id);
