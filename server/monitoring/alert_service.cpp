#include "monitoring/alert_service.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_set>

#include "core/crypto.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/ids.hpp"
#include "core/json_body.hpp"
#include "events/event_bus.hpp"

namespace cw::monitoring {

namespace {

constexpr Millis kPreviewRangeMs = 7 * kDayMs;
/// How much older than a rule's window a series' newest sample may be and still count.
constexpr Millis kStalenessMs = 15 * 60'000;
constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();
constexpr Millis kPreviewStepMs = 300'000;

nlohmann::json time_or_null(const std::optional<Millis>& t) {
  return t ? nlohmann::json(format_rfc3339(*t)) : nlohmann::json();
}

std::string actor_name(const Principal& p) { return !p.email.empty() ? p.email : "API key " + p.api_key_id; }
std::string actor_id(const Principal& p) { return !p.user_id.empty() ? p.user_id : p.api_key_id; }

nlohmann::json labels_for(const AlertRule& rule, const Evaluated& e) {
  nlohmann::json labels = rule.labels;
  labels["alertname"] = rule.name;
  labels["severity"] = rule.severity;
  if (e.resource) {
    labels["resourceId"] = e.resource->id;
    labels["resourceName"] = e.resource->name;
    labels["type"] = e.resource->type;
    labels["providerId"] = e.resource->account_id;
    labels["region"] = e.resource->region;
  } else if (!e.account_id.empty()) {
    labels["providerId"] = std::string(e.account_id);
  }
  return labels;
}

void merge(StepBucket& into, const StepBucket& b) {
  if (b.empty()) return;
  into.add(b.min, b.max, b.sum, b.count);
  into.values.insert(into.values.end(), b.values.begin(), b.values.end());
}

}  // namespace

std::string render_template(const std::string& text, const nlohmann::json& values) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t open = text.find("{{", pos);
    if (open == std::string::npos) break;
    const size_t close = text.find("}}", open);
    if (close == std::string::npos) break;
    out += text.substr(pos, open - pos);
    std::string key = text.substr(open + 2, close - open - 2);
    key.erase(0, key.find_first_not_of(" ."));
    key.erase(key.find_last_not_of(' ') + 1);
    auto it = values.find(key);
    if (it == values.end() || it->is_null()) {
      // an unknown or empty field renders as nothing
    } else if (it->is_string())
      out += it->get<std::string>();
    else if (it->is_number_float()) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.2f", it->get<double>());
      out += buf;
    } else
      out += it->dump();
    pos = close + 2;
  }
  return out + text.substr(std::min(pos, text.size()));
}

// ---- rules -------------------------------------------------------------------------------------

nlohmann::json AlertService::list_rules(const Principal& actor) {
  auto counts = repo_.open_counts(actor.organization_id);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : repo_.rules(actor.organization_id)) {
    nlohmann::json j = to_json(r);
    auto c = counts[r.id];
    j["active"] = {{"pending", c.first}, {"firing", c.second}};
    out.push_back(std::move(j));
  }
  return out;
}

nlohmann::json AlertService::get_rule(const Principal& actor, const std::string& id) {
  auto rule = repo_.find_rule(actor.organization_id, id);
  if (!rule) throw not_found("alert rule");
  nlohmann::json j = to_json(*rule);
  auto c = repo_.open_counts(actor.organization_id)[id];
  j["active"] = {{"pending", c.first}, {"firing", c.second}};
  return j;
}

nlohmann::json AlertService::create_rule(const Principal& actor, const nlohmann::json& body) {
  AlertRule rule = rule_from_body(body, AlertRule{});
  rule.id = new_id("arl");
  rule.organization_id = actor.organization_id;
  rule.created_by = actor_id(actor);
  rule.created_at = rule.updated_at = clock_.now_ms();
  try {
    repo_.insert_rule(rule);
  } catch (const storage::DatabaseError& e) {
    if (e.unique_violation()) throw ApiError(ErrorCode::kConflict, "an alert rule named '" + rule.name + "' exists");
    throw;
  }
  nlohmann::json j = to_json(rule);
  j["active"] = {{"pending", 0}, {"firing", 0}};
  return j;
}

nlohmann::json AlertService::update_rule(const Principal& actor, const std::string& id, const nlohmann::json& body) {
  auto current = repo_.find_rule(actor.organization_id, id);
  if (!current) throw not_found("alert rule");
  AlertRule rule = rule_from_body(body, *current);
  rule.updated_at = clock_.now_ms();
  try {
    repo_.update_rule(rule);
  } catch (const storage::DatabaseError& e) {
    if (e.unique_violation()) throw ApiError(ErrorCode::kConflict, "an alert rule named '" + rule.name + "' exists");
    throw;
  }
  return get_rule(actor, id);
}

void AlertService::delete_rule(const Principal& actor, const std::string& id) {
  if (!repo_.delete_rule(actor.organization_id, id)) throw not_found("alert rule");
}

void AlertService::seed_demo_rules(const std::string& organization_id, const std::string& created_by) {
  if (!repo_.rules(organization_id).empty()) return;
  const nlohmann::json rules = nlohmann::json::array({
      {{"name", "Server CPU high"},
       {"metric", "cpu_utilization"},
       {"window", "15m"},
       {"operator", "gt"},
       {"threshold", 85},
       {"for", "5m"},
       {"keepFiringFor", "10m"},
       {"scope", {{"type", "server"}}},
       {"severity", "warning"},
       {"annotations", {{"summary", "{{ .resourceName }}: CPU at {{ .value }} %"}}}},
      {{"name", "Database CPU high"},
       {"metric", "cpu_utilization"},
       {"window", "15m"},
       {"operator", "gt"},
       {"threshold", 80},
       {"for", "10m"},
       {"scope", {{"type", "database"}}},
       {"severity", "critical"},
       {"annotations", {{"summary", "{{ .resourceName }}: database CPU at {{ .value }} %"}}}},
      {{"name", "Load balancer errors"},
       {"metric", "error_rate"},
       {"window", "15m"},
       {"operator", "gt"},
       {"threshold", 5},
       {"for", "5m"},
       {"scope", {{"type", "load_balancer"}}},
       {"severity", "critical"},
       {"annotations", {{"summary", "{{ .resourceName }}: {{ .value }} % of requests fail"}}}},
      {{"name", "Server stopped"},
       {"kind", "resource_state"},
       {"states", {"stopped", "terminated"}},
       {"scope", {{"type", "server"}}},
       {"severity", "info"}},
      {{"name", "Account sync failing"}, {"kind", "sync_failure"}, {"for", "15m"}, {"severity", "critical"}},
  });
  const Millis now = clock_.now_ms();
  for (const auto& body : rules) {
    AlertRule rule = rule_from_body(body, AlertRule{});
    rule.id = new_id("arl");
    rule.organization_id = organization_id;
    rule.created_by = created_by;
    rule.created_at = rule.updated_at = now;
    repo_.insert_rule(rule);
  }
}

// ---- evaluation --------------------------------------------------------------------------------

EvaluationSnapshot AlertService::snapshot(const std::string& organization_id, Millis now) {
  EvaluationSnapshot snap;
  snap.organization_id = organization_id;
  snap.now = now;
  Selector all;
  all.include_terminated = true;
  snap.resources = resources_.select(organization_id, all);
  for (const auto& r : snap.resources) {
    snap.by_id[r.id] = &r;
    snap.by_type[r.type].push_back(&r);
  }
  for (const auto& [org, account_id] : accounts_.all_account_ids()) {
    if (org != organization_id) continue;
    if (auto account = accounts_.find_any(account_id))
      snap.accounts.emplace_back(account_id, account->status == "error");
  }
  snap.collection_failing = repo_.failing_collections(organization_id);
  return snap;
}

std::vector<Evaluated> AlertService::observe(const AlertRule& rule, EvaluationSnapshot& snap) {
  std::vector<Evaluated> out;
  if (rule.kind == "sync_failure") {
    for (const auto& [account_id, failing] : snap.accounts) {
      if (rule.scope.account_id && *rule.scope.account_id != account_id) continue;
      out.push_back(
          {account_id, nullptr, account_id, {failing ? Observation::kTrue : Observation::kFalse, std::nullopt}});
    }
    return out;
  }
  // The resources in scope, from the snapshot's indexes.
  std::vector<const WatchedResource*> candidates;
  const Selector& scope = rule.scope;
  std::optional<std::string> type = scope.type;
  if (rule.kind == "resource_state" && !type && !scope.resource_id) type = "server";
  if (scope.resource_id) {
    if (auto it = snap.by_id.find(*scope.resource_id); it != snap.by_id.end()) candidates.push_back(it->second);
  } else if (type) {
    if (auto it = snap.by_type.find(*type); it != snap.by_type.end()) candidates = it->second;
  } else {
    for (const auto& r : snap.resources) candidates.push_back(&r);
  }
  auto in_scope = [&](const WatchedResource& r) {
    if (type && r.type != *type) return false;
    if (scope.account_id && r.account_id != *scope.account_id) return false;
    if (scope.region && r.region != *scope.region) return false;
    if (scope.tag && !has_tag(r.tags, *scope.tag)) return false;
    return rule.kind == "resource_state" || r.status != "terminated";
  };
  if (rule.kind == "resource_state") {
    for (const WatchedResource* r : candidates) {
      if (!in_scope(*r)) continue;
      const bool holds = std::find(rule.states.begin(), rule.states.end(), r->status) != rule.states.end();
      out.push_back({r->id, r, r->account_id, {holds ? Observation::kTrue : Observation::kFalse, std::nullopt}});
    }
    return out;
  }
  // Metric rules: the window's value of every resource, read once per (metric, window, aggregation).
  const std::string key = rule.metric + "/" + std::to_string(rule.window_ms) + "/" + aggregation_name(rule.aggregation);
  auto values = snap.values.find(key);
  if (values == snap.values.end()) {
    values = snap.values.emplace(key, std::vector<double>(snap.resources.size(), kNoValue)).first;
    // The window ends at each series' newest sample, not at now: samples arrive a collection
    // interval after their period. A series whose newest sample is older than kStaleness
    // (beyond the window) has no data.
    auto series = store_.repository().series_of_metric(snap.organization_id, rule.metric);
    const Millis from = snap.now - rule.window_ms - kStalenessMs, to = snap.now - 1;
    const Millis bucket = 60'000;
    std::vector<SeriesRow> fresh;
    for (auto& s : series)
      if (s.last_sample_at && *s.last_sample_at >= from + rule.window_ms) fresh.push_back(std::move(s));
    // A store that cannot be read (a Prometheus backend down) is an Error for every subject.
    try {
      store_.visit(fresh, from, to, bucket, rule.aggregation == Aggregation::kP95,
                   [&](const SeriesRow& s, std::vector<StepBucket>& steps) {
                     const Millis last = *s.last_sample_at;
                     StepBucket window;
                     for (size_t i = 0; i < steps.size(); ++i) {
                       const Millis t = from + static_cast<Millis>(i) * bucket;
                       if (t <= last - rule.window_ms || t > last) continue;  // (last - window, last]
                       merge(window, steps[i]);
                     }
                     auto r = snap.by_id.find(s.resource_id);
                     if (r == snap.by_id.end()) return;  // a resource gone since
                     if (auto v = step_value(window, rule.aggregation))
                       values->second[static_cast<size_t>(r->second - snap.resources.data())] = *v;
                   });
    } catch (const std::exception& e) {
      log::warn("alert evaluation: the metrics store cannot be read", {{"rule", rule.id}, {"error", e.what()}});
      snap.store_failed = true;
    }
  }
  for (const WatchedResource* r : candidates) {
    if (!in_scope(*r)) continue;
    Evaluated e{r->id, r, r->account_id, {Observation::kNoData, std::nullopt}};
    if (const double v = values->second[static_cast<size_t>(r - snap.resources.data())]; !std::isnan(v)) {
      e.observation.value = v;
      e.observation.kind = rule.holds(v) ? Observation::kTrue : Observation::kFalse;
    } else if (snap.store_failed || snap.collection_failing.count(r->account_id)) {
      e.observation.kind = Observation::kError;  // no data because it could not be read
    }
    out.push_back(e);
  }
  return out;
}

int AlertService::evaluate(const AlertRule& rule, EvaluationSnapshot& snap,
                           std::unordered_map<std::string, Alert> open) {
  const Millis now = snap.now;
  const auto observed = observe(rule, snap);

  int transitions = 0;
  // The open alerts by resource (a pointer lookup per subject, not a string hash).
  std::unordered_map<const WatchedResource*, Alert*> open_by_resource;
  for (auto& [subject, alert] : open)
    if (auto r = snap.by_id.find(subject); r != snap.by_id.end()) open_by_resource[r->second] = &alert;
  auto find_open = [&](const Evaluated& e) -> Alert* {
    if (open.empty()) return nullptr;
    if (e.resource) {
      auto it = open_by_resource.find(e.resource);
      return it == open_by_resource.end() ? nullptr : it->second;
    }
    auto it = open.find(std::string(e.subject));
    return it == open.end() ? nullptr : &it->second;
  };
  // Most cycles change nothing: look before opening a transaction.
  size_t matched = 0;
  auto changes = [&](const Evaluated& e) {
    Alert* found = find_open(e);
    if (!found) return may_start(rule, e.observation.kind);
    ++matched;
    const Alert& a = *found;
    Step step = advance(rule, {a.state, a.active_at, a.started_at, a.cleared_at}, e.observation, now);
    return !step.transitions.empty() || step.next.cleared_at != a.cleared_at ||
           (e.observation.value && e.observation.value != a.value);
  };
  // Nothing changes, and every open alert's subject was observed (none left the scope).
  if (std::none_of(observed.begin(), observed.end(), changes) && matched == open.size()) return 0;
  std::vector<std::pair<std::string, Alert>> published;
  repo_.db().transaction([&](storage::Connection&) {
    auto step_subject = [&](const Evaluated* e, std::string_view subject, Alert* existing) {
      // The common case, cheaply: no alert and nothing to start one.
      if (!existing && e && !may_start(rule, e->observation.kind)) return;
      AlertState state;
      if (existing) state = {existing->state, existing->active_at, existing->started_at, existing->cleared_at};
      const Observation obs = e ? e->observation : Observation{Observation::kFalse, std::nullopt};
      Step step = advance(rule, state, obs, now);
      if (existing && step.transitions.empty() && step.next.cleared_at == existing->cleared_at) {
        // Steady: only a new value is written.
        if (obs.value && obs.value != existing->value) repo_.set_alert_value(existing->id, obs.value, now);
        return;
      }
      Alert a = existing ? repo_.find_alert(rule.organization_id, existing->id).value_or(*existing) : Alert{};
      const bool is_new = !existing;
      if (is_new) {
        if (step.next.state == "inactive") return;  // nothing happened
        a.id = new_id("alr");
        a.organization_id = rule.organization_id;
        a.rule_id = rule.id;
        a.rule_name = rule.name;
        a.subject = std::string(subject);
      }
      if (e) {
        a.labels = labels_for(rule, *e);
        a.fingerprint = crypto::sha256_hex(rule.id + "\x1f" + std::string(subject)).substr(0, 16);
        if (e->resource) {
          a.resource_id = e->resource->id;
          a.resource_name = e->resource->name;
        }
        a.account_id = std::string(e->account_id);
        if (obs.value) a.value = obs.value;
      }
      a.severity = rule.severity;
      nlohmann::json values = {{"resourceName", a.resource_name.value_or("")},
                               {"resourceId", a.resource_id.value_or("")},
                               {"value", a.value ? nlohmann::json(*a.value) : nlohmann::json()},
                               {"threshold", rule.threshold},
                               {"metric", rule.metric},
                               {"rule", rule.name}};
      const std::string summary = rule.annotations.value(
          "summary", rule.kind == "metric" ? "{{ .rule }}: {{ .metric }} at {{ .value }} on {{ .resourceName }}"
                                           : "{{ .rule }} on {{ .resourceName }}");
      a.annotations = {
          {"summary", render_template(summary, values)},
          {"description", render_template(rule.annotations.value("description", rule.condition()), values)}};
      a.active_at = step.next.state == "inactive" && existing ? a.active_at : step.next.active_at;
      a.started_at = step.next.started_at ? step.next.started_at : a.started_at;
      a.cleared_at = step.next.cleared_at;
      a.updated_at = now;
      a.state = step.next.state == "inactive" ? "resolved" : step.next.state;
      if (a.state == "resolved") a.ended_at = now;
      if (step.transitions.empty() && !is_new) {
        repo_.save_alert(a, false);  // the condition cleared (or held again): keepFiringFor's clock
        return;
      }
      repo_.save_alert(a, is_new);
      for (const auto& [from, to] : step.transitions) {
        const std::string to_state = to == "inactive" ? "resolved" : to;
        repo_.add_transition(rule.organization_id, Transition{a.id, now, from, to_state, a.value,
                                                              to_state == "resolved" && from == "pending"
                                                                  ? std::optional<std::string>("cleared before firing")
                                                                  : std::nullopt});
        ++transitions;
      }
      published.emplace_back(a.state == "pending"  ? "alert.pending"
                             : a.state == "firing" ? "alert.fired"
                                                   : "alert.resolved",
                             a);
    };
    std::unordered_set<const Alert*> seen;
    for (const auto& e : observed) {
      Alert* existing = find_open(e);
      if (existing) seen.insert(existing);
      step_subject(&e, e.subject, existing);
    }
    // Subjects that left the scope (resource gone, rule narrowed): their alerts resolve.
    for (auto& [subject, alert] : open)
      if (!seen.count(&alert)) step_subject(nullptr, subject, &alert);
    if (published.empty()) return;
    const auto silences = repo_.silences(rule.organization_id);
    const auto firing = repo_.firing_critical_resources(rule.organization_id);
    for (auto& [type, alert] : published) {
      // A resolved alert that never fired is history, not news.
      if (type == "alert.resolved" && !alert.started_at) continue;
      events_.publish(rule.organization_id, type, alert_json(alert, silences, firing));
    }
  });
  return transitions;
}

int AlertService::evaluate_all() {
  const Millis now = clock_.now_ms();
  int n = 0;
  // enabled_rules() comes in organization order: one snapshot and one read of the open alerts
  // per organization.
  std::optional<EvaluationSnapshot> snap;
  std::unordered_map<std::string, std::unordered_map<std::string, Alert>> open;
  for (const auto& rule : repo_.enabled_rules()) {
    if (!snap || snap->organization_id != rule.organization_id) {
      snap = snapshot(rule.organization_id, now);
      open = repo_.open_alerts_of(rule.organization_id);
    }
    auto it = open.find(rule.id);
    n += evaluate(rule, *snap, it != open.end() ? std::move(it->second) : std::unordered_map<std::string, Alert>{});
    router_.route(rule, now);
  }
  return n;
}

// ---- preview -----------------------------------------------------------------------------------

nlohmann::json AlertService::preview(const Principal& actor, const nlohmann::json& body) {
  nlohmann::json named = body;
  if (!named.contains("name")) named["name"] = "preview";
  AlertRule rule = rule_from_body(named, AlertRule{});
  rule.organization_id = actor.organization_id;
  const Millis now = clock_.now_ms();
  const Millis to = now - now % kPreviewStepMs;
  const Millis from = to - kPreviewRangeMs;
  nlohmann::json windows = nlohmann::json::array();
  int fired = 0;
  if (rule.kind != "metric") return {{"wouldHaveFired", 0}, {"windows", windows}, {"evaluatedSeries", 0}};
  const auto resources = resources_.select(rule.organization_id, rule.scope);
  std::vector<std::string> ids;
  std::unordered_map<std::string, const WatchedResource*> by_id;
  for (const auto& r : resources) {
    ids.push_back(r.id);
    by_id[r.id] = &r;
  }
  auto series = store_.repository().series_of_resources(rule.organization_id, rule.metric, ids);
  auto ranges = store_.read(series, from, to, kPreviewStepMs, rule.aggregation == Aggregation::kP95);
  const size_t per_window =
      static_cast<size_t>(std::max<Millis>(1, (rule.window_ms + kPreviewStepMs - 1) / kPreviewStepMs));
  for (auto& range : ranges) {
    AlertState state;
    Millis fired_at = -1;  // when the alert last fired; -1 while it is not firing
    const WatchedResource& r = *by_id.at(range.series.resource_id);
    for (size_t i = 0; i < range.steps.size(); ++i) {
      StepBucket window;
      for (size_t k = i + 1 >= per_window ? i + 1 - per_window : 0; k <= i; ++k) merge(window, range.steps[k]);
      Observation o{Observation::kNoData, std::nullopt};
      if (auto v = step_value(window, rule.aggregation))
        o = {rule.holds(*v) ? Observation::kTrue : Observation::kFalse, v};
      const Millis t = from + static_cast<Millis>(i + 1) * kPreviewStepMs;
      // Past the series' last sample nothing is known yet: not NoData, just not collected.
      if (t > range.series.last_sample_at.value_or(0) + kPreviewStepMs) break;
      Step step = advance(rule, state, o, t);
      for (const auto& [a, b] : step.transitions) {
        if (b == "firing") {
          ++fired;
          fired_at = t;
        } else if (b == "inactive" && a == "firing" && fired_at >= 0) {
          windows.push_back({{"from", format_rfc3339(fired_at)},
                             {"to", format_rfc3339(t)},
                             {"resourceId", r.id},
                             {"resourceName", r.name}});
          fired_at = -1;
        }
      }
      state = step.next;
    }
    if (fired_at >= 0)
      windows.push_back(
          {{"from", format_rfc3339(fired_at)}, {"to", nullptr}, {"resourceId", r.id}, {"resourceName", r.name}});
  }
  return {{"wouldHaveFired", fired}, {"windows", windows}, {"evaluatedSeries", ranges.size()}};
}

// ---- alerts ------------------------------------------------------------------------------------

nlohmann::json AlertService::alert_json(const Alert& a, const std::vector<Silence>& silences,
                                        const std::unordered_set<std::string>& critical_resources) {
  const Millis now = clock_.now_ms();
  nlohmann::json silenced_by = nlohmann::json::array();
  for (const auto& s : silences)
    if (s.starts_at <= now && now < s.ends_at && silence_matches(s, a.labels)) silenced_by.push_back(s.id);
  return {{"id", a.id},
          {"ruleId", a.rule_id},
          {"ruleName", a.rule_name},
          {"resourceId", a.resource_id ? nlohmann::json(*a.resource_id) : nlohmann::json()},
          {"resourceName", a.resource_name ? nlohmann::json(*a.resource_name) : nlohmann::json()},
          {"providerId", a.account_id ? nlohmann::json(*a.account_id) : nlohmann::json()},
          {"state", a.state},
          {"severity", a.severity},
          {"labels", a.labels},
          {"annotations", a.annotations},
          {"summary", a.annotations.value("summary", "")},
          {"description", a.annotations.value("description", "")},
          {"value", a.value ? nlohmann::json(*a.value) : nlohmann::json()},
          {"activeAt", format_rfc3339(a.active_at)},
          {"startsAt", time_or_null(a.started_at)},
          {"endsAt", time_or_null(a.ended_at)},
          {"acknowledgedBy",
           a.ack_by ? nlohmann::json{{"id", *a.ack_by}, {"name", a.ack_by_name.value_or("")}} : nlohmann::json()},
          {"acknowledgedAt", time_or_null(a.ack_at)},
          {"ackComment", a.ack_comment ? nlohmann::json(*a.ack_comment) : nlohmann::json()},
          {"silenced", !silenced_by.empty()},
          {"silencedBy", silenced_by},
          {"inhibited", a.state != "resolved" && is_inhibited(a, critical_resources)},
          {"notification",
           {{"status", a.notification_status},
            {"error", a.notification_error ? nlohmann::json(*a.notification_error) : nlohmann::json()}}},
          {"fingerprint", a.fingerprint}};
}

nlohmann::json AlertService::list_alerts(const Principal& actor, const AlertFilter& filter, nlohmann::json& meta) {
  long long total = 0;
  const auto items = repo_.alerts(actor.organization_id, filter, total);
  const auto silences = repo_.silences(actor.organization_id);
  const auto firing = repo_.firing_critical_resources(actor.organization_id);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& a : items) out.push_back(alert_json(a, silences, firing));
  meta = {{"limit", filter.limit}, {"total", total}};  // the route adds the cursor
  return out;
}

nlohmann::json AlertService::acknowledge(const Principal& actor, const std::string& id, const nlohmann::json& body) {
  JsonBody b(body);
  auto comment = b.optional_string("comment", 0, 2000);
  b.finish();
  auto a = repo_.find_alert(actor.organization_id, id);
  if (!a) throw not_found("alert");
  if (a->state == "resolved") throw ApiError(ErrorCode::kConflict, "the alert is resolved; nothing to acknowledge");
  a->ack_by = actor_id(actor);
  a->ack_by_name = actor_name(actor);
  a->ack_at = clock_.now_ms();
  a->ack_comment = comment;
  repo_.db().transaction([&](storage::Connection&) {
    repo_.save_alert(*a, false);
    repo_.add_transition(actor.organization_id, Transition{a->id, *a->ack_at, a->state, a->state, a->value,
                                                           "acknowledged by " + actor_name(actor) +
                                                               (comment && !comment->empty() ? ": " + *comment : "")});
  });
  return alert_json(*a, repo_.silences(actor.organization_id), repo_.firing_critical_resources(actor.organization_id));
}

nlohmann::json AlertService::history(const Principal& actor, const std::string& id) {
  if (!repo_.find_alert(actor.organization_id, id)) throw not_found("alert");
  nlohmann::json out = nlohmann::json::array();
  for (const auto& t : repo_.history(id))
    out.push_back({{"at", format_rfc3339(t.at)},
                   {"from", t.from},
                   {"to", t.to},
                   {"value", t.value ? nlohmann::json(*t.value) : nlohmann::json()},
                   {"note", t.note ? nlohmann::json(*t.note) : nlohmann::json()}});
  return out;
}

nlohmann::json AlertService::timeline(const Principal& actor, Millis from, Millis to,
                                      const std::optional<std::string>& rule_id,
                                      const std::optional<std::string>& resource_id, int limit) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& t : repo_.timeline(actor.organization_id, from, to, rule_id, resource_id, limit))
    out.push_back({{"alertId", t.alert_id},
                   {"ruleId", t.rule_id},
                   {"ruleName", t.rule_name},
                   {"resourceId", t.resource_id ? nlohmann::json(*t.resource_id) : nlohmann::json()},
                   {"resourceName", t.resource_name ? nlohmann::json(*t.resource_name) : nlohmann::json()},
                   {"severity", t.severity},
                   {"at", format_rfc3339(t.at)},
                   {"from", t.from},
                   {"to", t.to},
                   {"value", t.value ? nlohmann::json(*t.value) : nlohmann::json()},
                   {"note", t.note ? nlohmann::json(*t.note) : nlohmann::json()}});
  return out;
}

// ---- silences ----------------------------------------------------------------------------------

nlohmann::json AlertService::silence_json(const Silence& s, Millis now) {
  nlohmann::json matchers = nlohmann::json::array();
  for (const auto& m : s.matchers) matchers.push_back({{"name", m.name}, {"value", m.value}, {"isRegex", m.is_regex}});
  return {{"id", s.id},
          {"matchers", matchers},
          {"startsAt", format_rfc3339(s.starts_at)},
          {"endsAt", format_rfc3339(s.ends_at)},
          {"comment", s.comment},
          {"createdBy", {{"id", s.created_by}, {"name", s.created_by_name}}},
          {"createdAt", format_rfc3339(s.created_at)},
          {"state", now < s.starts_at ? "pending"
                    : now < s.ends_at ? "active"
                                      : "expired"}};
}

nlohmann::json AlertService::list_silences(const Principal& actor) {
  const Millis now = clock_.now_ms();
  nlohmann::json out = nlohmann::json::array();
  for (const auto& s : repo_.silences(actor.organization_id)) out.push_back(silence_json(s, now));
  return out;
}

nlohmann::json AlertService::create_silence(const Principal& actor, const nlohmann::json& body) {
  JsonBody b(body);
  const Millis now = clock_.now_ms();
  Silence s;
  s.id = new_id("sil");
  s.organization_id = actor.organization_id;
  s.created_by = actor_id(actor);
  s.created_by_name = actor_name(actor);
  s.created_at = now;
  s.comment = b.string("comment", 1, 1000);
  const auto& m = body.contains("matchers") ? body["matchers"] : nlohmann::json();
  if (!m.is_array() || m.empty() || m.size() > 20) {
    b.fail("matchers", "must be a list of 1 to 20 {name, value, isRegex}");
  } else {
    for (size_t i = 0; i < m.size(); ++i) {
      const auto& x = m[i];
      const std::string field = "matchers[" + std::to_string(i) + "]";
      if (!x.is_object() || !x.contains("name") || !x["name"].is_string() || x["name"].get<std::string>().empty() ||
          !x.contains("value") || !x["value"].is_string() || (x.contains("isRegex") && !x["isRegex"].is_boolean())) {
        b.fail(field, "must be {name, value, isRegex?} with a non-empty name");
        continue;
      }
      Matcher matcher{x["name"].get<std::string>(), x["value"].get<std::string>(), x.value("isRegex", false)};
      if (matcher.is_regex) {
        try {
          std::regex check(matcher.value);
        } catch (const std::regex_error&) {
          b.fail(field + ".value", "is not a valid regular expression");
          continue;
        }
      }
      s.matchers.push_back(matcher);
    }
  }
  auto time_field = [&](const char* field, std::optional<Millis> fallback) -> Millis {
    if (!body.contains(field) || body[field].is_null()) {
      if (!fallback) b.fail(field, "is required (RFC 3339)");
      return fallback.value_or(0);
    }
    auto t = body[field].is_string() ? parse_rfc3339(body[field].get<std::string>()) : std::nullopt;
    if (!t) b.fail(field, "must be an RFC 3339 time");
    return t.value_or(0);
  };
  s.starts_at = time_field("startsAt", now);
  s.ends_at = time_field("endsAt", std::nullopt);
  if (s.ends_at && s.ends_at <= std::max(s.starts_at, now))
    b.fail("endsAt", "must be after startsAt and in the future");
  b.finish();
  repo_.insert_silence(s);
  return silence_json(s, now);
}

void AlertService::expire_silence(const Principal& actor, const std::string& id) {
  if (!repo_.find_silence(actor.organization_id, id)) throw not_found("silence");
  repo_.end_silence(id, clock_.now_ms());
}

}  // namespace cw::monitoring
