#include "core/json_values.hpp"
#include "auth/service.hpp"

#include "auth/password.hpp"
#include "core/crypto.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"

namespace cw::auth {

namespace {
ApiError bad_credentials() {
  return ApiError(ErrorCode::kAuthentication, "invalid email or password");
}
ApiError invalid_session() {
  return ApiError(ErrorCode::kAuthentication, "the session has expired or was revoked; sign in again");
}
}  // namespace

nlohmann::json Session::to_json() const {
  return {{"user", orgs::to_json(user)},
          {"organization", orgs::to_json(organization)},
          {"accessToken", access_token},
          {"refreshToken", refresh_token},
          {"expiresIn", expires_in}};
}

nlohmann::json to_json(const ApiKey& k) {
  return {{"id", k.id},
          {"name", k.name},
          {"role", role_name(k.role)},
          {"prefix", k.prefix},
          {"createdAt", format_rfc3339(k.created_at)},
          {"expiresAt", time_or_null(k.expires_at)},
          {"lastUsedAt", time_or_null(k.last_used_at)},
          {"createdBy", k.created_by.empty() ? nlohmann::json(nullptr) : nlohmann::json(k.created_by)}};
}

Session AuthService::issue(const orgs::User& user, const std::string& family_id) {
  Millis now = clock_.now_ms();
  Session s;
  s.user = user;
  s.organization = orgs_.organization(user.organization_id);
  s.expires_in = settings_.access_token_ttl_ms / 1000;
  s.access_token = jwt_.sign({{"iss", "cloudweave"},
                              {"sub", user.id},
                              {"org", user.organization_id},
                              {"iat", now / 1000},
                              {"exp", (now + settings_.access_token_ttl_ms) / 1000},
                              {"jti", crypto::random_token(9)}});
  s.refresh_token = crypto::random_token(32);
  RefreshToken t{new_id("rt"), user.id, family_id, now + settings_.refresh_token_ttl_ms, {}, {}};
  tokens_.insert_refresh(t, crypto::sha256_hex(s.refresh_token), now);
  return s;
}

Session AuthService::register_owner(const std::string& email, const std::string& name,
                                    const std::string& password, const std::string& organization_name) {
  orgs::NewMember owner{email, name, Role::kOwner, hash_password(password)};
  auto [org, user] = orgs_.create_with_owner(organization_name, owner);
  return issue(user, new_id("fam"));
}

Session AuthService::login(const std::string& email, const std::string& password,
                           const std::string& address) {
  // Throttle by account and by address before spending time on the hash. Peeking (cost 0)
  // means successful logins never use up the allowance.
  std::string account_key = "login:acct:" + email, address_key = "login:addr:" + address;
  for (const auto& [key, spec] : {std::pair{account_key, settings_.login_failures_per_account},
                                  std::pair{address_key, settings_.login_failures_per_address}}) {
    auto d = limiter_.take(key, spec, 0);
    if (!d.allowed)
      throw ApiError(ErrorCode::kRateLimited, "too many failed sign-in attempts; try again later")
          .with_retry_after(d.retry_after_seconds);
  }
  auto user = orgs_.repository().find_user_by_email(email);
  bool ok = false;
  if (user && user->status == "active") ok = verify_password(user->password_hash, password);
  else burn_verification_time(password);
  if (!ok) {
    limiter_.take(account_key, settings_.login_failures_per_account, 1);
    limiter_.take(address_key, settings_.login_failures_per_address, 1);
    throw bad_credentials();
  }
  orgs_.repository().record_login(user->id, clock_.now_ms());
  orgs_.users_changed(user->organization_id, user->id);
  user->last_login_at = clock_.now_ms();
  return issue(*user, new_id("fam"));
}

Session AuthService::refresh(const std::string& refresh_token) {
  Millis now = clock_.now_ms();
  auto token = tokens_.find_refresh(crypto::sha256_hex(refresh_token));
  if (!token || token->revoked_at || token->expires_at <= now) throw invalid_session();
  if (token->used_at || !tokens_.mark_used(token->id, now)) {
    // A rotated token came back: someone holds a copy. End every session of this family.
    tokens_.revoke_family(token->family_id, now);
    throw ApiError(ErrorCode::kAuthentication,
                   "refresh token reuse detected; all sessions of this sign-in were revoked");
  }
  auto user = orgs_.repository().find_user_by_id(token->user_id);
  if (!user || user->status != "active") throw invalid_session();
  return issue(*user, token->family_id);
}

void AuthService::logout(const std::string& refresh_token) {
  auto token = tokens_.find_refresh(crypto::sha256_hex(refresh_token));
  if (token) tokens_.revoke_family(token->family_id, clock_.now_ms());
}

Session AuthService::accept_invite(const std::string& invite_token, const std::string& password,
                                   const std::optional<std::string>& name) {
  auto user = orgs_.repository().find_user_by_invite(crypto::sha256_hex(invite_token));
  if (!user) throw ApiError(ErrorCode::kNotFound, "invitation not found or already accepted");
  std::string hash = hash_password(password);
  orgs_.repository().activate_invited(user->id, hash, name.value_or(user->name), clock_.now_ms());
  orgs_.users_changed(user->organization_id, user->id);
  auto active = orgs_.repository().find_user_by_id(user->id);
  if (!active || active->status != "active") throw ApiError(ErrorCode::kConflict, "invitation already accepted");
  return issue(*active, new_id("fam"));
}

void AuthService::change_password(const Principal& who, const std::string& current,
                                  const std::string& next) {
  if (who.user_id.empty()) throw ApiError(ErrorCode::kAuthorization, "API keys have no password");
  auto user = orgs_.repository().find_user_by_id(who.user_id);
  if (!user || !verify_password(user->password_hash, current))
    // 400, not 401: the session is fine, only a field is wrong (a 401 would sign the UI out).
    throw ApiError(ErrorCode::kValidation, "current password is wrong",
                   nlohmann::json{{"fields", {{"currentPassword", "is wrong"}}}});
  Millis now = clock_.now_ms();
  orgs_.repository().set_password(user->id, hash_password(next), now);
  orgs_.users_changed(user->organization_id, user->id);
  tokens_.revoke_all_for_user(user->id, now);  // sign out every other session
}

NewApiKey AuthService::create_api_key(const Principal& actor, const std::string& name, Role role,
                                      std::optional<long long> expires_in_days) {
  if (!role_at_least(actor.role, role))
    throw ApiError(ErrorCode::kAuthorization, "an API key cannot have a higher role than its creator");
  Millis now = clock_.now_ms();
  NewApiKey out;
  out.key.id = new_id("key");
  out.key.organization_id = actor.organization_id;
  out.key.name = name;
  out.key.role = role;
  out.key.created_by = actor.user_id;
  out.key.created_at = now;
  if (expires_in_days) out.key.expires_at = now + *expires_in_days * 24 * 3600 * 1000;
  std::string public_part = crypto::to_hex(crypto::random_bytes(4));
  out.secret = "cwk_" + public_part + "_" + crypto::random_token(30);
  out.key.prefix = "cwk_" + public_part;
  tokens_.insert_api_key(out.key, crypto::sha256_hex(out.secret));
  return out;
}

std::vector<ApiKey> AuthService::api_keys(const Principal& actor) {
  return tokens_.list_api_keys(actor.organization_id);
}

void AuthService::revoke_api_key(const Principal& actor, const std::string& id) {
  if (!tokens_.revoke_api_key(actor.organization_id, id, clock_.now_ms())) throw not_found("API key");
}

std::optional<Principal> AuthService::verify_access_token(std::string_view token) {
  Millis now = clock_.now_ms();
  auto claims = verified_.find(token, now / 1000);
  if (!claims) {
    auto checked = jwt_.verify(token, now);
    if (!checked || !checked->contains("sub") || !(*checked)["sub"].is_string()) return std::nullopt;
    VerifiedClaims c{(*checked)["sub"].get<std::string>(), checked->value("org", ""), 0};
    // Our tokens always carry exp and never nbf; anything else is checked every time.
    bool cacheable = checked->contains("exp") && (*checked)["exp"].is_number() && !checked->contains("nbf");
    if (cacheable) {
      c.expires_at_s = static_cast<long long>((*checked)["exp"].get<double>());
      verified_.remember(token, c);
    }
    claims = std::move(c);
  }
  // The role and membership are read fresh (identity cache, dropped on every change): a removed
  // or demoted user loses access at once.
  auto who = orgs_.identity(claims->subject);
  if (!who) return std::nullopt;  // removed, or not active
  if (claims->organization != who->organization_id) return std::nullopt;
  return who;
}

Principal AuthService::authenticate(const http::Request& request) {
  if (auto header = request.header("authorization")) {
    std::string_view value = *header;
    if (value.size() < 7 || !(value.substr(0, 7) == "Bearer " || value.substr(0, 7) == "bearer "))
      throw ApiError(ErrorCode::kAuthentication, "Authorization must be 'Bearer <accessToken>'");
    auto principal = verify_access_token(value.substr(7));
    if (!principal) throw ApiError(ErrorCode::kAuthentication, "access token is invalid or expired");
    return *principal;
  }
  if (auto key = request.header("x-api-key")) {
    Millis now = clock_.now_ms();
    auto found = tokens_.find_api_key_by_hash(crypto::sha256_hex(*key));
    if (!found || found->revoked_at || (found->expires_at && *found->expires_at <= now))
      throw ApiError(ErrorCode::kAuthentication, "API key is invalid, expired or revoked");
    if (!found->last_used_at || now - *found->last_used_at > 60'000) tokens_.touch_api_key(found->id, now);
    return Principal{"", "", found->organization_id, found->role, found->id};
  }
  throw ApiError(ErrorCode::kAuthentication, "authentication required");
}

}  // namespace cw::auth
