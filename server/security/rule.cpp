#include "security/rule.hpp"

#include <algorithm>
#include <cctype>

#include "providers/provider.hpp"

namespace cw::security {

using nlohmann::json;

int severity_rank(const std::string& severity) {
  for (int i = 0; i < 5; ++i)
    if (severity == kSeverities[i]) return i;
  return -1;
}

bool Rule::applies_to(const std::string& provider, const std::string& type) const {
  bool p = std::any_of(providers.begin(), providers.end(), [&](const auto& x) { return x == "*" || x == provider; });
  return p && std::find(resource_types.begin(), resource_types.end(), type) != resource_types.end();
}

namespace {

const char* const kProviders[] = {"aws", "azure", "gcp", "*"};
const char* const kFields[] = {"id",        "title", "severity",    "providers", "resourceTypes",
                               "condition", "risk",  "remediation", "examples",  "version"};

bool valid_id(const std::string& id) {
  if (id.size() < 3 || id.size() > 80 || !std::isalnum(static_cast<unsigned char>(id.front()))) return false;
  return std::all_of(id.begin(), id.end(),
                     [](unsigned char c) { return std::islower(c) || std::isdigit(c) || c == '-'; });
}

std::string text(const json& in, const char* field, size_t max, FieldErrors& errors, bool required = true) {
  auto f = in.find(field);
  if (f == in.end() || f->is_null()) {
    if (required) errors[field] = "is required";
    return "";
  }
  if (!f->is_string()) {
    errors[field] = "must be a string";
    return "";
  }
  std::string s = f->get<std::string>();
  if (required && s.empty())
    errors[field] = "must not be empty";
  else if (s.size() > max)
    errors[field] = "must be at most " + std::to_string(max) + " characters";
  return s;
}

std::vector<std::string> words(const json& in, const char* field, FieldErrors& errors,
                               bool (*allowed)(const std::string&), const char* allowed_text) {
  std::vector<std::string> out;
  auto f = in.find(field);
  if (f == in.end() || !f->is_array() || f->empty()) {
    errors[field] = std::string("must be a non-empty list of ") + allowed_text;
    return out;
  }
  for (const auto& v : *f) {
    if (!v.is_string() || !allowed(v.get<std::string>())) {
      errors[field] = std::string("must list only ") + allowed_text;
      return {};
    }
    out.push_back(v.get<std::string>());
  }
  return out;
}

bool is_provider(const std::string& s) {
  return std::any_of(std::begin(kProviders), std::end(kProviders), [&](const char* p) { return s == p; });
}
bool is_type(const std::string& s) {
  return std::any_of(std::begin(providers::kResourceTypes), std::end(providers::kResourceTypes),
                     [&](const char* t) { return s == t; });
}

}  // namespace

std::optional<Rule> parse_rule(const json& in, FieldErrors& errors) {
  if (!in.is_object()) {
    errors["rule"] = "must be a JSON object";
    return std::nullopt;
  }
  for (auto it = in.begin(); it != in.end(); ++it)
    if (std::none_of(std::begin(kFields), std::end(kFields), [&](const char* f) { return it.key() == f; }))
      errors[it.key()] = "is not a rule field (a typo would silently change the rule)";
  Rule r;
  r.id = text(in, "id", 80, errors);
  if (!r.id.empty() && !valid_id(r.id)) errors["id"] = "must be 3-80 lower-case letters, digits and dashes";
  r.title = text(in, "title", 200, errors);
  r.severity = text(in, "severity", 20, errors);
  if (!r.severity.empty() && severity_rank(r.severity) < 0)
    errors["severity"] = "must be one of critical, high, medium, low, informational";
  r.risk = text(in, "risk", 4000, errors);
  r.providers = words(in, "providers", errors, is_provider, "aws, azure, gcp or *");
  r.resource_types = words(in, "resourceTypes", errors, is_type,
                           "server, database, storage, network, container, function, load_balancer, cache, queue, dns");
  std::string condition = text(in, "condition", 4096, errors);
  if (!condition.empty()) {
    try {
      r.condition = Expression::parse(condition);
    } catch (const ExpressionError& e) { errors["condition"] = e.what(); }
  }
  auto rem = in.find("remediation");
  if (rem == in.end() || !rem->is_object()) {
    errors["remediation"] = "must be an object with text (and optionally cli, terraform, url)";
  } else {
    FieldErrors sub;
    r.remediation.text = text(*rem, "text", 4000, sub);
    r.remediation.cli = text(*rem, "cli", 4000, sub, false);
    r.remediation.terraform = text(*rem, "terraform", 8000, sub, false);
    r.remediation.url = text(*rem, "url", 500, sub, false);
    if (!r.remediation.url.empty() && r.remediation.url.rfind("https://", 0) != 0)
      sub["url"] = "must start with https://";
    for (const auto& [k, v] : sub) errors["remediation." + k] = v;
  }
  auto ex = in.find("examples");
  if (ex != in.end()) {
    if (!ex->is_object()) {
      errors["examples"] = "must be an object {passing: [...], failing: [...]}";
    } else {
      for (const char* kind : {"passing", "failing"}) {
        auto list = ex->find(kind);
        if (list == ex->end()) continue;
        if (!list->is_array() ||
            !std::all_of(list->begin(), list->end(), [](const json& e) { return e.is_object(); })) {
          errors[std::string("examples.") + kind] = "must be a list of objects (partial resources)";
          continue;
        }
        (std::string(kind) == "passing" ? r.passing : r.failing).assign(list->begin(), list->end());
      }
    }
  }
  if (!errors.empty()) return std::nullopt;
  // The examples are the rule's own test: a rule that contradicts them is refused.
  for (size_t i = 0; i < r.failing.size(); ++i)
    if (r.condition.evaluate(example_subject(r, r.failing[i])) != Truth::kTrue)
      errors["examples.failing[" + std::to_string(i) + "]"] = "does not make the condition true";
  for (size_t i = 0; i < r.passing.size(); ++i)
    if (r.condition.evaluate(example_subject(r, r.passing[i])) == Truth::kTrue)
      errors["examples.passing[" + std::to_string(i) + "]"] = "makes the condition true";
  if (!errors.empty()) return std::nullopt;
  return r;
}

json example_subject(const Rule& rule, const json& example) {
  json s = example;
  if (!s.contains("provider"))
    s["provider"] = rule.providers.empty() || rule.providers[0] == "*" ? "aws" : rule.providers[0];
  if (!s.contains("type") && !rule.resource_types.empty()) s["type"] = rule.resource_types[0];
  return s;
}

json to_json(const Rule& r, const json& frameworks) {
  json rem = {{"text", r.remediation.text}};
  if (!r.remediation.cli.empty()) rem["cli"] = r.remediation.cli;
  if (!r.remediation.terraform.empty()) rem["terraform"] = r.remediation.terraform;
  if (!r.remediation.url.empty()) rem["url"] = r.remediation.url;
  return {{"id", r.id},
          {"title", r.title},
          {"severity", r.severity},
          {"providers", r.providers},
          {"resourceTypes", r.resource_types},
          {"condition", r.condition.text()},
          {"risk", r.risk},
          {"remediation", rem},
          {"frameworks", frameworks},
          {"custom", r.custom},
          {"examples", {{"passing", r.passing}, {"failing", r.failing}}}};
}

}  // namespace cw::security
