#include "orgs/identity_cache.hpp"

namespace cw::orgs {

std::optional<Principal> IdentityCache::find(const std::string& user_id) const {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(user_id);
  if (it == entries_.end() || it->second.expires_at <= clock_.now_ms()) return std::nullopt;
  return it->second.identity;
}

void IdentityCache::remember(const Principal& identity) {
  std::lock_guard lock(mutex_);
  // Many distinct users within one TTL: start over rather than track recency.
  if (entries_.size() >= kMaxEntries) entries_.clear();
  entries_[identity.user_id] = Entry{identity, clock_.now_ms() + ttl_ms_};
}

void IdentityCache::forget(const std::string& user_id) {
  std::lock_guard lock(mutex_);
  entries_.erase(user_id);
}

}  // namespace cw::orgs
