#include "monitoring/alert_repository.hpp"

#include "core/ids.hpp"

namespace cw::monitoring {

using storage::params;

namespace {

AlertRule rule_from(const storage::Row& r) {
  AlertRule rule;
  rule.id = r.text(0);
  rule.organization_id = r.text(1);
  rule.name = r.text(2);
  apply_definition(rule, nlohmann::json::parse(r.text(3)));
  rule.enabled = r.boolean(4);
  rule.created_by = r.text(5);
  rule.created_at = r.integer(6);
  rule.updated_at = r.integer(7);
  return rule;
}
constexpr const char* kRuleColumns =
    "id, organization_id, name, definition, enabled, created_by, created_at, updated_at";

constexpr const char* kAlertColumns =
    "a.id, a.organization_id, a.rule_id, r.name, a.subject, a.resource_id, a.resource_name, a.account_id, "
    "a.fingerprint, a.state, a.severity, a.labels, a.annotations, a.value, a.active_at, a.started_at, a.ended_at, "
    "a.cleared_at, a.ack_by, a.ack_by_name, a.ack_at, a.ack_comment, a.notification_key, a.updated_at";

Alert alert_from(const storage::Row& r) {
  Alert a;
  a.id = r.text(0);
  a.organization_id = r.text(1);
  a.rule_id = r.text(2);
  a.rule_name = r.text(3);
  a.subject = r.text(4);
  a.resource_id = r.opt_text(5);
  a.resource_name = r.opt_text(6);
  a.account_id = r.opt_text(7);
  a.fingerprint = r.text(8);
  a.state = r.text(9);
  a.severity = r.text(10);
  a.labels = nlohmann::json::parse(r.text(11));
  a.annotations = nlohmann::json::parse(r.text(12));
  if (!r.is_null(13)) a.value = r.real(13);
  a.active_at = r.integer(14);
  a.started_at = r.opt_integer(15);
  a.ended_at = r.opt_integer(16);
  a.cleared_at = r.opt_integer(17);
  a.ack_by = r.opt_text(18);
  a.ack_by_name = r.opt_text(19);
  a.ack_at = r.opt_integer(20);
  a.ack_comment = r.opt_text(21);
  a.notification_key = r.opt_text(22);
  a.updated_at = r.integer(23);
  return a;
}

Silence silence_from(const storage::Row& r) {
  Silence s;
  s.id = r.text(0);
  s.organization_id = r.text(1);
  for (const auto& m : nlohmann::json::parse(r.text(2)))
    s.matchers.push_back({m.value("name", ""), m.value("value", ""), m.value("isRegex", false)});
  s.starts_at = r.integer(3);
  s.ends_at = r.integer(4);
  s.comment = r.text(5);
  s.created_by = r.text(6);
  s.created_by_name = r.text(7);
  s.created_at = r.integer(8);
  return s;
}
// Transitions of one evaluation share its time: inactive→pending comes before pending→firing.
constexpr const char* kTransitionOrder = "CASE from_state WHEN 'inactive' THEN 0 WHEN 'pending' THEN 1 ELSE 2 END";

constexpr const char* kSilenceColumns =
    "id, organization_id, matchers, starts_at, ends_at, comment, created_by, created_by_name, created_at";

}  // namespace

void AlertRepository::insert_rule(const AlertRule& r) {
  db_.execute("INSERT INTO alert_rules (" + std::string(kRuleColumns) + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
              params(r.id, r.organization_id, r.name, definition_json(r).dump(), r.enabled, r.created_by, r.created_at,
                     r.updated_at));
}

void AlertRepository::update_rule(const AlertRule& r) {
  db_.execute("UPDATE alert_rules SET name = ?, definition = ?, enabled = ?, updated_at = ? WHERE id = ?",
              params(r.name, definition_json(r).dump(), r.enabled, r.updated_at, r.id));
}

bool AlertRepository::delete_rule(const std::string& organization_id, const std::string& id) {
  return db_.execute("DELETE FROM alert_rules WHERE organization_id = ? AND id = ?", params(organization_id, id))
             .affected > 0;
}

std::optional<AlertRule> AlertRepository::find_rule(const std::string& organization_id, const std::string& id) {
  auto rows =
      db_.execute(std::string("SELECT ") + kRuleColumns + " FROM alert_rules WHERE organization_id = ? AND id = ?",
                  params(organization_id, id));
  if (rows.empty()) return std::nullopt;
  return rule_from(rows.first());
}

std::vector<AlertRule> AlertRepository::rules(const std::string& organization_id) {
  std::vector<AlertRule> out;
  for (const auto& r : db_.execute(std::string("SELECT ") + kRuleColumns +
                                       " FROM alert_rules WHERE organization_id = ? ORDER BY name, id",
                                   params(organization_id))
                           .rows)
    out.push_back(rule_from(r));
  return out;
}

std::vector<AlertRule> AlertRepository::enabled_rules() {
  std::vector<AlertRule> out;
  for (const auto& r : db_.execute(std::string("SELECT ") + kRuleColumns +
                                   " FROM alert_rules WHERE enabled = 1 ORDER BY organization_id, id")
                           .rows)
    out.push_back(rule_from(r));
  return out;
}

std::unordered_map<std::string, std::pair<int, int>> AlertRepository::open_counts(const std::string& organization_id) {
  std::unordered_map<std::string, std::pair<int, int>> out;
  for (const auto& r : db_.execute("SELECT rule_id, state, COUNT(*) FROM alerts WHERE organization_id = ? AND state "
                                   "<> 'resolved' GROUP BY rule_id, state",
                                   params(organization_id))
                           .rows) {
    auto& c = out[r.text(0)];
    (r.text(1) == "pending" ? c.first : c.second) = static_cast<int>(r.integer(2));
  }
  return out;
}

std::unordered_map<std::string, std::unordered_map<std::string, Alert>> AlertRepository::open_alerts_of(
    const std::string& organization_id) {
  std::unordered_map<std::string, std::unordered_map<std::string, Alert>> out;
  for (const auto& r : db_.execute("SELECT id, rule_id, subject, state, active_at, started_at, cleared_at, value FROM "
                                   "alerts WHERE organization_id = ? AND state <> 'resolved'",
                                   params(organization_id))
                           .rows) {
    Alert a;
    a.id = r.text(0);
    a.rule_id = r.text(1);
    a.subject = r.text(2);
    a.state = r.text(3);
    a.active_at = r.integer(4);
    a.started_at = r.opt_integer(5);
    a.cleared_at = r.opt_integer(6);
    if (!r.is_null(7)) a.value = r.real(7);
    const std::string rule_id = a.rule_id, subject = a.subject;
    out[rule_id].emplace(subject, std::move(a));
  }
  return out;
}

void AlertRepository::save_alert(const Alert& a, bool is_new) {
  auto p = params(a.resource_id, a.resource_name, a.account_id, a.fingerprint, a.state, a.severity, a.labels.dump(),
                  a.annotations.dump(), a.value, a.active_at, a.started_at, a.ended_at, a.cleared_at, a.ack_by,
                  a.ack_by_name, a.ack_at, a.ack_comment, a.notification_key, a.updated_at);
  if (is_new) {
    p.insert(p.begin(), {a.id, a.organization_id, a.rule_id, a.subject});
    db_.execute(
        "INSERT INTO alerts (id, organization_id, rule_id, subject, resource_id, resource_name, account_id, "
        "fingerprint, state, severity, labels, annotations, value, active_at, started_at, ended_at, cleared_at, "
        "ack_by, ack_by_name, ack_at, ack_comment, notification_key, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        p);
    return;
  }
  p.push_back(a.id);
  db_.execute(
      "UPDATE alerts SET resource_id = ?, resource_name = ?, account_id = ?, fingerprint = ?, state = ?, severity = ?, "
      "labels = ?, annotations = ?, value = ?, active_at = ?, started_at = ?, ended_at = ?, cleared_at = ?, "
      "ack_by = ?, ack_by_name = ?, ack_at = ?, ack_comment = ?, notification_key = ?, updated_at = ? WHERE id = ?",
      p);
}

void AlertRepository::set_alert_value(const std::string& id, std::optional<double> value, Millis at) {
  db_.execute("UPDATE alerts SET value = ?, updated_at = ? WHERE id = ?", params(value, at, id));
}

void AlertRepository::add_transition(const std::string& organization_id, const Transition& t) {
  db_.execute(
      "INSERT INTO alert_transitions (id, organization_id, alert_id, at, from_state, to_state, value, note) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      params(new_id("atr"), organization_id, t.alert_id, t.at, t.from, t.to, t.value, t.note));
}

void AlertRepository::attach_delivery(Alert& a) {
  if (!a.notification_key) return;
  auto rows = db_.execute("SELECT status, last_error FROM notification_deliveries WHERE event_id = ?",
                          params(*a.notification_key));
  if (rows.empty()) return;
  a.notification_status = "sent";
  for (const auto& r : rows.rows) {
    const std::string status = r.text(0);
    if (status == "dead" || status == "failed") {
      a.notification_status = "failed";
      a.notification_error = r.opt_text(1);
    } else if (status == "pending" && a.notification_status != "failed") {
      a.notification_status = "pending";
    }
  }
}

std::vector<Alert> AlertRepository::alerts(const std::string& organization_id, const AlertFilter& f, long long& total) {
  std::string where = " FROM alerts a JOIN alert_rules r ON r.id = a.rule_id WHERE a.organization_id = ?";
  storage::Params p = params(organization_id);
  auto add = [&](const char* clause, const std::optional<std::string>& v) {
    if (!v) return;
    where += clause;
    p.emplace_back(*v);
  };
  add(" AND a.state = ?", f.state);
  add(" AND a.severity = ?", f.severity);
  add(" AND a.rule_id = ?", f.rule_id);
  add(" AND a.resource_id = ?", f.resource_id);
  total = db_.execute("SELECT COUNT(*)" + where, p).first().integer(0);
  p.emplace_back(static_cast<std::int64_t>(f.limit));
  p.emplace_back(static_cast<std::int64_t>(f.offset));
  std::vector<Alert> out;
  for (const auto& r :
       db_.execute(std::string("SELECT ") + kAlertColumns + where + " ORDER BY a.active_at DESC, a.id LIMIT ? OFFSET ?",
                   p)
           .rows) {
    out.push_back(alert_from(r));
    attach_delivery(out.back());
  }
  return out;
}

std::optional<Alert> AlertRepository::find_alert(const std::string& organization_id, const std::string& id) {
  auto rows = db_.execute(std::string("SELECT ") + kAlertColumns +
                              " FROM alerts a JOIN alert_rules r ON r.id = a.rule_id WHERE a.organization_id = ? AND "
                              "a.id = ?",
                          params(organization_id, id));
  if (rows.empty()) return std::nullopt;
  Alert a = alert_from(rows.first());
  attach_delivery(a);
  return a;
}

std::vector<Transition> AlertRepository::history(const std::string& alert_id) {
  std::vector<Transition> out;
  for (const auto& r : db_.execute("SELECT alert_id, at, from_state, to_state, value, note FROM alert_transitions "
                                   "WHERE alert_id = ? ORDER BY at, " +
                                       std::string(kTransitionOrder),
                                   params(alert_id))
                           .rows) {
    Transition t{r.text(0), r.integer(1), r.text(2), r.text(3)};
    if (!r.is_null(4)) t.value = r.real(4);
    t.note = r.opt_text(5);
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<Transition> AlertRepository::timeline(const std::string& organization_id, Millis from, Millis to,
                                                  const std::optional<std::string>& rule_id,
                                                  const std::optional<std::string>& resource_id, int limit) {
  std::string sql =
      "SELECT t.alert_id, t.at, t.from_state, t.to_state, t.value, t.note, a.rule_id, r.name, a.severity, "
      "a.resource_id, a.resource_name FROM alert_transitions t JOIN alerts a ON a.id = t.alert_id JOIN alert_rules r "
      "ON r.id = a.rule_id WHERE t.organization_id = ? AND t.at >= ? AND t.at <= ?";
  storage::Params p = params(organization_id, from, to);
  if (rule_id) {
    sql += " AND a.rule_id = ?";
    p.emplace_back(*rule_id);
  }
  if (resource_id) {
    sql += " AND a.resource_id = ?";
    p.emplace_back(*resource_id);
  }
  sql += " ORDER BY t.at DESC, CASE t.from_state WHEN 'inactive' THEN 0 WHEN 'pending' THEN 1 ELSE 2 END DESC LIMIT ?";
  p.emplace_back(static_cast<std::int64_t>(limit));
  std::vector<Transition> out;
  for (const auto& r : db_.execute(sql, p).rows) {
    Transition t{r.text(0), r.integer(1), r.text(2), r.text(3)};
    if (!r.is_null(4)) t.value = r.real(4);
    t.note = r.opt_text(5);
    t.rule_id = r.text(6);
    t.rule_name = r.text(7);
    t.severity = r.text(8);
    t.resource_id = r.opt_text(9);
    t.resource_name = r.opt_text(10);
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<Alert> AlertRepository::group_alerts(const std::string& rule_id, Millis since) {
  std::vector<Alert> out;
  for (const auto& r : db_.execute(std::string("SELECT ") + kAlertColumns +
                                       " FROM alerts a JOIN alert_rules r ON r.id = a.rule_id WHERE a.rule_id = ? AND "
                                       "(a.state = 'firing' OR (a.state = 'resolved' AND a.started_at IS NOT NULL AND "
                                       "a.ended_at > ?)) ORDER BY a.active_at, a.id",
                                   params(rule_id, since))
                           .rows)
    out.push_back(alert_from(r));
  return out;
}

std::unordered_set<std::string> AlertRepository::failing_collections(const std::string& organization_id) {
  std::unordered_set<std::string> out;
  for (const auto& r : db_.execute("SELECT account_id FROM monitoring_collection WHERE organization_id = ? AND "
                                   "enabled = 1 AND last_error IS NOT NULL",
                                   params(organization_id))
                           .rows)
    out.insert(r.text(0));
  return out;
}

bool AlertRepository::has_firing(const std::string& rule_id) {
  return !db_.execute("SELECT 1 FROM alerts WHERE rule_id = ? AND state = 'firing' LIMIT 1", params(rule_id)).empty();
}

std::unordered_set<std::string> AlertRepository::firing_critical_resources(const std::string& organization_id) {
  std::unordered_set<std::string> out;
  for (const auto& r : db_.execute("SELECT DISTINCT resource_id FROM alerts WHERE organization_id = ? AND state = "
                                   "'firing' AND severity = 'critical' AND resource_id IS NOT NULL",
                                   params(organization_id))
                           .rows)
    out.insert(r.text(0));
  return out;
}

std::optional<AlertGroup> AlertRepository::find_group(const std::string& organization_id,
                                                      const std::string& group_key) {
  auto rows = db_.execute(
      "SELECT first_seen_at, last_sent_at, last_digest, sends FROM alert_groups WHERE organization_id = ? AND "
      "group_key = ?",
      params(organization_id, group_key));
  if (rows.empty()) return std::nullopt;
  const auto& r = rows.first();
  return AlertGroup{organization_id,  group_key, r.integer(0),
                    r.opt_integer(1), r.text(2), static_cast<int>(r.integer(3))};
}

std::vector<AlertGroup> AlertRepository::groups_with_prefix(const std::string& organization_id,
                                                            const std::string& prefix) {
  std::vector<AlertGroup> out;
  // substr rather than LIKE: ids hold '_', LIKE's any-character.
  for (const auto& r :
       db_.execute("SELECT group_key, first_seen_at, last_sent_at, last_digest, sends FROM alert_groups "
                   "WHERE organization_id = ? AND substr(group_key, 1, ?) = ?",
                   params(organization_id, static_cast<long long>(prefix.size()), prefix))
           .rows)
    out.push_back(AlertGroup{organization_id, r.text(0), r.integer(1), r.opt_integer(2), r.text(3),
                             static_cast<int>(r.integer(4))});
  return out;
}

void AlertRepository::save_group(const AlertGroup& g) {
  db_.execute(
      "INSERT INTO alert_groups (organization_id, group_key, first_seen_at, last_sent_at, last_digest, sends) VALUES "
      "(?, ?, ?, ?, ?, ?) ON CONFLICT (organization_id, group_key) DO UPDATE SET first_seen_at = "
      "excluded.first_seen_at, last_sent_at = excluded.last_sent_at, last_digest = excluded.last_digest, sends = "
      "excluded.sends",
      params(g.organization_id, g.group_key, g.first_seen_at, g.last_sent_at, g.last_digest, g.sends));
}

void AlertRepository::delete_group(const std::string& organization_id, const std::string& group_key) {
  db_.execute("DELETE FROM alert_groups WHERE organization_id = ? AND group_key = ?",
              params(organization_id, group_key));
}

void AlertRepository::set_notification_key(const std::vector<std::string>& alert_ids, const std::string& key) {
  for (size_t i = 0; i < alert_ids.size(); i += 500) {
    const size_t n = std::min<size_t>(500, alert_ids.size() - i);
    storage::Params p = params(key);
    for (size_t j = 0; j < n; ++j) p.emplace_back(alert_ids[i + j]);
    db_.execute("UPDATE alerts SET notification_key = ? WHERE id IN (" + storage::placeholder_list(n) + ")", p);
  }
}

void AlertRepository::insert_silence(const Silence& s) {
  nlohmann::json matchers = nlohmann::json::array();
  for (const auto& m : s.matchers) matchers.push_back({{"name", m.name}, {"value", m.value}, {"isRegex", m.is_regex}});
  db_.execute("INSERT INTO alert_silences (" + std::string(kSilenceColumns) + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
              params(s.id, s.organization_id, matchers.dump(), s.starts_at, s.ends_at, s.comment, s.created_by,
                     s.created_by_name, s.created_at));
}

std::vector<Silence> AlertRepository::silences(const std::string& organization_id) {
  std::vector<Silence> out;
  for (const auto& r : db_.execute(std::string("SELECT ") + kSilenceColumns +
                                       " FROM alert_silences WHERE organization_id = ? ORDER BY ends_at DESC, id",
                                   params(organization_id))
                           .rows)
    out.push_back(silence_from(r));
  return out;
}

std::optional<Silence> AlertRepository::find_silence(const std::string& organization_id, const std::string& id) {
  auto rows = db_.execute(
      std::string("SELECT ") + kSilenceColumns + " FROM alert_silences WHERE organization_id = ? AND id = ?",
      params(organization_id, id));
  if (rows.empty()) return std::nullopt;
  return silence_from(rows.first());
}

void AlertRepository::end_silence(const std::string& id, Millis at) {
  db_.execute("UPDATE alert_silences SET ends_at = ? WHERE id = ? AND ends_at > ?", params(at, id, at));
}

}  // namespace cw::monitoring
