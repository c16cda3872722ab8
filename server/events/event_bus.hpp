#pragma once
/// The event bus: how a domain tells the rest of the system what changed.
///
/// `publish` writes the event to the outbox (events/outbox.hpp) inside the thread's current
/// transaction, so the event exists exactly when the change does: a rolled-back change publishes
/// nothing. After the commit a dispatcher thread hands each event, at least once and in order,
///  - to every `subscribe_local` subscriber of every replica (the WebSocket hub), through Redis
///    pub/sub for the other replicas when Redis is configured, and
///  - to every `subscribe` subscriber once per cluster (notifications, later alerts): if one
///    throws, the event is offered again with backoff, so those must be idempotent (the event id
///    is there to drop duplicates).
/// `broadcast` is for ticks that record no change (sync and job progress): local
/// subscribers and other replicas at once, no outbox.
///
/// The bus also carries two notices between replicas that are not domain events: a user's
/// sessions must close, and a user changed (caches drop the user).
#include <nlohmann/json_fwd.hpp>

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "core/clock.hpp"
#include "events/event.hpp"
#include "events/outbox.hpp"

namespace cw::storage {
class Database;
class RedisClient;
class RedisSubscriber;
}  // namespace cw::storage

namespace cw::events {

struct BusSettings {
  int batch = 500;           // events claimed per round
  Millis claim_ms = 30'000;  // a replica that died while delivering loses its claim after this
  Millis poll_ms = 1'000;    // looks for events other replicas left behind this often
  int max_attempts = 8;      // a cluster subscriber failing this often: the event is dropped (logged)
};

class EventBus {
 public:
  /// `message`: the event as its WebSocket text, serialised once for every receiver.
  using LocalSubscriber = std::function<void(const DomainEvent&, const std::shared_ptr<const std::string>& message)>;
  using Subscriber = std::function<void(const DomainEvent&)>;

  EventBus(storage::Database& db, const Clock& clock, BusSettings settings = {});
  ~EventBus();
  EventBus(const EventBus&) = delete;
  EventBus& operator=(const EventBus&) = delete;

  /// A domain event, durable (see above). `audience_user`: only that user's sessions get it.
  void publish(const std::string& organization_id, const std::string& type, const nlohmann::json& data,
               const std::string& audience_user = {});
  /// An ephemeral tick: local subscribers and other replicas at once; not in the outbox.
  void broadcast(const std::string& organization_id, const std::string& type, const nlohmann::json& data);

  /// Register before `start`. Local subscribers run on the dispatcher (or Redis) thread: fast, no throw.
  void subscribe_local(LocalSubscriber subscriber);
  void subscribe(std::string name, Subscriber subscriber);

  /// Mirrors events and notices over Redis pub/sub (channel "cloudweave:events").
  void enable_redis(storage::RedisClient& client, const std::string& url);
  /// Starts the dispatcher thread (the server; tests may call dispatch_pending instead).
  void start();
  void stop();
  /// Delivers what is waiting now on the calling thread; returns how many events it handled.
  size_t dispatch_pending();

  /// Ends a user's live sessions on every replica.
  void disconnect_user(const std::string& organization_id, const std::string& user_id);
  void on_disconnect_user(std::function<void(const std::string& organization_id, const std::string& user_id)> listener);
  /// A user (or, with an empty `user_id`, every user of the organization) changed: role,
  /// membership, profile or organization. Every replica's listeners (the user cache) hear it.
  void users_changed(const std::string& organization_id, const std::string& user_id);
  void on_users_changed(std::function<void(const std::string& organization_id, const std::string& user_id)> listener);

  const std::string& instance_id() const { return instance_id_; }

 private:
  using Notice = std::function<void(const std::string&, const std::string&)>;
  void run();
  void wake();
  void deliver_local(const DomainEvent& event, const std::shared_ptr<const std::string>& message);
  bool first_sighting(const std::string& event_id);
  void mirror(const DomainEvent& event, const std::string& message);
  void on_remote(const std::string& payload);
  void notify(const std::vector<Notice>& listeners, const std::string& organization_id, const std::string& user_id);

  storage::Database& db_;
  const Clock& clock_;
  BusSettings settings_;
  Outbox outbox_;
  std::string instance_id_;
  std::vector<LocalSubscriber> local_;
  std::vector<std::pair<std::string, Subscriber>> cluster_;
  std::vector<Notice> user_listeners_;
  std::vector<Notice> disconnect_listeners_;

  // Event ids seen lately (local delivery, Redis): duplicates are dropped before subscribers.
  std::mutex seen_mutex_;
  std::unordered_set<std::string> seen_;
  std::deque<std::string> seen_order_;

  storage::RedisClient* redis_ = nullptr;
  std::unique_ptr<storage::RedisSubscriber> subscriber_;

  std::mutex dispatch_mutex_;  // one dispatch round at a time per replica
  std::mutex wake_mutex_;
  std::condition_variable wake_cv_;
  bool woken_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace cw::events
