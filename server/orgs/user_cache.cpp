#include "orgs/user_cache.hpp"

namespace cw::orgs {

CachedUser UserCache::find(const std::string& user_id) const {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(user_id);
  if (it == entries_.end() || it->second.expires_at <= clock_.now_ms()) return nullptr;
  return it->second.value;
}

void UserCache::remember(CachedUser entry) {
  std::lock_guard lock(mutex_);
  // Many distinct users within one TTL: start over rather than track recency.
  if (entries_.size() >= kMaxEntries) entries_.clear();
  std::string id = entry->first.id;
  entries_.insert_or_assign(std::move(id), Entry{std::move(entry), clock_.now_ms() + ttl_ms_});
}

void UserCache::forget(const std::string& organization_id, const std::string& user_id) {
  std::lock_guard lock(mutex_);
  if (!user_id.empty()) {
    entries_.erase(user_id);
    return;
  }
  for (auto it = entries_.begin(); it != entries_.end();) {
    it = it->second.value->second.id == organization_id ? entries_.erase(it) : std::next(it);
  }
}

}  // namespace cw::orgs
