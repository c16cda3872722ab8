#include "http/ws_hub.hpp"

namespace cw::http {

void WsHub::add(const std::string& organization_id, const std::shared_ptr<WsClient>& client) {
  std::lock_guard lock(mutex_);
  by_org_[organization_id].push_back(client);
}

void WsHub::remove(const std::string& organization_id, const WsClient* client) {
  std::lock_guard lock(mutex_);
  auto it = by_org_.find(organization_id);
  if (it == by_org_.end()) return;
  auto& list = it->second;
  for (size_t i = 0; i < list.size(); ++i) {
    auto locked = list[i].lock();
    if (!locked || locked.get() == client) {
      list.erase(list.begin() + static_cast<long>(i));
      --i;
    }
  }
  if (list.empty()) by_org_.erase(it);
}

void WsHub::deliver(const std::string& organization_id, const std::shared_ptr<const std::string>& message,
                    const std::string& user_id) {
  std::vector<std::shared_ptr<WsClient>> targets;
  {
    std::lock_guard lock(mutex_);
    auto it = by_org_.find(organization_id);
    if (it == by_org_.end()) return;
    for (auto& weak : it->second) {
      auto c = weak.lock();
      if (c && (user_id.empty() || c->user_id() == user_id)) targets.push_back(std::move(c));
    }
  }
  for (auto& c : targets) c->send(message);  // outside the lock: send may close the client
}

void WsHub::close_all(unsigned short code) {
  std::vector<std::shared_ptr<WsClient>> all;
  {
    std::lock_guard lock(mutex_);
    for (auto& [org, list] : by_org_) {
      for (auto& weak : list) {
        if (auto c = weak.lock()) all.push_back(std::move(c));
      }
    }
  }
  for (auto& c : all) c->close(code);
}

void WsHub::close_user(const std::string& organization_id, const std::string& user_id, unsigned short code) {
  std::vector<std::shared_ptr<WsClient>> matching;
  {
    std::lock_guard lock(mutex_);
    auto it = by_org_.find(organization_id);
    if (it == by_org_.end()) return;
    for (auto& weak : it->second) {
      auto c = weak.lock();
      if (c && c->user_id() == user_id) matching.push_back(std::move(c));
    }
  }
  for (auto& c : matching) c->close(code);
}

size_t WsHub::session_count() const {
  std::lock_guard lock(mutex_);
  size_t live = 0;
  for (const auto& [org, list] : by_org_) {
    for (const auto& weak : list) live += weak.expired() ? 0 : 1;
  }
  return live;
}

}  // namespace cw::http
