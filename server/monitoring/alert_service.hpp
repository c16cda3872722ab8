#pragma once
/// Alerting: rules, their evaluation (once per cluster per interval), alerts with their lifecycle
/// and history, acknowledgement, silences and inhibition. Transitions are published as
/// alert.pending / alert.fired / alert.resolved; the notifications catalog turns fired and
/// resolved alerts that are neither silenced nor inhibited into `alerts` notifications.
#include <nlohmann/json.hpp>

#include <regex>

#include "accounts/service.hpp"
#include "core/principal.hpp"
#include "monitoring/alert_repository.hpp"
#include "monitoring/metric_store.hpp"
#include "monitoring/resource_reader.hpp"

namespace cw::events {
class EventBus;
}

namespace cw::monitoring {

/// One subject a rule is evaluated on, with what it saw.
struct Evaluated {
  std::string subject;
  std::optional<WatchedResource> resource;
  std::optional<std::string> account_id;
  Observation observation;
};

class AlertService {
 public:
  static constexpr const char* kEvaluateTask = "monitoring.evaluate";

  AlertService(AlertRepository& repo, ResourceReader& resources, MetricStore& store, accounts::AccountService& accounts,
               events::EventBus& events, const Clock& clock)
      : repo_(repo), resources_(resources), store_(store), accounts_(accounts), events_(events), clock_(clock) {}

  nlohmann::json list_rules(const Principal& actor);
  nlohmann::json get_rule(const Principal& actor, const std::string& id);
  nlohmann::json create_rule(const Principal& actor, const nlohmann::json& body);
  nlohmann::json update_rule(const Principal& actor, const std::string& id, const nlohmann::json& body);
  void delete_rule(const Principal& actor, const std::string& id);
  /// POST /alert-rules/preview: how often the rule would have fired over the last 7 days.
  nlohmann::json preview(const Principal& actor, const nlohmann::json& body);

  nlohmann::json list_alerts(const Principal& actor, const AlertFilter& filter, nlohmann::json& meta);
  nlohmann::json acknowledge(const Principal& actor, const std::string& id, const nlohmann::json& body);
  nlohmann::json history(const Principal& actor, const std::string& id);
  nlohmann::json timeline(const Principal& actor, Millis from, Millis to, const std::optional<std::string>& rule_id,
                          const std::optional<std::string>& resource_id, int limit);

  nlohmann::json list_silences(const Principal& actor);
  nlohmann::json create_silence(const Principal& actor, const nlohmann::json& body);
  void expire_silence(const Principal& actor, const std::string& id);

  /// Evaluates every enabled rule of every organization once; returns how many transitions.
  int evaluate_all();
  int evaluate(const AlertRule& rule, Millis now);

 private:
  std::vector<Evaluated> observe(const AlertRule& rule, Millis from, Millis to);
  nlohmann::json alert_json(const Alert& a, const std::vector<Silence>& silences, const std::vector<Alert>& firing);
  nlohmann::json silence_json(const Silence& s, Millis now);

  AlertRepository& repo_;
  ResourceReader& resources_;
  MetricStore& store_;
  accounts::AccountService& accounts_;
  events::EventBus& events_;
  const Clock& clock_;
};

/// Whether the silence's matchers all hold for `labels`.
bool silence_matches(const Silence& silence, const nlohmann::json& labels);
/// "{{ .resourceName }} at {{ .value }}" with the alert's values.
std::string render_template(const std::string& text, const nlohmann::json& values);

}  // namespace cw::monitoring
