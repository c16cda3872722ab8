#pragma once
/// Sign-up, sign-in, token refresh with rotation and reuse detection, logout, invitations,
/// password changes and API keys; and the Authenticator the HTTP pipeline uses on every request.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "auth/session_states.hpp"
#include "auth/verified_tokens.hpp"
#include "auth/jwt.hpp"
#include "auth/token_repository.hpp"
#include "http/pipeline.hpp"
#include "http/rate_limiter.hpp"
#include "orgs/service.hpp"

namespace cw::auth {

struct AuthSettings {
  Millis access_token_ttl_ms = 15 * 60 * 1000;
  Millis refresh_token_ttl_ms = 30LL * 24 * 3600 * 1000;
  // Failed sign-ins are throttled per (account, client address), so nobody can lock another
  // person out from elsewhere. The delay grows with the failures: 5 at once, then one every
  // 30 s, and past 10 in a row one every 5 minutes (two buckets; an attempt needs both).
  http::BucketSpec login_failures_per_pair{5, 1.0 / 30};
  http::BucketSpec login_failures_per_pair_sustained{10, 1.0 / 300};
  // One address guessing across many accounts (password spraying); generous, since a whole
  // office may sign in from one address.
  http::BucketSpec login_failures_per_address{100, 100.0 / 900};
  // Sign-ups refused because the email has an account: 10 at once, then 10 an hour.
  http::BucketSpec taken_emails_per_address{10, 10.0 / 3600};
};

/// What register/login/refresh return: {user, organization, accessToken, refreshToken, expiresIn}.
struct Session {
  orgs::User user;
  orgs::Organization organization;
  std::string access_token, refresh_token;
  long long expires_in = 0;
  nlohmann::json to_json() const;
};

struct NewApiKey {
  ApiKey key;
  std::string secret;  // the full key, shown once
};

class AuthService final : public http::Authenticator {
 public:
  AuthService(AuthSettings settings, JwtCodec jwt, TokenRepository& tokens, orgs::OrgService& orgs,
              http::RateLimiter& limiter, const Clock& clock)
      : settings_(settings),
        jwt_(std::move(jwt)),
        tokens_(tokens),
        orgs_(orgs),
        limiter_(limiter),
        clock_(clock),
        sessions_(tokens, clock) {
    orgs_.on_users_changed([this](const std::string&, const std::string& user_id) {
      if (!user_id.empty()) sessions_.forget_user(user_id);
    });
  }

  /// A taken email is a 409 (sign-up signs in at once, so it cannot answer alike for both without
  /// mailed verification); to keep that from listing who has an account, 409s are throttled per
  /// client address.
  /// `address` and `user_agent` (the client's) are shown in the user's list of sessions.
  Session register_owner(const std::string& email, const std::string& name, const std::string& password,
                         const std::string& organization_name, const std::string& address,
                         const std::string& user_agent = "");
  Session login(const std::string& email, const std::string& password, const std::string& address,
                const std::string& user_agent = "");
  Session refresh(const std::string& refresh_token, const std::string& address = "",
                  const std::string& user_agent = "");
  void logout(const std::string& refresh_token);
  Session accept_invite(const std::string& token, const std::string& password, const std::optional<std::string>& name,
                        const std::string& address = "", const std::string& user_agent = "");
  /// Ends every session of the user, the caller's too, and returns a new one for the caller.
  Session change_password(const Principal& who, const std::string& current, const std::string& next,
                          const std::string& address = "", const std::string& user_agent = "");

  /// The caller's live sign-ins (Settings → Profile), the one it uses marked `current`.
  nlohmann::json sessions(const Principal& who);
  /// Ends one of the caller's own sign-ins: its tokens stop working at once.
  void end_session(const Principal& who, const std::string& session_id);

  NewApiKey create_api_key(const Principal& actor, const std::string& name, Role role,
                           std::optional<long long> expires_in_days);
  std::vector<ApiKey> api_keys(const Principal& actor);
  void revoke_api_key(const Principal& actor, const std::string& id);

  // http::Authenticator
  Principal authenticate(const http::Request& request) override;
  std::optional<Principal> verify_access_token(std::string_view token) override;

 private:
  Session issue(const orgs::User& user, const std::string& family_id, const std::string& address = "",
                const std::string& user_agent = "");
  void sessions_changed(const std::string& user_id);
  AuthSettings settings_;
  JwtCodec jwt_;
  TokenRepository& tokens_;
  orgs::OrgService& orgs_;
  http::RateLimiter& limiter_;
  const Clock& clock_;
  VerifiedTokens verified_;
  SessionStates sessions_;
};

nlohmann::json to_json(const ApiKey& key);

}  // namespace cw::auth
