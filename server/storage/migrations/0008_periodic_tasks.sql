-- Periodic tasks run once per cluster per period, not once per replica: a replica whose timer
-- fires claims the period by moving next_run_at forward; only one UPDATE can do that.
CREATE TABLE periodic_tasks (
  name        TEXT PRIMARY KEY,
  next_run_at BIGINT NOT NULL,
  last_run_by TEXT,
  last_run_at BIGINT
);
