-- An organization's exchange rates (PUT /costs/exchange-rates): one row per currency with the
-- value of one unit of it in the organization's base currency. A breakdown spanning several
-- billing currencies converts with them instead of refusing; amounts themselves are never rewritten.
CREATE TABLE cost_exchange_rates (
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  base_currency   TEXT NOT NULL,
  currency        TEXT NOT NULL,
  rate            DOUBLE PRECISION NOT NULL,
  updated_by      TEXT NOT NULL,
  updated_at      BIGINT NOT NULL,
  PRIMARY KEY (organization_id, currency)
);
