#pragma once
/// Alerting: rules, their evaluation (once per cluster per interval), alerts with their lifecycle
/// and history, acknowledgement, silences and inhibition. Transitions are published as
/// alert.pending / alert.fired / alert.resolved (live updates); notifications go through the
/// router (alert_router.hpp), grouped per rule.
#include <nlohmann/json.hpp>

#include <map>
#include <regex>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "accounts/service.hpp"
#include "core/principal.hpp"
#include "monitoring/alert_repository.hpp"
#include "monitoring/alert_router.hpp"
#include "monitoring/sample_store.hpp"
#include "monitoring/resource_reader.hpp"

namespace cw::events {
class EventBus;
}

namespace cw::monitoring {

/// One subject a rule is evaluated on, with what it saw.
/// Views into the snapshot, which outlives them.
struct Evaluated {
  std::string_view subject;
  const WatchedResource* resource = nullptr;
  std::string_view account_id;
  Observation observation;
};

/// What one evaluation cycle reads once per organization and shares between its rules: the
/// resources (by id and type), the accounts' states, and each (metric, window, aggregation)'s
/// value per resource.
struct EvaluationSnapshot {
  std::string organization_id;
  Millis now = 0;
  std::vector<WatchedResource> resources;  // terminated ones included (resource-state rules)
  std::unordered_map<std::string, const WatchedResource*> by_id;
  std::unordered_map<std::string, std::vector<const WatchedResource*>> by_type;
  std::vector<std::pair<std::string, bool>> accounts;  // id, sync failing
  std::unordered_set<std::string> collection_failing;  // accounts whose metric collection fails
  bool store_failed = false;                           // the store could not be read this cycle
  /// Per (metric, window, aggregation): each resource's value, by its position in `resources`
  /// (NaN: no data).
  std::map<std::string, std::vector<double>> values;
};

class AlertService {
 public:
  static constexpr const char* kEvaluateTask = "monitoring.evaluate";

  AlertService(AlertRepository& repo, ResourceReader& resources, SampleStore& store, accounts::AccountService& accounts,
               events::EventBus& events, const Clock& clock, std::string external_url = {})
      : repo_(repo),
        resources_(resources),
        store_(store),
        accounts_(accounts),
        events_(events),
        clock_(clock),
        router_(repo, events, std::move(external_url)) {}

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

  /// The rules a demo organization starts with (when it has none): CPU on servers and databases,
  /// load balancer errors, stopped servers and failing syncs — the simulated incidents fire them.
  void seed_demo_rules(const std::string& organization_id, const std::string& created_by);
  /// Evaluates every enabled rule of every organization once; returns how many transitions.
  int evaluate_all();

 private:
  EvaluationSnapshot snapshot(const std::string& organization_id, Millis now);
  /// The rule's subjects with what each saw; fills the snapshot's values on first use.
  std::vector<Evaluated> observe(const AlertRule& rule, EvaluationSnapshot& snapshot);
  int evaluate(const AlertRule& rule, EvaluationSnapshot& snapshot, std::unordered_map<std::string, Alert> open);
  nlohmann::json alert_json(const Alert& a, const std::vector<Silence>& silences,
                            const std::unordered_set<std::string>& critical_resources);
  nlohmann::json silence_json(const Silence& s, Millis now);

  AlertRepository& repo_;
  ResourceReader& resources_;
  SampleStore& store_;
  accounts::AccountService& accounts_;
  events::EventBus& events_;
  const Clock& clock_;
  AlertRouter router_;
};

/// "{{ .resourceName }} at {{ .value }}" with the alert's values.
std::string render_template(const std::string& text, const nlohmann::json& values);

}  // namespace cw::monitoring
