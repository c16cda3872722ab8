-- Charges over several days (server/costs/model.hpp charge_days): a monthly fee, or a bill
-- exported at monthly granularity, is spread evenly over the UTC days its charge period touches
-- in the daily rollups, instead of landing whole on its first day. charge_days is how many days
-- that is (1 for the daily and hourly rows nearly every bill is made of); the rollups of a day
-- read those rows by charge_day, and the few longer ones through cost_rows_spread.
ALTER TABLE cost_rows ADD COLUMN charge_days INTEGER NOT NULL DEFAULT 1;
-- Rows loaded before: the same count, with integer arithmetic both databases share (their
-- rollups are spread at the account's next load of those days).
UPDATE cost_rows SET charge_days = (charge_period_end - 1) / 86400000 - charge_period_start / 86400000 + 1
  WHERE charge_period_start >= 0 AND (charge_period_end - 1) / 86400000 > charge_period_start / 86400000;
CREATE INDEX cost_rows_spread ON cost_rows (account_id, charge_period_end) WHERE charge_days > 1;
