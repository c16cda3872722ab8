#pragma once
/// SQL for refresh tokens and API keys. Only SHA-256 hashes of the secrets are stored.
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/principal.hpp"
#include "storage/database.hpp"

namespace cw::auth {

struct RefreshToken {
  std::string id, user_id, family_id;
  Millis expires_at = 0;
  std::optional<Millis> used_at, revoked_at;
};

/// A sign-in as its user sees it (auth_sessions).
struct SessionInfo {
  std::string id, user_id, ip, user_agent;
  Millis created_at = 0, last_seen_at = 0;
};

struct ApiKey {
  std::string id, organization_id, name, prefix, created_by;
  Role role = Role::kViewer;
  Millis created_at = 0;
  std::optional<Millis> expires_at, last_used_at, revoked_at;
};

class TokenRepository {
 public:
  explicit TokenRepository(storage::Database& db) : db_(db) {}

  void insert_refresh(const RefreshToken& t, const std::string& token_hash, Millis now);
  std::optional<RefreshToken> find_refresh(const std::string& token_hash);
  /// Marks the token used; false if another request used it first (a replay).
  bool mark_used(const std::string& id, Millis now);
  void revoke_family(const std::string& family_id, Millis now);
  void revoke_all_for_user(const std::string& user_id, Millis now);
  /// Whether a sign-in (a token family) still has an unrevoked, unexpired refresh token.
  bool family_live(const std::string& family_id, Millis now);

  /// Records a sign-in's use: created with its address and browser, later uses move last_seen_at.
  void touch_session(const std::string& family_id, const std::string& user_id, Millis now, const std::string& ip,
                     const std::string& user_agent);
  /// The user's live sign-ins, most recently used first.
  std::vector<SessionInfo> live_sessions(const std::string& user_id, Millis now);
  std::optional<SessionInfo> find_session(const std::string& family_id);

  void insert_api_key(const ApiKey& key, const std::string& key_hash);
  std::optional<ApiKey> find_api_key_by_hash(const std::string& key_hash);
  std::vector<ApiKey> list_api_keys(const std::string& organization_id);
  bool revoke_api_key(const std::string& organization_id, const std::string& id, Millis now);
  void touch_api_key(const std::string& id, Millis now);

 private:
  storage::Database& db_;
};

}  // namespace cw::auth
