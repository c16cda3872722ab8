#pragma once
/// Recently confirmed identities (user id → id, email, organization, role), so an authenticated
/// request does not read the users table every time. An entry lives `ttl_ms` at most and is
/// dropped at once when the user's role changes or the user is removed — on this replica
/// directly, on the others through the event bus (Redis). Without Redis, another replica may
/// accept a removed user for up to `ttl_ms`; that window is the price of the saved query.
/// Only confirmed identities are kept: an unknown or inactive user is asked for every time.
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/clock.hpp"
#include "core/principal.hpp"

namespace cw::orgs {

class IdentityCache {
 public:
  static constexpr Millis kDefaultTtlMs = 2'000;
  static constexpr size_t kMaxEntries = 50'000;

  explicit IdentityCache(const Clock& clock, Millis ttl_ms = kDefaultTtlMs) : clock_(clock), ttl_ms_(ttl_ms) {}

  std::optional<Principal> find(const std::string& user_id) const;
  void remember(const Principal& identity);
  void forget(const std::string& user_id);

 private:
  struct Entry {
    Principal identity;
    Millis expires_at;
  };
  const Clock& clock_;
  Millis ttl_ms_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace cw::orgs
