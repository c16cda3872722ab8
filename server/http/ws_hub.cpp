#include "http/ws_hub.hpp"
#include "core/json_parse.hpp"

#include <nlohmann/json.hpp>

#include "core/ids.hpp"
#include "core/log.hpp"
#include "http/message.hpp"
#include "storage/redis_client.hpp"

namespace cw::http {

namespace {
constexpr const char* kEventsChannel = "cloudweave:events";
}

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

void WsHub::deliver(const std::string& organization_id,
                    const std::shared_ptr<const std::string>& message) {
  std::vector<std::shared_ptr<WsClient>> targets;
  {
    std::lock_guard lock(mutex_);
    auto it = by_org_.find(organization_id);
    if (it == by_org_.end()) return;
    for (auto& weak : it->second) {
      if (auto c = weak.lock()) targets.push_back(std::move(c));
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

void WsHub::close_user(const std::string& organization_id, const std::string& user_id,
                       unsigned short code) {
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

EventBus::EventBus(WsHub& hub, const Clock& clock) : hub_(hub), clock_(clock) {}
EventBus::~EventBus() = default;

void EventBus::enable_redis(storage::RedisClient& client, const std::string& url) {
  redis_ = &client;
  instance_id_ = new_id("node");
  subscriber_ = std::make_unique<storage::RedisSubscriber>(
      url, kEventsChannel,
      [this](const std::string&, const std::string& payload) { on_remote(payload); });
}

void EventBus::publish(const std::string& organization_id, const std::string& type,
                       const nlohmann::json& data) {
  nlohmann::json event{{"type", type}, {"data", data}, {"timestamp", format_rfc3339(clock_.now_ms())}};
  auto message = std::make_shared<const std::string>(dump_json(event));
  hub_.deliver(organization_id, message);
  if (redis_) {
    nlohmann::json envelope{{"origin", instance_id_}, {"org", organization_id}, {"event", *message}};
    if (!redis_->command({"PUBLISH", kEventsChannel, dump_json(envelope)}))
      log::warn("event not mirrored to Redis", {{"type", type}});
  }
}

void EventBus::disconnect_user(const std::string& organization_id, const std::string& user_id) {
  constexpr unsigned short kPolicyViolation = 1008;
  hub_.close_user(organization_id, user_id, kPolicyViolation);
  if (redis_) {
    nlohmann::json envelope{{"origin", instance_id_}, {"org", organization_id}, {"disconnectUser", user_id}};
    redis_->command({"PUBLISH", kEventsChannel, dump_json(envelope)});
  }
}

void EventBus::users_changed(const std::string& organization_id, const std::string& user_id) {
  notify_user_listeners(organization_id, user_id);
  if (redis_) {
    nlohmann::json envelope{{"origin", instance_id_}, {"org", organization_id}, {"usersChanged", user_id}};
    if (!redis_->command({"PUBLISH", kEventsChannel, dump_json(envelope)}))
      log::warn("user change not mirrored to Redis", {{"userId", user_id}});
  }
}

void EventBus::on_users_changed(std::function<void(const std::string&, const std::string&)> listener) {
  std::lock_guard lock(listeners_mutex_);
  user_listeners_.push_back(std::move(listener));
}

void EventBus::notify_user_listeners(const std::string& organization_id, const std::string& user_id) {
  std::lock_guard lock(listeners_mutex_);
  for (const auto& listener : user_listeners_) listener(organization_id, user_id);
}

void EventBus::on_remote(const std::string& payload) {
  auto envelope = parse_untrusted_json(payload);
  if (!envelope.is_object() || !envelope["origin"].is_string() || !envelope["org"].is_string())
    return;
  if (envelope["origin"] == instance_id_) return;  // our own event, already delivered locally
  if (envelope.contains("usersChanged") && envelope["usersChanged"].is_string()) {
    notify_user_listeners(envelope["org"].get<std::string>(), envelope["usersChanged"].get<std::string>());
    return;
  }
  if (envelope.contains("disconnectUser") && envelope["disconnectUser"].is_string()) {
    hub_.close_user(envelope["org"].get<std::string>(), envelope["disconnectUser"].get<std::string>(), 1008);
    return;
  }
  if (!envelope["event"].is_string()) return;
  hub_.deliver(envelope["org"].get<std::string>(),
               std::make_shared<const std::string>(envelope["event"].get<std::string>()));
}

}  // namespace cw::http
