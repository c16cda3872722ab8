#include "core/json_values.hpp"
#include "auth/service.hpp"

#include "auth/password.hpp"
#include "core/crypto.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"

namespace cw::auth {

namespace {
ApiError bad_credentials() { return ApiError(ErrorCode::kAuthentication, "invalid email or password"); }
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

Session AuthService::issue(const orgs::User& user, const std::string& family_id, const std::string& address,
                           const std::string& user_agent) {
  Millis now = clock_.now_ms();
  // Kept short: the list shows it, nothing parses it.
  tokens_.touch_session(family_id, user.id, now, address.substr(0, 64), user_agent.substr(0, 300));
  Session s;
  s.user = user;
  s.organization = orgs_.organization(user.organization_id);
  s.expires_in = settings_.access_token_ttl_ms / 1000;
  s.access_token = jwt_.sign({{"iss", kTokenIssuer},
                              {"aud", kTokenAudience},
                              {"sub", user.id},
                              {"sid", family_id},
                              {"org", user.organization_id},
                              {"iat", now / 1000},
                              {"exp", (now + settings_.access_token_ttl_ms) / 1000},
                              {"jti", crypto::random_token(9)}});
  s.refresh_token = crypto::random_token(32);
  RefreshToken t{new_id("rt"), user.id, family_id, now + settings_.refresh_token_ttl_ms, {}, {}};
  tokens_.insert_refresh(t, crypto::sha256_hex(s.refresh_token), now);
  return s;
}

Session AuthService::register_owner(const std::string& email, const std::string& name, const std::string& password,
                                    const std::string& organization_name, const std::string& address,
                                    const std::string& user_agent) {
  const std::string key = "register:taken:" + address;
  if (auto d = limiter_.take(key, settings_.taken_emails_per_address, 0); !d.allowed)
    throw ApiError(ErrorCode::kRateLimited,
                   "too many sign-ups with emails that already have an account; try again in " +
                       std::to_string(d.retry_after_seconds) + " s")
        .with_retry_after(d.retry_after_seconds);
  orgs::NewMember owner{email, name, Role::kOwner, hash_password(password)};
  try {
    auto [org, user] = orgs_.create_with_owner(organization_name, owner);
    return issue(user, new_id("fam"), address, user_agent);
  } catch (const ApiError& e) {
    if (e.code() == ErrorCode::kConflict) limiter_.take(key, settings_.taken_emails_per_address, 1);
    throw;
  }
}

Session AuthService::login(const std::string& email, const std::string& password, const std::string& address,
                           const std::string& user_agent) {
  // Throttle before spending time on the hash. Peeking (cost 0) means successful logins never
  // use up the allowance; only failures take from the buckets.
  std::string pair = email + "|" + address;
  const std::pair<std::string, http::BucketSpec> buckets[] = {
      {"login:pair:" + pair, settings_.login_failures_per_pair},
      {"login:pair-sustained:" + pair, settings_.login_failures_per_pair_sustained},
      {"login:addr:" + address, settings_.login_failures_per_address}};
  for (const auto& [key, spec] : buckets) {
    auto d = limiter_.take(key, spec, 0);
    if (!d.allowed)
      throw ApiError(ErrorCode::kRateLimited, "too many failed sign-in attempts from this address; try again in " +
                                                  std::to_string(d.retry_after_seconds) + " s")
          .with_retry_after(d.retry_after_seconds);
  }
  auto user = orgs_.repository().find_user_by_email(email);
  bool ok = false;
  if (user && user->status == "active")
    ok = verify_password(user->password_hash, password);
  else
    burn_verification_time(password);
  if (!ok) {
    for (const auto& [key, spec] : buckets) limiter_.take(key, spec, 1);
    throw bad_credentials();
  }
  orgs_.repository().record_login(user->id, clock_.now_ms());
  orgs_.users_changed(user->organization_id, user->id);
  user->last_login_at = clock_.now_ms();
  return issue(*user, new_id("fam"), address, user_agent);
}

Session AuthService::refresh(const std::string& refresh_token, const std::string& address,
                             const std::string& user_agent) {
  Millis now = clock_.now_ms();
  auto token = tokens_.find_refresh(crypto::sha256_hex(refresh_token));
  if (!token || token->revoked_at || token->expires_at <= now) throw invalid_session();
  if (token->used_at || !tokens_.mark_used(token->id, now)) {
    // A rotated token came back: someone holds a copy. End every session of this family.
    tokens_.revoke_family(token->family_id, now);
    sessions_changed(token->user_id);
    throw ApiError(ErrorCode::kAuthentication,
                   "refresh token reuse detected; all sessions of this sign-in were revoked");
  }
  auto user = orgs_.repository().find_user_by_id(token->user_id);
  if (!user || user->status != "active") throw invalid_session();
  return issue(*user, token->family_id, address, user_agent);
}

void AuthService::logout(const std::string& refresh_token) {
  auto token = tokens_.find_refresh(crypto::sha256_hex(refresh_token));
  if (!token) return;
  tokens_.revoke_family(token->family_id, clock_.now_ms());
  sessions_changed(token->user_id);
}

nlohmann::json AuthService::sessions(const Principal& who) {
  nlohmann::json out = nlohmann::json::array();
  if (who.user_id.empty()) return out;  // an API key has no sign-ins
  for (const auto& s : tokens_.live_sessions(who.user_id, clock_.now_ms()))
    out.push_back({{"id", s.id},
                   {"createdAt", format_rfc3339(s.created_at)},
                   {"lastSeenAt", format_rfc3339(s.last_seen_at)},
                   {"ip", s.ip.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.ip)},
                   {"userAgent", s.user_agent.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.user_agent)},
                   {"current", s.id == who.session_id}});
  return out;
}

void AuthService::end_session(const Principal& who, const std::string& session_id) {
  auto session = tokens_.find_session(session_id);
  // Someone else's sign-in is as unknown as one that never was.
  if (!session || who.user_id.empty() || session->user_id != who.user_id) throw not_found("session");
  tokens_.revoke_family(session_id, clock_.now_ms());
  sessions_changed(who.user_id);
}

void AuthService::sessions_changed(const std::string& user_id) {
  // Here at once; on other replicas through the users-changed notice (SessionStates listens).
  sessions_.forget_user(user_id);
  if (auto who = orgs_.identity(user_id)) orgs_.users_changed(who->organization_id, user_id);
}

Session AuthService::accept_invite(const std::string& invite_token, const std::string& password,
                                   const std::optional<std::string>& name, const std::string& address,
                                   const std::string& user_agent) {
  auto user = orgs_.repository().find_user_by_invite(crypto::sha256_hex(invite_token));
  if (!user) throw ApiError(ErrorCode::kNotFound, "invitation not found or already accepted");
  std::string hash = hash_password(password);
  orgs_.repository().activate_invited(user->id, hash, name.value_or(user->name), clock_.now_ms());
  orgs_.users_changed(user->organization_id, user->id);
  auto active = orgs_.repository().find_user_by_id(user->id);
  if (!active || active->status != "active") throw ApiError(ErrorCode::kConflict, "invitation already accepted");
  return issue(*active, new_id("fam"), address, user_agent);
}

Session AuthService::change_password(const Principal& who, const std::string& current, const std::string& next,
                                     const std::string& address, const std::string& user_agent) {
  if (who.user_id.empty()) throw ApiError(ErrorCode::kAuthorization, "API keys have no password");
  auto user = orgs_.repository().find_user_by_id(who.user_id);
  if (!user || !verify_password(user->password_hash, current))
    // 400, not 401: the session is fine, only a field is wrong (a 401 would sign the UI out).
    throw ApiError(ErrorCode::kValidation, "current password is wrong",
                   nlohmann::json{{"fields", {{"currentPassword", "is wrong"}}}});
  Millis now = clock_.now_ms();
  orgs_.repository().set_password(user->id, hash_password(next), now);
  // Every session ends, this one too (whoever knew the old password may hold one); the person
  // who changed it continues in a new one.
  tokens_.revoke_all_for_user(user->id, now);
  sessions_.forget_user(user->id);
  orgs_.users_changed(user->organization_id, user->id);
  return issue(*user, new_id("fam"), address, user_agent);
}

NewApiKey AuthService::create_api_key(const Principal& actor, const std::string& name, Role role,
                                      std::optional<long long> expires_in_days) {
  if (!role_at_least(actor.role, role))
    throw ApiError(ErrorCode::kAuthorization, "an API key cannot have a higher role than its creator");
  // A key made with a key belongs to the person behind that key: their rights bound both.
  const std::string& person = actor.user_id.empty() ? actor.on_behalf_of : actor.user_id;
  if (person.empty()) throw ApiError(ErrorCode::kAuthorization, "this API key has no member behind it");
  Millis now = clock_.now_ms();
  NewApiKey out;
  out.key.id = new_id("key");
  out.key.organization_id = actor.organization_id;
  out.key.name = name;
  out.key.role = role;
  out.key.created_by = person;
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
    if (!checked) return std::nullopt;
    const auto& sub = checked->value("sub", nlohmann::json());
    const auto& org = checked->value("org", nlohmann::json());
    const auto& sid = checked->value("sid", nlohmann::json());
    if (!sub.is_string() || !org.is_string() || !sid.is_string()) return std::nullopt;
    VerifiedClaims c{sub.get<std::string>(), org.get<std::string>(),
                     static_cast<long long>((*checked)["exp"].get<double>()), sid.get<std::string>()};
    // Our tokens never carry nbf; one that does is checked every time.
    if (!checked->contains("nbf")) verified_.remember(token, c);
    claims = std::move(c);
  }
  // Logout, a detected refresh-token reuse and a password change end the session at once.
  if (!sessions_.live(claims->subject, claims->session)) return std::nullopt;
  // The role and membership are read fresh (identity cache, dropped on every change): a removed
  // or demoted user loses access at once.
  auto who = orgs_.identity(claims->subject);
  if (!who) return std::nullopt;  // removed, or not active
  if (claims->organization != who->organization_id) return std::nullopt;
  who->session_id = claims->session;
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
    // A key acts with the lower of its own role and its creator's role now: a demoted creator's
    // key is demoted with them, a removed or deactivated creator's key stops working.
    auto creator = found->created_by.empty() ? std::nullopt : orgs_.identity(found->created_by);
    if (!creator || creator->organization_id != found->organization_id)
      throw ApiError(ErrorCode::kAuthentication, "API key's creator is no longer an active member; create a new key");
    if (!found->last_used_at || now - *found->last_used_at > 60'000) tokens_.touch_api_key(found->id, now);
    Role role = role_at_least(creator->role, found->role) ? found->role : creator->role;
    Principal acting{"", "", found->organization_id, role, found->id};
    acting.on_behalf_of = creator->user_id;
    return acting;
  }
  throw ApiError(ErrorCode::kAuthentication, "authentication required");
}

}  // namespace cw::auth
