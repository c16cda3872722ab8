#pragma once
/// SQL of alerting: rules (alert_rules), alerts and their transitions, silences.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "monitoring/alert_rule.hpp"
#include "storage/database.hpp"

namespace cw::monitoring {

struct Alert {
  std::string id, organization_id, rule_id, rule_name, subject;
  std::optional<std::string> resource_id, resource_name, account_id;
  std::string fingerprint, state, severity;
  nlohmann::json labels = nlohmann::json::object(), annotations = nlohmann::json::object();
  std::optional<double> value;
  Millis active_at = 0;
  std::optional<Millis> started_at, ended_at, cleared_at;
  std::optional<std::string> ack_by, ack_by_name, ack_comment, notification_key;
  std::optional<Millis> ack_at;
  Millis updated_at = 0;
  // Read-time facts.
  std::string notification_status = "none";
  std::optional<std::string> notification_error;
};

struct Transition {
  std::string alert_id;
  Millis at = 0;
  std::string from, to;
  std::optional<double> value;
  std::optional<std::string> note;
  // For the timeline.
  std::string rule_id, rule_name, severity;
  std::optional<std::string> resource_id, resource_name;
};

struct Matcher {
  std::string name, value;
  bool is_regex = false;
};

struct Silence {
  std::string id, organization_id;
  std::vector<Matcher> matchers;
  Millis starts_at = 0, ends_at = 0;
  std::string comment, created_by, created_by_name;
  Millis created_at = 0;
};

/// A notification group's timers (alert_groups).
struct AlertGroup {
  std::string organization_id, group_key;
  Millis first_seen_at = 0;
  std::optional<Millis> last_sent_at;
  std::string last_digest;
  int sends = 0;
};

struct AlertFilter {
  std::optional<std::string> state, severity, rule_id, resource_id;
  int limit = 50;
  long long offset = 0;
};

class AlertRepository {
 public:
  explicit AlertRepository(storage::Database& db) : db_(db) {}
  storage::Database& db() { return db_; }

  void insert_rule(const AlertRule& rule);
  void update_rule(const AlertRule& rule);
  bool delete_rule(const std::string& organization_id, const std::string& id);
  std::optional<AlertRule> find_rule(const std::string& organization_id, const std::string& id);
  std::vector<AlertRule> rules(const std::string& organization_id);
  /// Every organization's enabled rules, in organization order.
  std::vector<AlertRule> enabled_rules();
  /// Open (pending, firing) alert counts per rule.
  std::unordered_map<std::string, std::pair<int, int>> open_counts(const std::string& organization_id);

  /// The organization's open alerts by rule, then subject — only what the state machine reads
  /// (id, subject, state, times, value); find_alert gives the rest.
  std::unordered_map<std::string, std::unordered_map<std::string, Alert>> open_alerts_of(
      const std::string& organization_id);
  void save_alert(const Alert& alert, bool is_new);
  /// A steady alert's latest value.
  void set_alert_value(const std::string& id, std::optional<double> value, Millis at);
  void add_transition(const std::string& organization_id, const Transition& t);
  std::vector<Alert> alerts(const std::string& organization_id, const AlertFilter& filter, long long& total);
  std::optional<Alert> find_alert(const std::string& organization_id, const std::string& id);
  std::vector<Transition> history(const std::string& alert_id);
  std::vector<Transition> timeline(const std::string& organization_id, Millis from, Millis to,
                                   const std::optional<std::string>& rule_id,
                                   const std::optional<std::string>& resource_id, int limit);

  /// The rule's alerts a notification speaks of: firing ones, and those resolved after `since`
  /// that had fired.
  std::vector<Alert> group_alerts(const std::string& rule_id, Millis since);
  bool has_firing(const std::string& rule_id);
  /// The organization's accounts whose metric collection last failed (monitoring_collection).
  std::unordered_set<std::string> failing_collections(const std::string& organization_id);
  /// Resources with a firing critical alert (inhibition).
  std::unordered_set<std::string> firing_critical_resources(const std::string& organization_id);
  std::optional<AlertGroup> find_group(const std::string& organization_id, const std::string& group_key);
  /// The groups whose key starts with `prefix` (a rule's groups when it groups by labels).
  std::vector<AlertGroup> groups_with_prefix(const std::string& organization_id, const std::string& prefix);
  void save_group(const AlertGroup& group);
  void delete_group(const std::string& organization_id, const std::string& group_key);
  void set_notification_key(const std::vector<std::string>& alert_ids, const std::string& key);

  void insert_silence(const Silence& s);
  std::vector<Silence> silences(const std::string& organization_id);
  std::optional<Silence> find_silence(const std::string& organization_id, const std::string& id);
  void end_silence(const std::string& id, Millis at);

 private:
  void attach_delivery(Alert& alert);
  storage::Database& db_;
};

}  // namespace cw::monitoring
