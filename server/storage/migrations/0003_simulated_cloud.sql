-- The simulated cloud's own state (server/providers/simulated/). Its base inventory is generated
-- from (scenario, seed); this table holds only what changed through the API: resources created,
-- updated, started, stopped, rebooted or deleted. One row per touched resource, so state survives
-- restarts and every replica sees the same cloud.
-- Portable SQL: runs unchanged on SQLite 3.40 and PostgreSQL 15. Times are Unix milliseconds.

CREATE TABLE simulated_objects (
  account_id    TEXT NOT NULL,     -- CloudWeave's id of the connected simulated account
  external_id   TEXT NOT NULL,
  base_index    BIGINT,            -- index in the generated inventory; NULL when created via the API
  seq           BIGINT NOT NULL,   -- listing order of created resources (after the generated ones)
  record        TEXT NOT NULL,     -- the resource as JSON, status = the status shown before transition_at
  status        TEXT NOT NULL,     -- status shown now (until transition_at)
  target_status TEXT,              -- status from transition_at on; 'gone' = no longer listed
  transition_at BIGINT,
  deleted       INTEGER NOT NULL DEFAULT 0,
  stopped_since BIGINT,            -- metrics are flat from here while stopped/terminated
  updated_at    BIGINT NOT NULL,
  PRIMARY KEY (account_id, external_id)
);
CREATE INDEX simulated_objects_by_index ON simulated_objects (account_id, base_index);
CREATE INDEX simulated_objects_by_seq ON simulated_objects (account_id, seq);
CREATE INDEX simulated_objects_by_update ON simulated_objects (account_id, updated_at);
CREATE INDEX simulated_objects_by_transition ON simulated_objects (account_id, transition_at);
