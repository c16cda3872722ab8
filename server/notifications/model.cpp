#include "notifications/model.hpp"

#include <algorithm>

#include "core/json_values.hpp"

namespace cw::notifications {

nlohmann::json to_json(const Content& c) {
  nlohmann::json j = {{"kind", c.kind},
                      {"level", c.level},
                      {"title", c.title},
                      {"message", c.message},
                      {"link", c.link ? nlohmann::json(*c.link) : nlohmann::json(nullptr)},
                      {"createdAt", c.created_at}};
  if (c.webhook_body) j["webhookBody"] = *c.webhook_body;
  return j;
}

Content content_from_json(const nlohmann::json& j) {
  Content c;
  c.kind = j.value("kind", "");
  c.level = j.value("level", "info");
  c.title = j.value("title", "");
  c.message = j.value("message", "");
  if (j.contains("link") && j["link"].is_string()) c.link = j["link"].get<std::string>();
  c.created_at = j.value("createdAt", Millis{0});
  if (j.contains("webhookBody") && j["webhookBody"].is_object()) c.webhook_body = j["webhookBody"];
  return c;
}

bool Channel::receives(const std::string& kind) const {
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

namespace {
// Scheme and host of a URL, never its path or query (where webhook tokens live).
std::string origin_of(const std::string& url) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return "";
  auto host_end = url.find_first_of("/?#", scheme_end + 3);
  std::string origin = url.substr(0, host_end);
  auto at = origin.find('@', scheme_end + 3);  // user:password@ is a secret too
  if (at != std::string::npos) origin = origin.substr(0, scheme_end + 3) + origin.substr(at + 1);
  return origin;
}
}  // namespace

nlohmann::json to_json(const Channel& ch) {
  nlohmann::json secrets_set = nlohmann::json::array();
  for (const char* name : {"password", "url", "secret"})
    if (ch.secrets.contains(name)) secrets_set.push_back(name);
  std::string target = "in-app";
  if (ch.type == "email") target = ch.config.value("host", "") + ":" + std::to_string(ch.config.value("port", 0));
  if (ch.type == "webhook" || ch.type == "slack") target = origin_of(ch.secrets.value("url", ""));
  return {{"id", ch.id},
          {"name", ch.name},
          {"type", ch.type},
          {"config", ch.config},
          {"enabled", ch.enabled},
          {"events", ch.kinds},
          {"secretsSet", secrets_set},
          {"target", target},
          {"createdAt", format_rfc3339(ch.created_at)},
          {"updatedAt", format_rfc3339(ch.updated_at)}};
}

nlohmann::json to_json(const Notification& n) {
  return {{"id", n.id},
          {"kind", n.content.kind},
          {"level", n.content.level},
          {"title", n.content.title},
          {"message", n.content.message},
          {"link", n.content.link ? nlohmann::json(*n.content.link) : nlohmann::json(nullptr)},
          {"read", n.read_at.has_value()},
          {"createdAt", format_rfc3339(n.content.created_at)}};
}

nlohmann::json to_json(const Delivery& d) {
  return {{"id", d.id},
          {"channelId", d.channel_id},
          {"channelName", d.channel_name},
          {"notificationId", d.event_id},
          {"title", d.content.title},
          {"status", d.status},
          {"attempts", d.attempts},
          {"lastError", d.last_error ? nlohmann::json(*d.last_error) : nlohmann::json(nullptr)},
          {"createdAt", format_rfc3339(d.created_at)},
          {"updatedAt", format_rfc3339(d.updated_at)}};
}

}  // namespace cw::notifications
