#pragma once
/// SQL of the notifications domain: channels, the in-app center and the delivery log.
#include <optional>
#include <string>
#include <vector>

#include "notifications/model.hpp"
#include "storage/database.hpp"

namespace cw::notifications {

struct DeliveryFilter {
  std::optional<std::string> channel_id, status;
  int limit = 50;
  long long offset = 0;
};

class NotificationRepository {
 public:
  explicit NotificationRepository(storage::Database& db) : db_(db) {}

  /// Runs `work` in one transaction (with the events it publishes and jobs it enqueues).
  void atomically(const std::function<void()>& work) {
    db_.transaction([&](storage::Connection&) { work(); });
  }

  void insert_channel(const Channel& channel);
  void update_channel(const Channel& channel);
  std::optional<Channel> find_channel(const std::string& organization_id, const std::string& id);
  std::optional<Channel> find_channel_any(const std::string& id);
  std::vector<Channel> channels(const std::string& organization_id);
  /// The enabled email channels of every organization, each organization's oldest first.
  std::vector<Channel> enabled_email_channels();
  /// Removes the channel and its delivery log; false when it does not exist.
  bool delete_channel(const std::string& organization_id, const std::string& id);

  /// False when the user already has this event's notification (a repeated delivery).
  bool insert_notification(const Notification& notification);
  /// Newest first; `before_id` continues a page (ids are time-ordered).
  std::vector<Notification> center(const std::string& user_id, bool unread_only,
                                   const std::optional<std::string>& before_id, int limit);
  long long count(const std::string& user_id, bool unread_only);
  std::optional<Notification> mark_read(const std::string& user_id, const std::string& id, Millis now);
  long long mark_all_read(const std::string& user_id, Millis now);
  /// What the organization's members were notified of since `since`, one entry per event (its
  /// members' rows folded), newest first, at most `limit`.
  std::vector<Content> notified_since(const std::string& organization_id, Millis since, int limit);

  /// False when this event already has a delivery on this channel.
  bool insert_delivery(const Delivery& delivery);
  std::optional<Delivery> find_delivery(const std::string& id);
  void record_attempt(const std::string& id, const std::string& status, int attempts,
                      const std::optional<std::string>& error, Millis now);
  std::vector<Delivery> deliveries(const std::string& organization_id, const DeliveryFilter& filter);
  long long count_deliveries(const std::string& organization_id, const DeliveryFilter& filter);

 private:
  storage::Database& db_;
};

}  // namespace cw::notifications
