#pragma once
/// Recently read users with their organization (what authentication and /auth/me need), so an
/// authenticated request does not read the users table every time. An entry lives `ttl_ms` at
/// most and is dropped at once when the user or the organization changes — on this replica
/// directly, on the others through the event bus (Redis). Without Redis another replica may serve
/// the old role, name or preferences for up to `ttl_ms`: the price of the saved query.
/// Only users that exist are kept: an unknown id is looked up every time.
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

#include "core/clock.hpp"
#include "orgs/model.hpp"

namespace cw::orgs {

using UserWithOrganization = std::pair<User, Organization>;
/// Shared, immutable: a hit hands out the cached entry without copying the user's JSON fields.
using CachedUser = std::shared_ptr<const UserWithOrganization>;

class UserCache {
 public:
  static constexpr Millis kDefaultTtlMs = 2'000;
  static constexpr size_t kMaxEntries = 50'000;

  explicit UserCache(const Clock& clock, Millis ttl_ms = kDefaultTtlMs) : clock_(clock), ttl_ms_(ttl_ms) {}

  /// The entry, or null when absent or expired.
  CachedUser find(const std::string& user_id) const;
  void remember(CachedUser entry);
  /// Drops one user, or with an empty `user_id` every user of `organization_id`.
  void forget(const std::string& organization_id, const std::string& user_id);

 private:
  struct Entry {
    CachedUser value;
    Millis expires_at;
  };
  const Clock& clock_;
  Millis ttl_ms_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace cw::orgs
