#pragma once
/// The notifications domain's records: channels, in-app notifications, deliveries, and the
/// content a domain event becomes.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace cw::notifications {

/// What a notification is about; channels and personal preferences pick kinds.
inline const std::vector<std::string>& all_kinds() {
  static const std::vector<std::string> kinds{"alerts", "costAlerts", "security", "deployments", "sync", "vault"};
  return kinds;
}

/// What one event says, whoever receives it.
struct Content {
  std::string kind, level, title, message;
  std::optional<std::string> link;
  Millis created_at = 0;
  /// The body webhooks get instead of CloudWeave's own, when a domain speaks a format receivers
  /// already understand (alerts: Alertmanager's webhook format, version 4). Its "receiver" is
  /// filled with the channel's name.
  std::optional<nlohmann::json> webhook_body;
};
nlohmann::json to_json(const Content& content);
Content content_from_json(const nlohmann::json& j);

struct Channel {
  std::string id, organization_id, name, type;        // type: email | slack | webhook | in_app
  nlohmann::json config = nlohmann::json::object();   // without secrets
  nlohmann::json secrets = nlohmann::json::object();  // open (unsealed) only inside the service
  std::string sealed_secrets;                         // as stored (keyring-sealed JSON)
  bool enabled = true;
  std::vector<std::string> kinds;
  Millis created_at = 0, updated_at = 0;
  bool receives(const std::string& kind) const;
};
/// The API form: secrets left out, `secretsSet` names the stored ones, `target` says where.
nlohmann::json to_json(const Channel& channel);

struct Notification {
  std::string id, organization_id, user_id, event_id;
  Content content;
  std::optional<Millis> read_at;
};
nlohmann::json to_json(const Notification& notification);

struct Delivery {
  std::string id, organization_id, channel_id, event_id, status;
  Content content;
  int attempts = 0;
  std::optional<std::string> last_error;
  Millis created_at = 0, updated_at = 0;
  std::string channel_name;  // joined for the log
};
nlohmann::json to_json(const Delivery& delivery);

}  // namespace cw::notifications
