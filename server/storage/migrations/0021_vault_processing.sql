-- The vault's processing pipeline (server/vault/processing.cpp): what the jobs learnt of a
-- content blob — its media metadata, whether a thumbnail was made, the virus scan's verdict.
-- Identical content is processed once per organization; every file holding it shares the result.
ALTER TABLE vault_blobs ADD COLUMN processed_at BIGINT;                    -- NULL: not yet
ALTER TABLE vault_blobs ADD COLUMN media TEXT;                             -- JSON: width, height, pages, format, exif, refused
ALTER TABLE vault_blobs ADD COLUMN has_thumbnail INTEGER NOT NULL DEFAULT 0;
ALTER TABLE vault_blobs ADD COLUMN infected INTEGER NOT NULL DEFAULT 0;
ALTER TABLE vault_blobs ADD COLUMN threat TEXT;                            -- the scanner's signature name
-- Per file, copied from its current content's blob when processing ends.
ALTER TABLE vault_items ADD COLUMN has_thumbnail INTEGER NOT NULL DEFAULT 0;
ALTER TABLE vault_items ADD COLUMN processing_error TEXT;                  -- why processing failed
ALTER TABLE vault_items ADD COLUMN processing_since BIGINT;                -- when it last became pending
-- Pending files, oldest first: the sweep that marks a stuck one failed.
CREATE INDEX vault_items_pending ON vault_items (processing, processing_since) WHERE processing = 'pending';
