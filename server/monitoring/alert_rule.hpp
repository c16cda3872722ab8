#pragma once
/// An alert rule (alert_rules.definition) and the state machine of one alert — Prometheus'
/// inactive → pending → firing, with `for`, `keepFiringFor` and a NoData policy.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "monitoring/query.hpp"

namespace cw::monitoring {

enum class Operator { kGt, kGte, kLt, kLte };

struct AlertRule {
  std::string id, organization_id, name;
  std::string kind = "metric";  // metric | resource_state | sync_failure
  std::string metric = "cpu_utilization";
  Aggregation aggregation = Aggregation::kAvg;
  Millis window_ms = 300'000;
  Operator op = Operator::kGt;
  double threshold = 0;
  std::vector<std::string> states = {"stopped", "terminated"};  // resource_state
  Millis for_ms = 0, keep_firing_for_ms = 0;
  Selector scope;
  std::string severity = "warning";  // critical | warning | info
  std::string no_data = "ok";        // alerting | ok | keep
  /// When the data cannot be read (the account's collection is failing, or the store is
  /// unreachable): alerting | ok | keep.
  std::string on_error = "keep";
  nlohmann::json labels = nlohmann::json::object(), annotations = nlohmann::json::object();
  // Notification grouping (Alertmanager's group_by and timers): the rule's alerts form one group
  // per distinct value of these labels (none: one group for the rule).
  std::vector<std::string> group_by;
  Millis group_wait_ms = 30'000, group_interval_ms = 300'000, repeat_interval_ms = 4 * 3'600'000;
  bool enabled = true;
  std::string created_by;
  Millis created_at = 0, updated_at = 0;

  bool holds(double value) const;
  /// "avg(cpu_utilization) > 80 over 5m"
  std::string condition() const;
};

/// "90s" → 90000; nullopt unless digits followed by s, m, h or d.
std::optional<Millis> parse_duration(const std::string& text);
/// 300000 → "5m" (the largest unit that divides it).
std::string format_duration(Millis ms);

/// Reads a rule from a request body (every field checked, all errors at once); `base` gives the
/// fields a PATCH leaves out.
AlertRule rule_from_body(const nlohmann::json& body, const AlertRule& base);
nlohmann::json definition_json(const AlertRule& rule);  // what alert_rules.definition holds
void apply_definition(AlertRule& rule, const nlohmann::json& definition);
nlohmann::json to_json(const AlertRule& rule);

/// What one evaluation saw for one subject.
struct Observation {
  /// kError: no data because it could not be read (not because there is none).
  enum Kind { kTrue, kFalse, kNoData, kError } kind = kFalse;
  std::optional<double> value;
};

/// Whether the observation would open an alert where there is none (the cheap path of evaluation).
bool may_start(const AlertRule& rule, Observation::Kind kind);

/// The open alert of a (rule, subject), as the state machine needs it.
struct AlertState {
  std::string state = "inactive";  // inactive | pending | firing
  Millis active_at = 0;
  std::optional<Millis> started_at;
  std::optional<Millis> cleared_at;  // a firing alert's condition stopped holding (keepFiringFor)
};

struct Step {
  AlertState next;
  /// The transitions, in order (inactive→pending→firing in one step when `for` is 0).
  std::vector<std::pair<std::string, std::string>> transitions;
};

/// One evaluation of the state machine at `now`. Pending shorter than `for` never fires; a
/// firing alert whose condition stops holding keeps firing for `keepFiringFor` after it cleared
/// (flapping); NoData counts as the condition holding (alerting), not holding (ok) or changes
/// nothing (keep), and Error likewise by the rule's onError. The state changes only when something happens, so a steady
/// alert is not written again.
Step advance(const AlertRule& rule, const AlertState& current, const Observation& observation, Millis now);

}  // namespace cw::monitoring
