#pragma once
// Organization, membership and authentication behaviour on a real database; the same checks run on
// SQLite (orgs_sqlite_test.cpp) and PostgreSQL (orgs_postgres_pgtest.cpp).
#include <gtest/gtest.h>

#include "events/event_bus.hpp"
#include "auth/password.hpp"
#include "auth/service.hpp"
#include "core/error.hpp"
#include "orgs/service.hpp"

namespace cw::orgs::testing {

/// Every service over one database, with a fake clock.
struct World {
  explicit World(storage::Database& db)
      : db(db),
        repo(db),
        events(db, clock),
        orgs(db, repo, events, clock),
        tokens(db),
        limiter(clock, nullptr),
        auth(auth::AuthSettings{}, auth::JwtCodec({{"k1", std::string(32, 's')}}), tokens, orgs, limiter, clock) {}
  storage::Database& db;
  FakeClock clock{1'800'000'000'000};
  OrgRepository repo;
  events::EventBus events;
  OrgService orgs;
  auth::TokenRepository tokens;
  http::RateLimiter limiter;
  auth::AuthService auth;

  Principal owner_of(const User& u) { return Principal{u.id, u.email, u.organization_id, u.role, ""}; }
  User add(const Principal& actor, const std::string& email, Role role) {
    return orgs.add_member(actor, {email, email.substr(0, email.find('@')), role, "x"}).user;
  }
};

inline ErrorCode code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ApiError& e) { return e.code(); }
  ADD_FAILURE() << "expected an ApiError";
  return ErrorCode::kInternal;
}

inline void check_registration_and_duplicate_email(storage::Database& db) {
  World w(db);
  auto s = w.auth.register_owner("ann@example.com", "Ann", "correct horse battery", "Acme", "127.0.0.1");
  EXPECT_EQ(s.user.role, Role::kOwner);
  EXPECT_EQ(s.organization.slug, "acme");
  EXPECT_EQ(code_of([&] {
              w.auth.register_owner("ann@example.com", "Ann 2", "correct horse battery", "Other", "127.0.0.1");
            }),
            ErrorCode::kConflict);
  // A second "Acme" gets its own slug.
  auto s2 = w.auth.register_owner("bob@example.com", "Bob", "correct horse battery", "Acme", "127.0.0.1");
  EXPECT_NE(s2.organization.slug, "acme");
}

inline void check_last_owner_rules(storage::Database& db) {
  World w(db);
  auto s = w.auth.register_owner("own@example.com", "Own", "correct horse battery", "Org", "127.0.0.1");
  Principal owner = w.owner_of(s.user);
  EXPECT_EQ(code_of([&] { w.orgs.update_member(owner, s.user.id, Role::kAdmin, std::nullopt); }), ErrorCode::kConflict);
  EXPECT_EQ(code_of([&] { w.orgs.remove_member(owner, s.user.id); }), ErrorCode::kConflict);
  User admin = w.add(owner, "adm@example.com", Role::kAdmin);
  Principal admin_p = w.owner_of(admin);
  EXPECT_EQ(code_of([&] { w.orgs.update_member(admin_p, s.user.id, Role::kViewer, std::nullopt); }),
            ErrorCode::kAuthorization);
  EXPECT_EQ(code_of([&] {
              w.orgs.add_member(admin_p, {"o2@example.com", "O2", Role::kOwner, "x"});
            }),
            ErrorCode::kAuthorization);
  // With a second owner, the first may step down.
  w.orgs.update_member(owner, admin.id, Role::kOwner, std::nullopt);
  EXPECT_EQ(w.orgs.update_member(owner, s.user.id, Role::kAdmin, std::nullopt).role, Role::kAdmin);
}

/// Identities are cached for speed, yet a demotion or removal applies to the next request; a
/// change made elsewhere (another replica without Redis: a second World on the same database)
/// shows within the cache's TTL.
inline void check_identity_changes_apply_at_once(storage::Database& db) {
  World w(db);
  auto s = w.auth.register_owner("own@example.com", "Own", "correct horse battery", "Org", "127.0.0.1");
  Principal owner = w.owner_of(s.user);
  User member = w.add(owner, "mem@example.com", Role::kAdmin);
  ASSERT_EQ(w.orgs.identity(member.id)->role, Role::kAdmin);  // now cached
  w.orgs.update_member(owner, member.id, Role::kViewer, std::nullopt);
  EXPECT_EQ(w.orgs.identity(member.id)->role, Role::kViewer);

  World elsewhere(db);
  elsewhere.orgs.update_member(owner, member.id, Role::kOperator, std::nullopt);
  EXPECT_EQ(w.orgs.identity(member.id)->role, Role::kViewer) << "served from the cache within the TTL";
  w.clock.advance(UserCache::kDefaultTtlMs);
  EXPECT_EQ(w.orgs.identity(member.id)->role, Role::kOperator);

  // Profile changes (preferences, the organization's name) show at once too.
  ASSERT_EQ(w.orgs.profile(member.id)->second.name, "Org");
  w.orgs.rename(owner, "Renamed");
  EXPECT_EQ(w.orgs.profile(member.id)->second.name, "Renamed");
  w.orgs.update_preferences(member.id, {{"theme", "dark"}});
  EXPECT_EQ(w.orgs.profile(member.id)->first.preferences.value("theme", ""), "dark");

  w.orgs.remove_member(owner, member.id);
  EXPECT_FALSE(w.orgs.identity(member.id).has_value());
  EXPECT_FALSE(w.orgs.identity("usr_unknown").has_value());
}

inline void check_member_listing_and_isolation(storage::Database& db) {
  World w(db);
  auto a = w.auth.register_owner("a@example.com", "Zed", "correct horse battery", "A", "127.0.0.1");
  auto b = w.auth.register_owner("b@example.com", "Bee", "correct horse battery", "B", "127.0.0.1");
  Principal pa = w.owner_of(a.user), pb = w.owner_of(b.user);
  w.add(pa, "carol@example.com", Role::kViewer);
  w.add(pa, "dave@example.com", Role::kOperator);
  UserQuery q;
  q.sort_column = "lower(name)";
  q.descending = true;
  auto [users, total] = w.orgs.members(pa, q);
  EXPECT_EQ(total, 3);
  ASSERT_EQ(users.size(), 3u);
  EXPECT_EQ(users[0].name, "Zed");
  q.role = "viewer";
  EXPECT_EQ(w.orgs.members(pa, q).second, 1);
  q.role.reset();
  q.text = "DAVE";
  EXPECT_EQ(w.orgs.members(pa, q).second, 1);
  q.text.reset();
  q.limit = 2;
  q.offset = 2;
  EXPECT_EQ(w.orgs.members(pa, q).first.size(), 1u);
  // Another tenant's id is simply not found.
  EXPECT_EQ(code_of([&] { w.orgs.member(pb, a.user.id); }), ErrorCode::kNotFound);
  EXPECT_EQ(code_of([&] { w.orgs.remove_member(pb, a.user.id); }), ErrorCode::kNotFound);
  EXPECT_EQ(w.orgs.members(pb, UserQuery{}).second, 1);
}

inline void check_refresh_rotation_and_reuse_detection(storage::Database& db) {
  World w(db);
  auto s = w.auth.register_owner("r@example.com", "R", "correct horse battery", "R", "127.0.0.1");
  auto s2 = w.auth.refresh(s.refresh_token);
  EXPECT_NE(s2.refresh_token, s.refresh_token);
  // Replaying the rotated token revokes the family: the newest token dies too.
  EXPECT_EQ(code_of([&] { w.auth.refresh(s.refresh_token); }), ErrorCode::kAuthentication);
  EXPECT_EQ(code_of([&] { w.auth.refresh(s2.refresh_token); }), ErrorCode::kAuthentication);
  // A new login is a new family and works.
  auto s3 = w.auth.login("r@example.com", "correct horse battery", "127.0.0.1");
  w.auth.logout(s3.refresh_token);
  EXPECT_EQ(code_of([&] { w.auth.refresh(s3.refresh_token); }), ErrorCode::kAuthentication);
}

inline void check_access_token_expiry_and_login_throttle(storage::Database& db) {
  World w(db);
  auto s = w.auth.register_owner("t@example.com", "T", "correct horse battery", "T", "127.0.0.1");
  EXPECT_TRUE(w.auth.verify_access_token(s.access_token).has_value());
  EXPECT_TRUE(w.auth.verify_access_token(s.access_token).has_value()) << "verified tokens are remembered";
  std::string tampered = s.access_token;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(w.auth.verify_access_token(tampered).has_value()) << "a different signature is checked afresh";
  w.clock.advance(15 * 60 * 1000 + 1000);
  EXPECT_FALSE(w.auth.verify_access_token(s.access_token).has_value());
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(code_of([&] { w.auth.login("t@example.com", "wrong password!", "10.0.0.1"); }),
              ErrorCode::kAuthentication);
  EXPECT_EQ(code_of([&] { w.auth.login("t@example.com", "correct horse battery", "10.0.0.1"); }),
            ErrorCode::kRateLimited);
  w.clock.advance(15 * 60 * 1000);
  EXPECT_NO_THROW(w.auth.login("t@example.com", "correct horse battery", "10.0.0.1"));
}

inline void check_api_keys(storage::Database& db) {
  World w(db);
  auto s = w.auth.register_owner("k@example.com", "K", "correct horse battery", "K", "127.0.0.1");
  Principal owner = w.owner_of(s.user);
  auto key = w.auth.create_api_key(owner, "ci", Role::kOperator, 30);
  http::Request req;
  req.headers.emplace_back("x-api-key", key.secret);
  Principal p = w.auth.authenticate(req);
  EXPECT_EQ(p.role, Role::kOperator);
  EXPECT_EQ(p.api_key_id, key.key.id);
  w.clock.advance(31LL * 24 * 3600 * 1000);
  EXPECT_EQ(code_of([&] { w.auth.authenticate(req); }), ErrorCode::kAuthentication);
  auto key2 = w.auth.create_api_key(owner, "ci2", Role::kViewer, std::nullopt);
  w.auth.revoke_api_key(owner, key2.key.id);
  req.headers[0].second = key2.secret;
  EXPECT_EQ(code_of([&] { w.auth.authenticate(req); }), ErrorCode::kAuthentication);
}

}  // namespace cw::orgs::testing
