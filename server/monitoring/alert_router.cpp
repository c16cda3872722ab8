#include "monitoring/alert_router.hpp"

#include <algorithm>
#include <map>
#include <regex>

#include "core/crypto.hpp"
#include "events/event_bus.hpp"

namespace cw::monitoring {

namespace {
constexpr const char* kZeroTime = "0001-01-01T00:00:00Z";  // Alertmanager's endsAt of a firing alert

/// The pairs every object in `objects` shares.
nlohmann::json common(const std::vector<const nlohmann::json*>& objects) {
  nlohmann::json out = nlohmann::json::object();
  if (objects.empty()) return out;
  for (const auto& [k, v] : objects.front()->items()) {
    bool shared = true;
    for (const auto* o : objects) shared = shared && o->contains(k) && (*o)[k] == v;
    if (shared) out[k] = v;
  }
  return out;
}
}  // namespace

bool silence_matches(const Silence& s, const nlohmann::json& labels) {
  for (const auto& m : s.matchers) {
    auto it = labels.find(m.name);
    const std::string value = it != labels.end() && it->is_string() ? it->get<std::string>() : std::string();
    if (m.is_regex) {
      try {
        if (!std::regex_match(value, std::regex(m.value))) return false;
      } catch (const std::regex_error&) { return false; }
    } else if (value != m.value) {
      return false;
    }
  }
  return !s.matchers.empty();
}

bool is_silenced(const Alert& a, const std::vector<Silence>& silences, Millis now) {
  return std::any_of(silences.begin(), silences.end(), [&](const Silence& s) {
    return s.starts_at <= now && now < s.ends_at && silence_matches(s, a.labels);
  });
}

bool is_inhibited(const Alert& a, const std::unordered_set<std::string>& critical_resources) {
  if (a.severity == "critical" || !a.resource_id || a.state == "resolved") return false;
  return critical_resources.count(*a.resource_id) > 0;
}

nlohmann::json alertmanager_payload(const AlertRule& rule, const std::vector<Alert>& alerts,
                                    const std::string& external_url, const nlohmann::json& group_labels) {
  nlohmann::json list = nlohmann::json::array();
  std::vector<const nlohmann::json*> labels, annotations;
  bool any_firing = false;
  for (const Alert& a : alerts) {
    const bool firing = a.state == "firing";
    any_firing = any_firing || firing;
    list.push_back({{"status", firing ? "firing" : "resolved"},
                    {"labels", a.labels},
                    {"annotations", a.annotations},
                    {"startsAt", format_rfc3339(a.started_at.value_or(a.active_at))},
                    {"endsAt", firing || !a.ended_at ? std::string(kZeroTime) : format_rfc3339(*a.ended_at)},
                    {"generatorURL", external_url + "/monitoring/rules?rule=" + rule.id},
                    {"fingerprint", a.fingerprint}});
    labels.push_back(&a.labels);
    annotations.push_back(&a.annotations);
  }
  nlohmann::json group = {{"alertname", rule.name}};
  std::string group_key = "{}:{alertname=\"" + rule.name + "\"";
  for (const auto& [name, value] : group_labels.items()) {
    group[name] = value;
    group_key += "," + name + "=" + value.dump();
  }
  group_key += "}";
  return {{"version", "4"},
          {"groupKey", group_key},
          {"truncatedAlerts", 0},
          {"status", any_firing ? "firing" : "resolved"},
          {"receiver", ""},
          {"groupLabels", group},
          {"commonLabels", common(labels)},
          {"commonAnnotations", common(annotations)},
          {"externalURL", external_url},
          {"alerts", list}};
}

bool AlertRouter::route(const AlertRule& rule, Millis now) {
  if (!rule.group_by.empty()) return route_by_labels(rule, now);
  const std::string key = rule.id;
  auto group = repo_.find_group(rule.organization_id, key);
  // Nothing can be due before the group's next timer: no need to read its alerts.
  if (group && group->last_sent_at &&
      now - *group->last_sent_at < std::min(rule.group_interval_ms, rule.repeat_interval_ms))
    return false;
  if (group && !group->last_sent_at && now - group->first_seen_at < rule.group_wait_ms) return false;
  const Millis since = group && group->last_sent_at ? *group->last_sent_at : 0;
  if (!group && !repo_.has_firing(rule.id)) return false;
  auto candidates = repo_.group_alerts(rule.id, since);
  if (candidates.empty() && !group) return false;
  return send_if_due(rule, key, nlohmann::json::object(), group, std::move(candidates), now,
                     repo_.silences(rule.organization_id), repo_.firing_critical_resources(rule.organization_id));
}

bool AlertRouter::route_by_labels(const AlertRule& rule, Millis now) {
  std::map<std::string, AlertGroup> groups;
  for (auto& g : repo_.groups_with_prefix(rule.organization_id, rule.id + "|")) groups[g.group_key] = g;
  if (groups.empty() && !repo_.has_firing(rule.id)) return false;
  Millis since = now;
  for (const auto& [_, g] : groups) since = std::min(since, g.last_sent_at.value_or(g.first_seen_at));
  // Each alert to its group: the values of the rule's groupBy labels ("" when it has none).
  struct Part {
    nlohmann::json labels;
    std::vector<Alert> alerts;
  };
  std::map<std::string, Part> parts;
  for (auto& a : repo_.group_alerts(rule.id, since)) {
    nlohmann::json labels = nlohmann::json::object();
    for (const auto& name : rule.group_by) {
      auto it = a.labels.find(name);
      labels[name] = it != a.labels.end() && it->is_string() ? it->get<std::string>() : std::string();
    }
    const std::string key = rule.id + "|" + crypto::to_hex(crypto::sha256(labels.dump())).substr(0, 16);
    auto g = groups.find(key);
    // A resolved alert matters to a group that spoke of it: resolved after the group last spoke.
    if (a.state == "resolved" &&
        (g == groups.end() || a.ended_at.value_or(0) <= g->second.last_sent_at.value_or(g->second.first_seen_at)))
      continue;
    Part& part = parts[key];
    part.labels = labels;
    part.alerts.push_back(std::move(a));
  }
  const auto silences = repo_.silences(rule.organization_id);
  const auto firing_critical = repo_.firing_critical_resources(rule.organization_id);
  bool sent = false;
  for (auto& [key, part] : parts) {
    auto g = groups.find(key);
    sent |= send_if_due(rule, key, part.labels, g == groups.end() ? std::nullopt : std::optional<AlertGroup>(g->second),
                        std::move(part.alerts), now, silences, firing_critical);
  }
  // Groups with nothing left to say: ended once what they said is done.
  for (auto& [key, g] : groups)
    if (!parts.count(key))
      sent |= send_if_due(rule, key, nlohmann::json::object(), g, {}, now, silences, firing_critical);
  return sent;
}

bool AlertRouter::send_if_due(const AlertRule& rule, const std::string& key, const nlohmann::json& group_labels,
                              std::optional<AlertGroup> group, std::vector<Alert> candidates, Millis now,
                              const std::vector<Silence>& silences,
                              const std::unordered_set<std::string>& firing_critical) {
  std::vector<Alert> alerts;
  std::vector<std::string> digest;
  bool resolved = false;
  for (auto& a : candidates) {
    if (is_silenced(a, silences, now) || is_inhibited(a, firing_critical)) continue;
    if (a.state == "firing")
      digest.push_back(a.fingerprint);
    else
      resolved = true;
    alerts.push_back(std::move(a));
  }
  std::sort(digest.begin(), digest.end());
  std::string digest_text;
  for (const auto& d : digest) digest_text += d + ",";
  if (!group) {
    if (digest.empty()) return false;  // only resolved (or quiet) alerts: nothing began
    group = AlertGroup{rule.organization_id, key, now, std::nullopt, "", 0};
    repo_.save_group(*group);
  }
  bool send = false;
  if (!group->last_sent_at)
    send = !digest.empty() && now - group->first_seen_at >= rule.group_wait_ms;
  else if (digest_text != group->last_digest || resolved)
    send = now - *group->last_sent_at >= rule.group_interval_ms;
  else if (!digest.empty())
    send = now - *group->last_sent_at >= rule.repeat_interval_ms;
  if (!send) {
    if (digest.empty() && !resolved && group->last_sent_at) repo_.delete_group(rule.organization_id, key);
    return false;
  }
  const int sends = group->sends + 1;
  const std::string notification_key = "alert-group:" + key + ":" + std::to_string(sends);
  nlohmann::json payload = alertmanager_payload(rule, alerts, external_url_, group_labels);
  std::vector<std::string> ids;
  for (const auto& a : alerts) ids.push_back(a.id);
  repo_.db().transaction([&](storage::Connection&) {
    repo_.set_notification_key(ids, notification_key);
    if (digest.empty())
      repo_.delete_group(rule.organization_id, key);  // everything resolved and said so: the group ends
    else
      repo_.save_group({rule.organization_id, key, group->first_seen_at, now, digest_text, sends});
    std::string summary;
    for (const auto& a : alerts) {
      if (summary.size() > 400) break;
      summary += (summary.empty() ? "" : "; ") + a.annotations.value("summary", a.rule_name) +
                 (a.state == "resolved" ? " (resolved)" : "");
    }
    events_.publish(rule.organization_id, "alert.notification",
                    {{"notificationKey", notification_key},
                     {"ruleId", rule.id},
                     {"ruleName", rule.name},
                     {"severity", rule.severity},
                     {"groupLabels", payload["groupLabels"]},
                     {"status", payload["status"]},
                     {"firing", digest.size()},
                     {"resolved", alerts.size() - digest.size()},
                     {"summary", summary},
                     {"webhookBody", payload}});
  });
  return true;
}

}  // namespace cw::monitoring
