#pragma once
/// Real-time fan-out. Domain services publish events on the EventBus; the hub delivers each one to
/// the WebSocket sessions of the event's organization only. With Redis configured the bus also
/// publishes every event on a channel and delivers events published by other replicas.
#include <nlohmann/json_fwd.hpp>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace cw::storage {
class RedisClient;
class RedisSubscriber;
}  // namespace cw::storage

namespace cw::http {

/// One connected, authenticated WebSocket session (implemented in http/server.cpp).
class WsClient {
 public:
  virtual ~WsClient() = default;
  /// Queues a text frame; a client whose queue is full is disconnected (slow consumer).
  virtual void send(std::shared_ptr<const std::string> message) = 0;
  /// Sends a close frame with `code` (1001 going away on shutdown).
  virtual void close(unsigned short code) = 0;
  /// The authenticated user; empty for an API key or before authentication.
  virtual const std::string& user_id() const = 0;
};

class WsHub {
 public:
  void add(const std::string& organization_id, const std::shared_ptr<WsClient>& client);
  void remove(const std::string& organization_id, const WsClient* client);
  void deliver(const std::string& organization_id, const std::shared_ptr<const std::string>& message);
  void close_all(unsigned short code);
  /// Closes the sessions of one user (removed from the organization, signed out everywhere).
  void close_user(const std::string& organization_id, const std::string& user_id, unsigned short code);
  size_t session_count() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::vector<std::weak_ptr<WsClient>>> by_org_;
};

class EventBus {
 public:
  EventBus(WsHub& hub, const Clock& clock);
  ~EventBus();
  /// Mirrors events over Redis pub/sub (channel "cloudweave:events").
  void enable_redis(storage::RedisClient& client, const std::string& url);

  /// {"type": type, "data": data, "timestamp": now} to every session of the organization.
  void publish(const std::string& organization_id, const std::string& type,
               const nlohmann::json& data);
  /// Ends a user's live sessions on every replica (policy-violation close, 1008).
  void disconnect_user(const std::string& organization_id, const std::string& user_id);
  /// A user (or, with an empty `user_id`, every user of the organization) changed: role,
  /// membership, profile or organization. Every replica's listeners (the user cache) hear it.
  void users_changed(const std::string& organization_id, const std::string& user_id);
  /// Registers a listener of users_changed (called here and for other replicas' notices).
  void on_users_changed(std::function<void(const std::string& organization_id, const std::string& user_id)> listener);

 private:
  void on_remote(const std::string& payload);
  void notify_user_listeners(const std::string& organization_id, const std::string& user_id);
  WsHub& hub_;
  const Clock& clock_;
  storage::RedisClient* redis_ = nullptr;
  std::unique_ptr<storage::RedisSubscriber> subscriber_;
  std::string instance_id_;
  std::mutex listeners_mutex_;
  std::vector<std::function<void(const std::string&, const std::string&)>> user_listeners_;
};

}  // namespace cw::http
