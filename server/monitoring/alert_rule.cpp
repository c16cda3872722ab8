#include "monitoring/alert_rule.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "core/error.hpp"
#include "core/json_body.hpp"

namespace cw::monitoring {

namespace {
const char* operator_name(Operator op) {
  switch (op) {
    case Operator::kGt:
      return "gt";
    case Operator::kGte:
      return "gte";
    case Operator::kLt:
      return "lt";
    case Operator::kLte:
      return "lte";
  }
  return "gt";
}
const char* operator_symbol(Operator op) {
  switch (op) {
    case Operator::kGt:
      return ">";
    case Operator::kGte:
      return ">=";
    case Operator::kLt:
      return "<";
    case Operator::kLte:
      return "<=";
  }
  return ">";
}
std::optional<Operator> operator_named(const std::string& n) {
  if (n == "gt") return Operator::kGt;
  if (n == "gte") return Operator::kGte;
  if (n == "lt") return Operator::kLt;
  if (n == "lte") return Operator::kLte;
  return std::nullopt;
}
std::string number_text(double v) {
  nlohmann::json j = v;
  return j.dump();
}
constexpr Millis kMaxDuration = 7 * 86'400'000LL;
}  // namespace

bool AlertRule::holds(double v) const {
  switch (op) {
    case Operator::kGt:
      return v > threshold;
    case Operator::kGte:
      return v >= threshold;
    case Operator::kLt:
      return v < threshold;
    case Operator::kLte:
      return v <= threshold;
  }
  return false;
}

std::string AlertRule::condition() const {
  if (kind == "resource_state") {
    std::string s;
    for (const auto& st : states) s += (s.empty() ? "" : " or ") + st;
    return "resource is " + s;
  }
  if (kind == "sync_failure") return "account sync failing";
  return std::string(aggregation_name(aggregation)) + "(" + metric + ") " + operator_symbol(op) + " " +
         number_text(threshold) + " over " + format_duration(window_ms);
}

std::optional<Millis> parse_duration(const std::string& t) {
  if (t.size() < 2 || t.size() > 8) return std::nullopt;
  Millis n = 0;
  for (size_t i = 0; i + 1 < t.size(); ++i) {
    if (t[i] < '0' || t[i] > '9') return std::nullopt;
    n = n * 10 + (t[i] - '0');
  }
  switch (t.back()) {
    case 's':
      return n * 1000;
    case 'm':
      return n * 60'000;
    case 'h':
      return n * 3'600'000;
    case 'd':
      return n * 86'400'000;
    default:
      return std::nullopt;
  }
}

std::string format_duration(Millis ms) {
  if (ms == 0) return "0s";
  if (ms % 86'400'000 == 0) return std::to_string(ms / 86'400'000) + "d";
  if (ms % 3'600'000 == 0) return std::to_string(ms / 3'600'000) + "h";
  if (ms % 60'000 == 0) return std::to_string(ms / 60'000) + "m";
  return std::to_string(ms / 1000) + "s";
}

AlertRule rule_from_body(const nlohmann::json& body, const AlertRule& base) {
  AlertRule r = base;
  JsonBody b(body);
  if (auto name = b.optional_string("name", 1, 120)) r.name = *name;
  if (r.name.empty()) b.fail("name", "is required");
  if (auto kind = b.optional_one_of("kind", {"metric", "resource_state", "sync_failure"})) r.kind = *kind;
  if (auto metric = b.optional_string("metric", 1, 64)) {
    if (!is_known_metric(*metric))
      b.fail("metric", "is not a known metric (cpu_utilization, memory_utilization, network_in_bytes, …)");
    else
      r.metric = *metric;
  }
  if (auto agg = b.optional_one_of("aggregation", {"avg", "min", "max", "sum", "p95", "count"}))
    r.aggregation = *aggregation_named(*agg);
  auto duration = [&](const char* field, Millis& into, Millis min) {
    if (!b.has(field)) return;
    const auto& v = body[field];
    auto ms = v.is_string() ? parse_duration(v.get<std::string>()) : std::nullopt;
    if (!ms || *ms < min || *ms > kMaxDuration)
      b.fail(field, std::string("must be a duration like \"5m\" (s, m, h or d) ") +
                        (min > 0 ? "from " + format_duration(min) + " " : "") + "up to 7d");
    else
      into = *ms;
  };
  duration("window", r.window_ms, 60'000);
  duration("for", r.for_ms, 0);
  duration("keepFiringFor", r.keep_firing_for_ms, 0);
  duration("groupWait", r.group_wait_ms, 0);
  duration("groupInterval", r.group_interval_ms, 60'000);
  duration("repeatInterval", r.repeat_interval_ms, 60'000);
  if (auto op = b.optional_one_of("operator", {"gt", "gte", "lt", "lte"})) r.op = *operator_named(*op);
  if (b.has("threshold")) {
    const auto& t = body["threshold"];
    if (!t.is_number() || !std::isfinite(t.get<double>()))
      b.fail("threshold", "must be a number");
    else
      r.threshold = t.get<double>();
  } else if (base.id.empty() && r.kind == "metric") {
    b.fail("threshold", "is required");
  }
  if (b.has("states")) {
    const auto& s = body["states"];
    std::vector<std::string> states;
    bool ok = s.is_array() && !s.empty();
    for (const auto& x : ok ? s : nlohmann::json::array()) {
      ok = ok && x.is_string() &&
           (x == "stopped" || x == "terminated" || x == "error" || x == "stopping" || x == "running");
      if (ok) states.push_back(x.get<std::string>());
    }
    if (!ok)
      b.fail("states", "must be a non-empty list of stopped, stopping, terminated, error, running");
    else
      r.states = states;
  }
  if (b.has("scope")) {
    const auto& s = body["scope"];
    if (!s.is_object()) {
      b.fail("scope", "must be an object {resourceId?, type?, tag?, providerId?}");
    } else {
      Selector sel;
      auto field = [&](const char* name, std::optional<std::string>& into) {
        if (!s.contains(name) || s[name].is_null()) return;
        if (!s[name].is_string() || s[name].get<std::string>().empty() || s[name].get<std::string>().size() > 200)
          b.fail(std::string("scope.") + name, "must be a non-empty string");
        else
          into = s[name].get<std::string>();
      };
      field("resourceId", sel.resource_id);
      field("type", sel.type);
      field("tag", sel.tag);
      field("providerId", sel.account_id);
      for (const auto& [key, _] : s.items())
        if (key != "resourceId" && key != "type" && key != "tag" && key != "providerId")
          b.fail("scope." + key, "is not a scope field (resourceId, type, tag, providerId)");
      r.scope = sel;
    }
  }
  if (auto sev = b.optional_one_of("severity", {"critical", "warning", "info"})) r.severity = *sev;
  if (auto nd = b.optional_one_of("noData", {"alerting", "ok", "keep"})) r.no_data = *nd;
  if (auto oe = b.optional_one_of("onError", {"alerting", "ok", "keep"})) r.on_error = *oe;
  auto string_map = [&](const char* field, nlohmann::json& into) {
    if (!b.has(field)) return;
    const auto& m = body[field];
    bool ok = m.is_object() && m.size() <= 20;
    if (ok)
      for (const auto& [k, v] : m.items())
        ok = ok && !k.empty() && k.size() <= 64 && v.is_string() && v.get<std::string>().size() <= 2000;
    if (!ok)
      b.fail(field, "must be an object of up to 20 string values");
    else
      into = m;
  };
  string_map("labels", r.labels);
  string_map("annotations", r.annotations);
  if (b.has("groupBy")) {
    const auto& g = body["groupBy"];
    std::vector<std::string> names;
    bool ok = g.is_array() && g.size() <= 10;
    for (const auto& x : ok ? g : nlohmann::json::array()) {
      ok = ok && x.is_string() && !x.get<std::string>().empty() && x.get<std::string>().size() <= 64;
      if (!ok) break;
      const std::string name = x.get<std::string>();
      for (size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        ok = ok && (std::isalpha(static_cast<unsigned char>(c)) || c == '_' ||
                    (i > 0 && std::isdigit(static_cast<unsigned char>(c))));
      }
      if (ok && std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    }
    if (!ok)
      b.fail("groupBy", "must be a list of up to 10 label names (letters, digits and _), e.g. [\"region\"]");
    else
      r.group_by = names;
  }
  if (auto enabled = b.optional_bool("enabled")) r.enabled = *enabled;
  b.finish();
  return r;
}

nlohmann::json definition_json(const AlertRule& r) {
  nlohmann::json scope = nlohmann::json::object();
  if (r.scope.resource_id) scope["resourceId"] = *r.scope.resource_id;
  if (r.scope.type) scope["type"] = *r.scope.type;
  if (r.scope.tag) scope["tag"] = *r.scope.tag;
  if (r.scope.account_id) scope["providerId"] = *r.scope.account_id;
  return {{"kind", r.kind},
          {"metric", r.metric},
          {"aggregation", aggregation_name(r.aggregation)},
          {"window", format_duration(r.window_ms)},
          {"operator", operator_name(r.op)},
          {"threshold", r.threshold},
          {"states", r.states},
          {"for", format_duration(r.for_ms)},
          {"keepFiringFor", format_duration(r.keep_firing_for_ms)},
          {"groupWait", format_duration(r.group_wait_ms)},
          {"groupInterval", format_duration(r.group_interval_ms)},
          {"repeatInterval", format_duration(r.repeat_interval_ms)},
          {"groupBy", r.group_by},
          {"scope", scope},
          {"severity", r.severity},
          {"noData", r.no_data},
          {"onError", r.on_error},
          {"labels", r.labels},
          {"annotations", r.annotations}};
}

void apply_definition(AlertRule& r, const nlohmann::json& d) {
  r.kind = d.value("kind", "metric");
  r.metric = d.value("metric", "cpu_utilization");
  r.aggregation = aggregation_named(d.value("aggregation", "avg")).value_or(Aggregation::kAvg);
  r.window_ms = parse_duration(d.value("window", "5m")).value_or(300'000);
  r.op = operator_named(d.value("operator", "gt")).value_or(Operator::kGt);
  r.threshold = d.value("threshold", 0.0);
  r.states = d.value("states", std::vector<std::string>{"stopped", "terminated"});
  r.for_ms = parse_duration(d.value("for", "0s")).value_or(0);
  r.keep_firing_for_ms = parse_duration(d.value("keepFiringFor", "0s")).value_or(0);
  r.group_wait_ms = parse_duration(d.value("groupWait", "30s")).value_or(30'000);
  r.group_interval_ms = parse_duration(d.value("groupInterval", "5m")).value_or(300'000);
  r.repeat_interval_ms = parse_duration(d.value("repeatInterval", "4h")).value_or(4 * 3'600'000);
  r.group_by = d.value("groupBy", std::vector<std::string>{});
  const auto scope = d.value("scope", nlohmann::json::object());
  r.scope = {};
  if (scope.contains("resourceId")) r.scope.resource_id = scope["resourceId"].get<std::string>();
  if (scope.contains("type")) r.scope.type = scope["type"].get<std::string>();
  if (scope.contains("tag")) r.scope.tag = scope["tag"].get<std::string>();
  if (scope.contains("providerId")) r.scope.account_id = scope["providerId"].get<std::string>();
  r.severity = d.value("severity", "warning");
  r.no_data = d.value("noData", "ok");
  r.on_error = d.value("onError", "keep");
  r.labels = d.value("labels", nlohmann::json::object());
  r.annotations = d.value("annotations", nlohmann::json::object());
}

nlohmann::json to_json(const AlertRule& r) {
  nlohmann::json j = definition_json(r);
  j["id"] = r.id;
  j["name"] = r.name;
  j["enabled"] = r.enabled;
  j["condition"] = r.condition();
  j["createdAt"] = format_rfc3339(r.created_at);
  j["updatedAt"] = format_rfc3339(r.updated_at);
  return j;
}

bool may_start(const AlertRule& rule, Observation::Kind kind) {
  return kind == Observation::kTrue || (kind == Observation::kNoData && rule.no_data == "alerting") ||
         (kind == Observation::kError && rule.on_error == "alerting");
}

Step advance(const AlertRule& rule, const AlertState& current, const Observation& o, Millis now) {
  Step step{current, {}};
  AlertState& s = step.next;
  auto go = [&](const char* to) {
    step.transitions.emplace_back(s.state, to);
    s.state = to;
  };
  Observation::Kind kind = o.kind;
  if (kind == Observation::kNoData || kind == Observation::kError) {
    const std::string& policy = kind == Observation::kNoData ? rule.no_data : rule.on_error;
    if (policy == "keep") return step;
    kind = policy == "alerting" ? Observation::kTrue : Observation::kFalse;
  }
  if (kind == Observation::kTrue) {
    s.cleared_at.reset();
    if (s.state == "inactive") {
      s.active_at = now;
      s.started_at.reset();
      go("pending");
    }
    if (s.state == "pending" && now - s.active_at >= rule.for_ms) {
      s.started_at = now;
      go("firing");
    }
    return step;
  }
  // The condition does not hold.
  if (s.state == "pending") {
    go("inactive");  // never fired: a pending alert that clears is not an incident
  } else if (s.state == "firing") {
    if (!s.cleared_at) s.cleared_at = now;
    if (now - *s.cleared_at >= rule.keep_firing_for_ms) go("inactive");
  }
  return step;
}

}  // namespace cw::monitoring
