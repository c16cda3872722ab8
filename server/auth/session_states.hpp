#pragma once
/// Whether a sign-in session is still live, for the access tokens that name it ("sid", the id of
/// the refresh-token family). Logout, a detected refresh-token reuse and a password change revoke
/// sessions in the database; an access token of a revoked session must stop working then, not
/// when it expires. The answer is cached for kTtlMs so a request costs no query, and dropped at
/// once for a user whose sessions change — on this replica directly, on the others through the
/// event bus (Redis). Without Redis another replica honours a revoked token for kTtlMs at most.
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "auth/token_repository.hpp"
#include "core/clock.hpp"

namespace cw::auth {

class SessionStates {
 public:
  static constexpr Millis kTtlMs = 2'000;
  static constexpr size_t kMaxUsers = 50'000;

  SessionStates(TokenRepository& tokens, const Clock& clock) : tokens_(tokens), clock_(clock) {}

  /// Whether `session_id` of `user_id` is live (reads the database when not known recently).
  bool live(const std::string& user_id, const std::string& session_id);
  /// Drops what is known of a user's sessions, so the next request reads them again.
  void forget_user(const std::string& user_id);

 private:
  struct Known {
    bool live;
    Millis checked_at;
  };
  TokenRepository& tokens_;
  const Clock& clock_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::unordered_map<std::string, Known>> by_user_;
  std::uint64_t forgets_ = 0;
};

}  // namespace cw::auth
