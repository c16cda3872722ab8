-- CloudVault (server/vault/): an organization's folders and files, their versions, the content
-- blobs they point at, tus uploads in progress, share links and the vault's limits.

-- The organization's limits. No row: the defaults (no quota, 10 versions, 30 days of trash).
CREATE TABLE vault_settings (
  organization_id  TEXT PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
  quota_bytes      BIGINT,                 -- NULL: none
  user_quota_bytes BIGINT,                 -- each user's; NULL: none
  max_versions     INTEGER NOT NULL,
  trash_days       INTEGER NOT NULL,
  updated_at       BIGINT NOT NULL
);

-- Content, stored once per organization under its SHA-256 (hex) by the blob store. A blob no
-- version refers to is deleted by the garbage collector once `touched_at` is older than its
-- grace period; every new reference touches it first, in the same transaction, so the collector
-- never deletes content something has just started to use.
CREATE TABLE vault_blobs (
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  sha256          TEXT NOT NULL,
  size            BIGINT NOT NULL,
  created_at      BIGINT NOT NULL,
  touched_at      BIGINT NOT NULL,
  PRIMARY KEY (organization_id, sha256)
);

-- Folders and files. `parent_id` is a folder's id or 'root' (a value, not NULL, so the unique
-- name index covers the top level too). An item in the trash keeps its place: `trash_id` is the
-- id of the item the user deleted (itself, or the folder it was deleted with), so restoring that
-- entry brings back exactly what went with it.
CREATE TABLE vault_items (
  id              TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  parent_id       TEXT NOT NULL,
  kind            TEXT NOT NULL,           -- file | folder
  name            TEXT NOT NULL,           -- Unicode NFC
  name_folded     TEXT NOT NULL,           -- case-folded: sort and search
  size            BIGINT NOT NULL DEFAULT 0,
  mime_type       TEXT,
  sha256          TEXT,                    -- the current version's content
  version_id      TEXT,                    -- the current version
  created_by      TEXT NOT NULL,
  created_at      BIGINT NOT NULL,
  updated_at      BIGINT NOT NULL,
  processing      TEXT NOT NULL DEFAULT 'done', -- pending | done | failed
  infected        INTEGER NOT NULL DEFAULT 0,
  trashed_at      BIGINT,
  trashed_by      TEXT,
  trash_id        TEXT,
  original_path   TEXT,                    -- the deleted item's folder path, for the trash listing
  downloads       BIGINT NOT NULL DEFAULT 0 -- completed downloads, by members and through links
);
CREATE UNIQUE INDEX vault_items_name ON vault_items (organization_id, parent_id, name) WHERE trashed_at IS NULL;
-- Listing a folder one kind at a time in each sort order (keyset paging in either direction).
CREATE INDEX vault_items_by_name ON vault_items (organization_id, parent_id, kind, name_folded, id) WHERE trashed_at IS NULL;
CREATE INDEX vault_items_by_size ON vault_items (organization_id, parent_id, kind, size, id) WHERE trashed_at IS NULL;
CREATE INDEX vault_items_by_updated ON vault_items (organization_id, parent_id, kind, updated_at, id) WHERE trashed_at IS NULL;
CREATE INDEX vault_items_trash ON vault_items (organization_id, trash_id);
CREATE INDEX vault_items_trash_roots ON vault_items (organization_id, trashed_at, id) WHERE trash_id = id;

-- Every stored content of every file, the current one included: what quotas count.
CREATE TABLE vault_versions (
  id              TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  file_id         TEXT NOT NULL REFERENCES vault_items(id) ON DELETE CASCADE,
  sha256          TEXT NOT NULL,
  size            BIGINT NOT NULL,
  created_by      TEXT NOT NULL,
  created_at      BIGINT NOT NULL
);
CREATE INDEX vault_versions_file ON vault_versions (file_id, created_at);
CREATE INDEX vault_versions_blob ON vault_versions (organization_id, sha256);
CREATE INDEX vault_versions_creator ON vault_versions (organization_id, created_by);

-- tus uploads in progress. Their bytes are in a part file of the blob store's; `length` is NULL
-- while deferred. An upload reserves its whole length against the quotas (its offset while the
-- length is deferred).
CREATE TABLE vault_uploads (
  id              TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  user_id         TEXT NOT NULL,
  folder_id       TEXT NOT NULL,
  filename        TEXT NOT NULL,
  filetype        TEXT,
  metadata        TEXT NOT NULL,           -- the Upload-Metadata header, echoed by HEAD
  length          BIGINT,
  upload_offset   BIGINT NOT NULL DEFAULT 0,
  share_id        TEXT,                    -- set for a visitor's upload through a file-drop link
  created_at      BIGINT NOT NULL,
  expires_at      BIGINT NOT NULL
);
CREATE INDEX vault_uploads_org ON vault_uploads (organization_id, user_id);
CREATE INDEX vault_uploads_expiry ON vault_uploads (expires_at);

-- Share links. Only the SHA-256 of the token is kept; `password_hash` is argon2id.
CREATE TABLE vault_shares (
  id              TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  item_id         TEXT NOT NULL REFERENCES vault_items(id) ON DELETE CASCADE,
  token_hash      TEXT NOT NULL UNIQUE,
  created_by      TEXT NOT NULL,
  created_at      BIGINT NOT NULL,
  expires_at      BIGINT,
  password_hash   TEXT,
  max_downloads   INTEGER,
  downloads       INTEGER NOT NULL DEFAULT 0,
  upload_only     INTEGER NOT NULL DEFAULT 0,
  last_access_at  BIGINT
);
CREATE INDEX vault_shares_item ON vault_shares (organization_id, item_id);
CREATE INDEX vault_shares_creator ON vault_shares (organization_id, created_by);

-- The analytics dashboard: what happened each day (UTC), counted as it happens.
CREATE TABLE vault_activity (
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  day             TEXT NOT NULL,           -- YYYY-MM-DD
  kind            TEXT NOT NULL,           -- upload | download | share_download
  files           BIGINT NOT NULL DEFAULT 0,
  bytes           BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (organization_id, day, kind)
);

-- Storage used each day (the vault.snapshot_usage job): the organization's (user_id '') and each
-- user's, as the quotas count it.
CREATE TABLE vault_usage_daily (
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  day             TEXT NOT NULL,
  user_id         TEXT NOT NULL,
  used            BIGINT NOT NULL,
  PRIMARY KEY (organization_id, day, user_id)
);
