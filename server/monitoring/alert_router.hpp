#pragma once
/// Routing alerts to the notifications module as Alertmanager does: a rule's alerts form one
/// group, or one per distinct value of the rule's `groupBy` labels; a group is notified group_wait after its first
/// alert fires, then at most every group_interval when what fires changes (or something resolves), and every
/// repeat_interval while it keeps firing. Silenced and inhibited alerts are left out. A notification is the
/// `alert.notification` event, whose webhook body is Alertmanager's (version 4), so receivers
/// written for Alertmanager work unchanged; each alert remembers the notification that spoke of
/// it, and shows whether it was delivered.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "monitoring/alert_repository.hpp"

namespace cw::events {
class EventBus;
}

namespace cw::monitoring {

/// Alertmanager's webhook body (version 4) for a group's alerts.
/// `group_labels`: the values of the rule's groupBy labels the group stands for.
nlohmann::json alertmanager_payload(const AlertRule& rule, const std::vector<Alert>& alerts,
                                    const std::string& external_url,
                                    const nlohmann::json& group_labels = nlohmann::json::object());

/// Whether the silence's matchers all hold for `labels`.
bool silence_matches(const Silence& silence, const nlohmann::json& labels);
/// Whether a silence covers the alert now, or a firing critical alert on its resource inhibits it.
bool is_silenced(const Alert& alert, const std::vector<Silence>& silences, Millis now);
/// `critical_resources`: the resources with a firing critical alert (AlertRepository).
bool is_inhibited(const Alert& alert, const std::unordered_set<std::string>& critical_resources);

class AlertRouter {
 public:
  AlertRouter(AlertRepository& repo, events::EventBus& events, std::string external_url)
      : repo_(repo), events_(events), external_url_(std::move(external_url)) {}
  /// After the rule's evaluation at `now`: notifies its group when the timers say so.
  bool route(const AlertRule& rule, Millis now);

 private:
  /// One group: its timers decide whether `candidates` (its firing alerts and those resolved
  /// since it last spoke) are sent now.
  /// `silences` and `firing_critical` are read once per rule, not per group.
  bool send_if_due(const AlertRule& rule, const std::string& key, const nlohmann::json& group_labels,
                   std::optional<AlertGroup> group, std::vector<Alert> candidates, Millis now,
                   const std::vector<Silence>& silences, const std::unordered_set<std::string>& firing_critical);
  bool route_by_labels(const AlertRule& rule, Millis now);

  AlertRepository& repo_;
  events::EventBus& events_;
  std::string external_url_;
};

}  // namespace cw::monitoring
