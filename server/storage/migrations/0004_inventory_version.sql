-- A counter per organization, bumped in the same transaction as every change to its resources.
-- Readers compare it to decide whether a cached inventory page or total is still exact — on every
-- replica, since the counter lives in the shared database.
ALTER TABLE organizations ADD COLUMN inventory_version BIGINT NOT NULL DEFAULT 0;
