#include "events/event_bus.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "core/ids.hpp"
#include "core/json_parse.hpp"
#include "core/json_text.hpp"
#include "core/log.hpp"
#include "storage/database.hpp"
#include "storage/redis_client.hpp"

namespace cw::events {

namespace {
constexpr const char* kChannel = "cloudweave:events";
constexpr size_t kSeenCapacity = 65'536;
constexpr Millis kMaxBackoffMs = 300'000;
}  // namespace

EventBus::EventBus(storage::Database& db, const Clock& clock, BusSettings settings)
    : db_(db), clock_(clock), settings_(settings), outbox_(db), instance_id_(new_id("node")) {}

EventBus::~EventBus() { stop(); }

void EventBus::publish(const std::string& organization_id, const std::string& type, const nlohmann::json& data,
                       const std::string& audience_user) {
  outbox_.append({new_id("evt"), organization_id, type, data, clock_.now_ms(), audience_user});
  db_.after_commit([this] { wake(); });
}

void EventBus::broadcast(const std::string& organization_id, const std::string& type, const nlohmann::json& data) {
  DomainEvent event{new_id("evt"), organization_id, type, data, clock_.now_ms(), {}};
  auto message = std::make_shared<const std::string>(dump_json(to_message(event)));
  deliver_local(event, message);
  mirror(event, *message);
}

void EventBus::subscribe_local(LocalSubscriber subscriber) { local_.push_back(std::move(subscriber)); }

void EventBus::subscribe(std::string name, Subscriber subscriber) {
  cluster_.emplace_back(std::move(name), std::move(subscriber));
}

void EventBus::enable_redis(storage::RedisClient& client, const std::string& url) {
  redis_ = &client;
  subscriber_ = std::make_unique<storage::RedisSubscriber>(
      url, kChannel, [this](const std::string&, const std::string& payload) { on_remote(payload); });
}

void EventBus::start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void EventBus::stop() {
  {
    std::lock_guard lock(wake_mutex_);
    stopping_ = true;
  }
  wake_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void EventBus::wake() {
  {
    std::lock_guard lock(wake_mutex_);
    woken_ = true;
  }
  wake_cv_.notify_one();
}

void EventBus::run() {
  while (true) {
    size_t handled = 0;
    try {
      handled = dispatch_pending();
    } catch (const std::exception& e) {
      // The database is away: the events wait in the outbox; try again at the next poll.
      log::warn("event dispatch failed", {{"error", e.what()}});
    }
    std::unique_lock lock(wake_mutex_);
    if (stopping_) return;
    if (handled == static_cast<size_t>(settings_.batch)) continue;  // more are waiting
    wake_cv_.wait_for(lock, std::chrono::milliseconds(settings_.poll_ms), [this] { return woken_ || stopping_; });
    woken_ = false;
    if (stopping_) return;
  }
}

size_t EventBus::dispatch_pending() {
  std::lock_guard round(dispatch_mutex_);
  Millis now = clock_.now_ms();
  auto entries = outbox_.claim(instance_id_, now, now + settings_.claim_ms, settings_.batch);
  std::vector<std::int64_t> done;
  done.reserve(entries.size());
  for (auto& entry : entries) {
    const DomainEvent& event = entry.event;
    auto message = std::make_shared<const std::string>(dump_json(to_message(event)));
    deliver_local(event, message);
    mirror(event, *message);
    std::string failed;
    for (auto& [name, subscriber] : cluster_) {
      try {
        subscriber(event);
      } catch (const std::exception& e) { failed = name + ": " + e.what(); }
    }
    if (failed.empty() || entry.attempts + 1 >= settings_.max_attempts) {
      if (!failed.empty())
        log::error("event dropped after its last attempt",
                   {{"eventId", event.id}, {"type", event.type}, {"error", failed}});
      done.push_back(entry.seq);
    } else {
      Millis backoff = std::min<Millis>(kMaxBackoffMs, 1000LL << std::min(entry.attempts, 20));
      log::warn("event subscriber failed; offered again later",
                {{"eventId", event.id}, {"type", event.type}, {"error", failed}, {"retryInMs", backoff}});
      outbox_.postpone(entry.seq, now + backoff);
    }
  }
  outbox_.remove(done);
  return entries.size();
}

bool EventBus::first_sighting(const std::string& event_id) {
  std::lock_guard lock(seen_mutex_);
  if (!seen_.insert(event_id).second) return false;
  seen_order_.push_back(event_id);
  if (seen_order_.size() > kSeenCapacity) {
    seen_.erase(seen_order_.front());
    seen_order_.pop_front();
  }
  return true;
}

void EventBus::deliver_local(const DomainEvent& event, const std::shared_ptr<const std::string>& message) {
  if (!first_sighting(event.id)) return;
  for (auto& subscriber : local_) subscriber(event, message);
}

void EventBus::mirror(const DomainEvent& event, const std::string& message) {
  if (!redis_) return;
  nlohmann::json envelope{
      {"origin", instance_id_}, {"org", event.organization_id}, {"audience", event.audience_user}, {"event", message}};
  if (!redis_->command({"PUBLISH", kChannel, dump_json(envelope)}))
    log::warn("event not mirrored to Redis", {{"type", event.type}});
}

void EventBus::disconnect_user(const std::string& organization_id, const std::string& user_id) {
  notify(disconnect_listeners_, organization_id, user_id);
  if (redis_) {
    nlohmann::json envelope{{"origin", instance_id_}, {"org", organization_id}, {"disconnectUser", user_id}};
    redis_->command({"PUBLISH", kChannel, dump_json(envelope)});
  }
}

void EventBus::on_disconnect_user(std::function<void(const std::string&, const std::string&)> listener) {
  disconnect_listeners_.push_back(std::move(listener));
}

void EventBus::users_changed(const std::string& organization_id, const std::string& user_id) {
  notify(user_listeners_, organization_id, user_id);
  if (redis_) {
    nlohmann::json envelope{{"origin", instance_id_}, {"org", organization_id}, {"usersChanged", user_id}};
    if (!redis_->command({"PUBLISH", kChannel, dump_json(envelope)}))
      log::warn("user change not mirrored to Redis", {{"userId", user_id}});
  }
}

void EventBus::on_users_changed(std::function<void(const std::string&, const std::string&)> listener) {
  user_listeners_.push_back(std::move(listener));
}

void EventBus::notify(const std::vector<Notice>& listeners, const std::string& organization_id,
                      const std::string& user_id) {
  for (const auto& listener : listeners) listener(organization_id, user_id);
}

void EventBus::on_remote(const std::string& payload) {
  auto envelope = parse_untrusted_json(payload);
  if (!envelope.is_object() || !envelope["origin"].is_string() || !envelope["org"].is_string()) return;
  if (envelope["origin"] == instance_id_) return;  // our own, already delivered here
  const std::string org = envelope["org"].get<std::string>();
  if (envelope.contains("usersChanged") && envelope["usersChanged"].is_string()) {
    notify(user_listeners_, org, envelope["usersChanged"].get<std::string>());
    return;
  }
  if (envelope.contains("disconnectUser") && envelope["disconnectUser"].is_string()) {
    notify(disconnect_listeners_, org, envelope["disconnectUser"].get<std::string>());
    return;
  }
  if (!envelope["event"].is_string()) return;
  auto message = std::make_shared<const std::string>(envelope["event"].get<std::string>());
  auto parsed = parse_untrusted_json(*message);
  if (!parsed.is_object() || !parsed["id"].is_string() || !parsed["type"].is_string()) return;
  DomainEvent event{parsed["id"].get<std::string>(),
                    org,
                    parsed["type"].get<std::string>(),
                    parsed.contains("data") ? parsed["data"] : nlohmann::json(nullptr),
                    0,
                    envelope.value("audience", std::string())};
  deliver_local(event, message);
}

}  // namespace cw::events
