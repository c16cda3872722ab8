-- Long jobs report progress (done of total, and a message) and can be cancelled: a queued job at
-- once, a running one by asking its handler to stop (it sees the request at its next progress
-- report or heartbeat). started_at: when the current attempt began.
ALTER TABLE jobs ADD COLUMN progress_done BIGINT;
ALTER TABLE jobs ADD COLUMN progress_total BIGINT;
ALTER TABLE jobs ADD COLUMN progress_message TEXT;
ALTER TABLE jobs ADD COLUMN cancel_requested_at BIGINT;
ALTER TABLE jobs ADD COLUMN started_at BIGINT;
