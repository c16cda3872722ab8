#include "notifications/repository.hpp"

#include "core/json_text.hpp"

namespace cw::notifications {

namespace {
using storage::params;

constexpr const char* kChannelColumns =
    "id, organization_id, name, type, config, secrets, enabled, kinds, created_at, updated_at";

Channel channel_from(storage::Row& row) {
  Channel ch;
  ch.id = row.text(0);
  ch.organization_id = row.text(1);
  ch.name = row.text(2);
  ch.type = row.text(3);
  ch.config = nlohmann::json::parse(row.take_text(4));
  ch.sealed_secrets = row.text(5);
  ch.enabled = row.boolean(6);
  ch.kinds = nlohmann::json::parse(row.take_text(7)).get<std::vector<std::string>>();
  ch.created_at = row.integer(8);
  ch.updated_at = row.integer(9);
  return ch;
}

constexpr const char* kNotificationColumns =
    "id, organization_id, user_id, event_id, kind, level, title, message, link, read_at, created_at";

Notification notification_from(const storage::Row& row) {
  Notification n;
  n.id = row.text(0);
  n.organization_id = row.text(1);
  n.user_id = row.text(2);
  n.event_id = row.text(3);
  n.content = {row.text(4), row.text(5), row.text(6), row.text(7), row.opt_text(8), row.integer(10)};
  n.read_at = row.opt_integer(9);
  return n;
}

constexpr const char* kDeliveryColumns =
    "d.id, d.organization_id, d.channel_id, d.event_id, d.content, d.status, d.attempts, d.last_error,"
    " d.created_at, d.updated_at, c.name";

Delivery delivery_from(storage::Row& row) {
  Delivery d;
  d.id = row.text(0);
  d.organization_id = row.text(1);
  d.channel_id = row.text(2);
  d.event_id = row.text(3);
  d.content = content_from_json(nlohmann::json::parse(row.take_text(4)));
  d.status = row.text(5);
  d.attempts = static_cast<int>(row.integer(6));
  d.last_error = row.opt_text(7);
  d.created_at = row.integer(8);
  d.updated_at = row.integer(9);
  d.channel_name = row.text(10);
  return d;
}

std::string delivery_where(const DeliveryFilter& f, storage::Params& values) {
  std::string where = " WHERE d.organization_id = ?";
  if (f.channel_id) {
    where += " AND d.channel_id = ?";
    values.emplace_back(*f.channel_id);
  }
  if (f.status) {
    where += " AND d.status = ?";
    values.emplace_back(*f.status);
  }
  return where;
}
}  // namespace

void NotificationRepository::insert_channel(const Channel& ch) {
  db_.execute(
      std::string("INSERT INTO notification_channels (") + kChannelColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      params(ch.id, ch.organization_id, ch.name, ch.type, dump_json(ch.config),
             ch.sealed_secrets.empty() ? std::nullopt : std::optional<std::string>(ch.sealed_secrets), ch.enabled,
             dump_json(ch.kinds), ch.created_at, ch.updated_at));
}

void NotificationRepository::update_channel(const Channel& ch) {
  db_.execute(
      "UPDATE notification_channels SET name = ?, config = ?, secrets = ?, enabled = ?, kinds = ?, updated_at = ?"
      " WHERE organization_id = ? AND id = ?",
      params(ch.name, dump_json(ch.config),
             ch.sealed_secrets.empty() ? std::nullopt : std::optional<std::string>(ch.sealed_secrets), ch.enabled,
             dump_json(ch.kinds), ch.updated_at, ch.organization_id, ch.id));
}

std::optional<Channel> NotificationRepository::find_channel(const std::string& organization_id, const std::string& id) {
  auto r = db_.execute(
      std::string("SELECT ") + kChannelColumns + " FROM notification_channels WHERE organization_id = ? AND id = ?",
      params(organization_id, id));
  if (r.empty()) return std::nullopt;
  return channel_from(r.rows.front());
}

std::optional<Channel> NotificationRepository::find_channel_any(const std::string& id) {
  auto r =
      db_.execute(std::string("SELECT ") + kChannelColumns + " FROM notification_channels WHERE id = ?", params(id));
  if (r.empty()) return std::nullopt;
  return channel_from(r.rows.front());
}

std::vector<Channel> NotificationRepository::channels(const std::string& organization_id) {
  auto r = db_.execute(std::string("SELECT ") + kChannelColumns +
                           " FROM notification_channels WHERE organization_id = ? ORDER BY created_at, id",
                       params(organization_id));
  std::vector<Channel> out;
  for (auto& row : r.rows) out.push_back(channel_from(row));
  return out;
}

std::vector<Channel> NotificationRepository::enabled_email_channels() {
  auto r = db_.execute(std::string("SELECT ") + kChannelColumns +
                       " FROM notification_channels WHERE type = 'email' AND enabled = 1"
                       " ORDER BY organization_id, created_at, id");
  std::vector<Channel> out;
  for (auto& row : r.rows) out.push_back(channel_from(row));
  return out;
}

bool NotificationRepository::delete_channel(const std::string& organization_id, const std::string& id) {
  bool removed = false;
  atomically([&] {
    removed = db_.execute("DELETE FROM notification_channels WHERE organization_id = ? AND id = ?",
                          params(organization_id, id))
                  .affected > 0;
    if (removed) db_.execute("DELETE FROM notification_deliveries WHERE channel_id = ?", params(id));
  });
  return removed;
}

bool NotificationRepository::insert_notification(const Notification& n) {
  return db_.execute(std::string("INSERT INTO notifications (") + kNotificationColumns +
                         ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id, user_id) DO NOTHING",
                     params(n.id, n.organization_id, n.user_id, n.event_id, n.content.kind, n.content.level,
                            n.content.title, n.content.message, n.content.link, n.read_at, n.content.created_at))
             .affected > 0;
}

std::vector<Notification> NotificationRepository::center(const std::string& user_id, bool unread_only,
                                                         const std::optional<std::string>& before_id, int limit) {
  std::string sql = std::string("SELECT ") + kNotificationColumns + " FROM notifications WHERE user_id = ?";
  storage::Params values{user_id};
  if (unread_only) sql += " AND read_at IS NULL";
  if (before_id) {
    sql += " AND id < ?";
    values.emplace_back(*before_id);
  }
  sql += " ORDER BY id DESC LIMIT ?";
  values.emplace_back(static_cast<std::int64_t>(limit));
  std::vector<Notification> out;
  for (const auto& row : db_.execute(sql, values).rows) out.push_back(notification_from(row));
  return out;
}

long long NotificationRepository::count(const std::string& user_id, bool unread_only) {
  return db_
      .execute(std::string("SELECT COUNT(*) FROM notifications WHERE user_id = ?") +
                   (unread_only ? " AND read_at IS NULL" : ""),
               params(user_id))
      .first()
      .integer(0);
}

std::optional<Notification> NotificationRepository::mark_read(const std::string& user_id, const std::string& id,
                                                              Millis now) {
  db_.execute("UPDATE notifications SET read_at = ? WHERE user_id = ? AND id = ? AND read_at IS NULL",
              params(now, user_id, id));
  auto r =
      db_.execute(std::string("SELECT ") + kNotificationColumns + " FROM notifications WHERE user_id = ? AND id = ?",
                  params(user_id, id));
  if (r.empty()) return std::nullopt;
  return notification_from(r.rows.front());
}

long long NotificationRepository::mark_all_read(const std::string& user_id, Millis now) {
  return db_.execute("UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL", params(now, user_id))
      .affected;
}

std::vector<Content> NotificationRepository::notified_since(const std::string& organization_id, Millis since,
                                                            int limit) {
  auto r = db_.execute(
      "SELECT kind, level, title, message, MAX(link), MIN(created_at) FROM notifications"
      " WHERE organization_id = ? AND created_at >= ? GROUP BY event_id, kind, level, title, message"
      " ORDER BY MIN(created_at) DESC LIMIT ?",
      params(organization_id, since, limit));
  std::vector<Content> out;
  for (auto& row : r.rows)
    out.push_back({row.text(0), row.text(1), row.text(2), row.text(3), row.opt_text(4), row.integer(5)});
  return out;
}

bool NotificationRepository::insert_delivery(const Delivery& d) {
  return db_.execute(
                "INSERT INTO notification_deliveries (id, organization_id, channel_id, event_id, content, status,"
                " attempts, last_error, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (event_id, channel_id) DO NOTHING",
                params(d.id, d.organization_id, d.channel_id, d.event_id, dump_json(to_json(d.content)), d.status,
                       d.attempts, d.last_error, d.created_at, d.updated_at))
             .affected > 0;
}

std::optional<Delivery> NotificationRepository::find_delivery(const std::string& id) {
  auto r = db_.execute(std::string("SELECT ") + kDeliveryColumns +
                           " FROM notification_deliveries d JOIN notification_channels c ON c.id = d.channel_id"
                           " WHERE d.id = ?",
                       params(id));
  if (r.empty()) return std::nullopt;
  return delivery_from(r.rows.front());
}

void NotificationRepository::record_attempt(const std::string& id, const std::string& status, int attempts,
                                            const std::optional<std::string>& error, Millis now) {
  db_.execute(
      "UPDATE notification_deliveries SET status = ?, attempts = ?, last_error = ?, updated_at = ? WHERE id = ?",
      params(status, attempts, error, now, id));
}

std::vector<Delivery> NotificationRepository::deliveries(const std::string& organization_id, const DeliveryFilter& f) {
  storage::Params values{organization_id};
  std::string sql = std::string("SELECT ") + kDeliveryColumns +
                    " FROM notification_deliveries d JOIN notification_channels c ON c.id = d.channel_id" +
                    delivery_where(f, values) + " ORDER BY d.updated_at DESC, d.id DESC LIMIT ? OFFSET ?";
  values.emplace_back(static_cast<std::int64_t>(f.limit));
  values.emplace_back(static_cast<std::int64_t>(f.offset));
  std::vector<Delivery> out;
  for (auto& row : db_.execute(sql, values).rows) out.push_back(delivery_from(row));
  return out;
}

long long NotificationRepository::count_deliveries(const std::string& organization_id, const DeliveryFilter& f) {
  storage::Params values{organization_id};
  std::string sql = "SELECT COUNT(*) FROM notification_deliveries d" + delivery_where(f, values);
  return db_.execute(sql, values).first().integer(0);
}

}  // namespace cw::notifications
