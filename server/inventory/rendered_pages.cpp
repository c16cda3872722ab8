#include "inventory/rendered_pages.hpp"

namespace cw::inventory {

std::optional<std::string> RenderedPages::find(const std::string& key, std::int64_t version) const {
  std::lock_guard lock(mutex_);
  auto it = pages_.find(key);
  if (it == pages_.end() || it->second.version != version) return std::nullopt;
  return it->second.body;
}

void RenderedPages::remember(const std::string& key, std::int64_t version, const std::string& body) {
  if (body.size() > max_bytes_ / 16) return;  // a huge page would evict everything else
  std::lock_guard lock(mutex_);
  auto it = pages_.find(key);
  if (it != pages_.end()) {
    // An older rendering may finish after a newer one: keep the newest version.
    if (it->second.version > version) return;
    bytes_ -= it->second.body.size() + key.size();
    pages_.erase(it);
  }
  // Full: start over (stale versions are the bulk of it), rather than track recency.
  if (bytes_ + body.size() + key.size() > max_bytes_) {
    pages_.clear();
    bytes_ = 0;
  }
  pages_.emplace(key, Page{version, body});
  bytes_ += body.size() + key.size();
}

}  // namespace cw::inventory
