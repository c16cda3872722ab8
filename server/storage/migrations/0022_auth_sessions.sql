-- Sign-ins a user can see and end (Settings → Profile → Active sessions): one row per
-- refresh-token family (`id` = refresh_tokens.family_id, the access tokens' "sid"), with where
-- it started and when it was last used. A session is live while its family has an unused,
-- unrevoked, unexpired refresh token; ending one revokes the family.
CREATE TABLE auth_sessions (
  id           TEXT PRIMARY KEY,
  user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at   BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  ip           TEXT NOT NULL,
  user_agent   TEXT NOT NULL
);
CREATE INDEX auth_sessions_user ON auth_sessions (user_id, last_seen_at);
-- Sign-ins made before this table existed: listed with what the tokens tell.
INSERT INTO auth_sessions (id, user_id, created_at, last_seen_at, ip, user_agent)
  SELECT family_id, MIN(user_id), MIN(created_at), MAX(created_at), '', '' FROM refresh_tokens
  WHERE revoked_at IS NULL GROUP BY family_id;
