#include "auth/token_repository.hpp"

namespace cw::auth {

using storage::params;

namespace {
constexpr const char* kInsertRefresh =
    "INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, created_at, expires_at)"
    " VALUES (?, ?, ?, ?, ?, ?)";
constexpr const char* kSelectRefresh =
    "SELECT id, user_id, family_id, expires_at, used_at, revoked_at FROM refresh_tokens"
    " WHERE token_hash = ?";
constexpr const char* kMarkUsed =
    "UPDATE refresh_tokens SET used_at = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL";
constexpr const char* kRevokeFamily =
    "UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL";
constexpr const char* kCountLiveInFamily =
    "SELECT COUNT(*) FROM refresh_tokens WHERE family_id = ? AND revoked_at IS NULL AND expires_at > ?";
constexpr const char* kRevokeUser = "UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL";

constexpr const char* kInsertApiKey =
    "INSERT INTO api_keys (id, organization_id, name, role, prefix, key_hash, created_by,"
    " created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kApiKeyColumns =
    "SELECT id, organization_id, name, role, prefix, created_by, created_at, expires_at,"
    " last_used_at, revoked_at FROM api_keys ";
constexpr const char* kRevokeApiKey =
    "UPDATE api_keys SET revoked_at = ? WHERE organization_id = ? AND id = ? AND revoked_at IS NULL";
constexpr const char* kTouchApiKey = "UPDATE api_keys SET last_used_at = ? WHERE id = ?";

ApiKey key_from(const storage::Row& r) {
  ApiKey k;
  k.id = r.text(0);
  k.organization_id = r.text(1);
  k.name = r.text(2);
  k.role = parse_role(r.text(3)).value_or(Role::kViewer);
  k.prefix = r.text(4);
  k.created_by = r.text(5);
  k.created_at = r.integer(6);
  k.expires_at = r.opt_integer(7);
  k.last_used_at = r.opt_integer(8);
  k.revoked_at = r.opt_integer(9);
  return k;
}
}  // namespace

void TokenRepository::insert_refresh(const RefreshToken& t, const std::string& token_hash, Millis now) {
  db_.execute(kInsertRefresh, params(t.id, t.user_id, t.family_id, token_hash, now, t.expires_at));
}

std::optional<RefreshToken> TokenRepository::find_refresh(const std::string& token_hash) {
  auto r = db_.execute(kSelectRefresh, params(token_hash));
  if (r.empty()) return std::nullopt;
  const auto& row = r.first();
  return RefreshToken{row.text(0), row.text(1), row.text(2), row.integer(3), row.opt_integer(4), row.opt_integer(5)};
}

bool TokenRepository::mark_used(const std::string& id, Millis now) {
  return db_.execute(kMarkUsed, params(now, id)).affected == 1;
}

void TokenRepository::revoke_family(const std::string& family_id, Millis now) {
  db_.execute(kRevokeFamily, params(now, family_id));
}

bool TokenRepository::family_live(const std::string& family_id, Millis now) {
  return db_.execute(kCountLiveInFamily, params(family_id, now)).first().integer(0) > 0;
}

void TokenRepository::revoke_all_for_user(const std::string& user_id, Millis now) {
  db_.execute(kRevokeUser, params(now, user_id));
}

void TokenRepository::insert_api_key(const ApiKey& k, const std::string& key_hash) {
  db_.execute(kInsertApiKey, params(k.id, k.organization_id, k.name, role_name(k.role), k.prefix, key_hash,
                                    k.created_by, k.created_at, k.expires_at));
}

std::optional<ApiKey> TokenRepository::find_api_key_by_hash(const std::string& key_hash) {
  auto r = db_.execute(std::string(kApiKeyColumns) + "WHERE key_hash = ?", params(key_hash));
  if (r.empty()) return std::nullopt;
  return key_from(r.first());
}

std::vector<ApiKey> TokenRepository::list_api_keys(const std::string& organization_id) {
  std::vector<ApiKey> out;
  auto r = db_.execute(
      std::string(kApiKeyColumns) + "WHERE organization_id = ? AND revoked_at IS NULL ORDER BY created_at DESC",
      params(organization_id));
  for (const auto& row : r.rows) out.push_back(key_from(row));
  return out;
}

bool TokenRepository::revoke_api_key(const std::string& organization_id, const std::string& id, Millis now) {
  return db_.execute(kRevokeApiKey, params(now, organization_id, id)).affected > 0;
}

void TokenRepository::touch_api_key(const std::string& id, Millis now) { db_.execute(kTouchApiKey, params(now, id)); }

void TokenRepository::touch_session(const std::string& family_id, const std::string& user_id, Millis now,
                                    const std::string& ip, const std::string& user_agent) {
  db_.execute(
      "INSERT INTO auth_sessions (id, user_id, created_at, last_seen_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?)"
      " ON CONFLICT (id) DO UPDATE SET last_seen_at = excluded.last_seen_at,"
      " ip = CASE WHEN excluded.ip <> '' THEN excluded.ip ELSE auth_sessions.ip END,"
      " user_agent = CASE WHEN excluded.user_agent <> '' THEN excluded.user_agent ELSE auth_sessions.user_agent END",
      params(family_id, user_id, static_cast<long long>(now), static_cast<long long>(now), ip, user_agent));
}

namespace {
SessionInfo session_from(storage::Row& r) {
  return SessionInfo{r.take_text(0), r.take_text(1), r.take_text(2), r.take_text(3), r.integer(4), r.integer(5)};
}
}  // namespace

std::vector<SessionInfo> TokenRepository::live_sessions(const std::string& user_id, Millis now) {
  auto result = db_.execute(
      "SELECT s.id, s.user_id, s.ip, s.user_agent, s.created_at, s.last_seen_at FROM auth_sessions s"
      " WHERE s.user_id = ? AND EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family_id = s.id"
      " AND t.revoked_at IS NULL AND t.used_at IS NULL AND t.expires_at > ?)"
      " ORDER BY s.last_seen_at DESC, s.id",
      params(user_id, static_cast<long long>(now)));
  std::vector<SessionInfo> out;
  for (auto& row : result.rows) out.push_back(session_from(row));
  return out;
}

std::optional<SessionInfo> TokenRepository::find_session(const std::string& family_id) {
  auto result =
      db_.execute("SELECT id, user_id, ip, user_agent, created_at, last_seen_at FROM auth_sessions WHERE id = ?",
                  params(family_id));
  if (result.rows.empty()) return std::nullopt;
  return session_from(result.rows.front());
}

}  // namespace cw::auth
