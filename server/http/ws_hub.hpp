#pragma once
/// Real-time fan-out: the live WebSocket sessions by organization. The event bus
/// (events/event_bus.hpp) hands it every event; it delivers each to the sessions of the event's
/// organization only (or of one user of it).
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

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
  /// To every session of the organization, or only to `user_id`'s sessions when it is not empty.
  void deliver(const std::string& organization_id, const std::shared_ptr<const std::string>& message,
               const std::string& user_id = {});
  void close_all(unsigned short code);
  /// Closes the sessions of one user (removed from the organization, signed out everywhere).
  void close_user(const std::string& organization_id, const std::string& user_id, unsigned short code);
  size_t session_count() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::vector<std::weak_ptr<WsClient>>> by_org_;
};

}  // namespace cw::http
