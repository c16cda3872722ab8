#pragma once
/// A security rule as data (docs/security.md): what it checks (providers, resource types and a
/// condition over the resource's facts), how bad a failure is, why it matters and how to fix it.
/// The shipped catalog (security/rules/*.json) and an organization's custom rules share this form
/// and this validation.
#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "security/expression.hpp"

namespace cw::security {

inline constexpr const char* kSeverities[] = {"critical", "high", "medium", "low", "informational"};
/// 0 = critical … 4 = informational; -1 for anything else.
int severity_rank(const std::string& severity);

struct Remediation {
  std::string text, cli, terraform, url;
};

struct Rule {
  std::string id, title, severity, risk;
  std::vector<std::string> providers;       // aws | azure | gcp, or "*" for any
  std::vector<std::string> resource_types;  // kResourceTypes
  Expression condition;
  Remediation remediation;
  /// Example subjects (partial resources) the condition must pass and fail: the catalog's tests.
  std::vector<nlohmann::json> passing, failing;
  bool custom = false;
  std::string source;  // the catalog file, or "custom"

  bool applies_to(const std::string& provider, const std::string& type) const;
};

/// Field → reason, for a 400 VALIDATION_ERROR or a catalog file's error.
using FieldErrors = std::map<std::string, std::string>;

/// Reads one rule; on any error returns nothing and fills `errors` (every bad field).
std::optional<Rule> parse_rule(const nlohmann::json& in, FieldErrors& errors);

/// The public form (API and exports); `frameworks` lists {framework, requirement} pairs.
nlohmann::json to_json(const Rule& rule, const nlohmann::json& frameworks = nlohmann::json::array());

/// A rule's example filled in as a subject: its provider and type default to the rule's first.
nlohmann::json example_subject(const Rule& rule, const nlohmann::json& example);

}  // namespace cw::security
