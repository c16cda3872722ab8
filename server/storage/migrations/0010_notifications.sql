-- Notifications: channels per organization (secrets sealed with the keyring), each user's in-app
-- center, and the delivery log of email/Slack/webhook sends (one row per event and channel).
CREATE TABLE notification_channels (
  id              TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL,
  name            TEXT NOT NULL,
  type            TEXT NOT NULL,
  config          TEXT NOT NULL,   -- JSON without secrets
  secrets         TEXT,            -- sealed JSON of the write-only fields
  enabled         INTEGER NOT NULL,
  kinds           TEXT NOT NULL,   -- JSON array of notification kinds
  created_at      BIGINT NOT NULL,
  updated_at      BIGINT NOT NULL
);
CREATE INDEX notification_channels_org ON notification_channels (organization_id, created_at);

-- event_id + user_id unique: an event delivered twice (at least once) notifies once.
CREATE TABLE notifications (
  id              TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL,
  user_id         TEXT NOT NULL,
  event_id        TEXT NOT NULL,
  kind            TEXT NOT NULL,
  level           TEXT NOT NULL,
  title           TEXT NOT NULL,
  message         TEXT NOT NULL,
  link            TEXT,
  read_at         BIGINT,
  created_at      BIGINT NOT NULL,
  UNIQUE (event_id, user_id)
);
CREATE INDEX notifications_center ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id, read_at);

CREATE TABLE notification_deliveries (
  id              TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL,
  channel_id      TEXT NOT NULL,
  event_id        TEXT NOT NULL,
  content         TEXT NOT NULL,   -- JSON: kind, level, title, message, link, createdAt
  status          TEXT NOT NULL,   -- pending | delivered | failed | dead
  attempts        INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT,
  created_at      BIGINT NOT NULL,
  updated_at      BIGINT NOT NULL,
  UNIQUE (event_id, channel_id)
);
CREATE INDEX notification_deliveries_log ON notification_deliveries (organization_id, updated_at);
