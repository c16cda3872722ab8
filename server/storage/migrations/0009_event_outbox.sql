-- Domain events are written here in the same transaction as the change they describe, then a
-- dispatcher delivers them (at least once) and deletes them. A change that rolls back leaves no
-- row, so it publishes nothing. seq orders delivery (ids are only time-ordered to the ms).
-- claimed_by/claimed_until: the replica delivering it; a claim that ran out (the replica died)
-- is taken over. attempts counts deliveries whose subscribers failed.
CREATE TABLE event_outbox (
  seq             INTEGER PRIMARY KEY,
  id              TEXT NOT NULL UNIQUE,
  organization_id TEXT NOT NULL,
  audience_user   TEXT,
  type            TEXT NOT NULL,
  data            TEXT NOT NULL,
  created_at      BIGINT NOT NULL,
  claimed_by      TEXT,
  claimed_until   BIGINT,
  attempts        INTEGER NOT NULL DEFAULT 0
);
-- SQLite numbers an INTEGER PRIMARY KEY itself; PostgreSQL needs a sequence (and 64 bits).
--@postgres CREATE SEQUENCE event_outbox_seq OWNED BY event_outbox.seq;
--@postgres ALTER TABLE event_outbox ALTER COLUMN seq TYPE BIGINT;
--@postgres ALTER TABLE event_outbox ALTER COLUMN seq SET DEFAULT nextval('event_outbox_seq');
CREATE INDEX event_outbox_claim ON event_outbox (claimed_until, seq);
