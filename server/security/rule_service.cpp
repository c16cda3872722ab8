#include "security/rule_service.hpp"

#include <algorithm>

#include "core/crypto.hpp"
#include "core/error.hpp"
#include "core/json_body.hpp"
#include "core/json_text.hpp"
#include "storage/database.hpp"

namespace cw::security {

using nlohmann::json;

namespace {

constexpr size_t kMaxCustomRules = 500;
constexpr size_t kMaxRuleBytes = 32 * 1024;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

const Rule* OrganizationRules::find(const std::string& id) const {
  for (const Rule* r : all)
    if (r->id == id) return r;
  return nullptr;
}

std::shared_ptr<const OrganizationRules> RuleService::rules_for(const std::string& organization_id) {
  auto out = std::make_shared<OrganizationRules>();
  std::string digest = catalog_.version();
  for (const auto& stored : repo_.rules(organization_id)) {
    FieldErrors errors;
    auto rule = parse_rule(json::parse(stored.definition, nullptr, false), errors);
    if (!rule) continue;  // validated on the way in; a rule the engine no longer reads is skipped
    rule->custom = true;
    rule->source = "custom";
    digest += stored.definition;
    out->custom.push_back(std::move(*rule));
  }
  for (const auto& r : catalog_.rules()) out->all.push_back(&r);
  for (const auto& r : out->custom) out->all.push_back(&r);
  out->version = out->custom.empty() ? catalog_.version() : crypto::sha256_hex(digest).substr(0, 12);
  return out;
}

json RuleService::to_json(const Rule& rule) const {
  json j = security::to_json(rule, catalog_.mappings_of(rule.id));
  j["source"] = rule.source;
  return j;
}

json RuleService::list(const Principal& actor, const std::map<std::string, std::string>& q) {
  auto text = [&](const char* name) -> std::string {
    auto it = q.find(name);
    return it == q.end() ? "" : it->second;
  };
  const std::string provider = text("provider"), severity = text("severity"), framework = text("framework"),
                    type = text("resourceType"), custom = text("custom"), search = lower(text("q"));
  if (!severity.empty() && severity_rank(severity) < 0)
    throw field_error("severity", "must be one of critical, high, medium, low, informational");
  if (!custom.empty() && custom != "true" && custom != "false") throw field_error("custom", "must be true or false");
  std::vector<std::string> in_framework;
  if (!framework.empty()) {
    if (!catalog_.framework(framework)) throw field_error("framework", "is not a framework of the catalog");
    in_framework = catalog_.rules_of(framework);
  }
  auto rules = rules_for(actor.organization_id);
  json items = json::array();
  for (const Rule* r : rules->all) {
    if (!provider.empty() && std::find(r->providers.begin(), r->providers.end(), provider) == r->providers.end() &&
        std::find(r->providers.begin(), r->providers.end(), "*") == r->providers.end())
      continue;
    if (!severity.empty() && r->severity != severity) continue;
    if (!type.empty() && std::find(r->resource_types.begin(), r->resource_types.end(), type) == r->resource_types.end())
      continue;
    if (!custom.empty() && r->custom != (custom == "true")) continue;
    if (!framework.empty() && !std::binary_search(in_framework.begin(), in_framework.end(), r->id)) continue;
    if (!search.empty() && lower(r->id).find(search) == std::string::npos &&
        lower(r->title).find(search) == std::string::npos)
      continue;
    items.push_back(to_json(*r));
  }
  return {{"items", items}, {"catalogVersion", catalog_.version()}, {"rulesVersion", rules->version}};
}

json RuleService::get(const Principal& actor, const std::string& id) {
  auto rules = rules_for(actor.organization_id);
  const Rule* r = rules->find(id);
  if (!r) throw not_found("rule");
  return to_json(*r);
}

json RuleService::create(const Principal& actor, const json& body) {
  if (body.dump().size() > kMaxRuleBytes) throw field_error("rule", "must be at most 32 KiB");
  FieldErrors errors;
  auto rule = parse_rule(body, errors);
  if (rule && catalog_.find(rule->id)) errors["id"] = "is the id of a catalog rule";
  JsonBody report(body);
  for (const auto& [field, reason] : errors) report.fail(field, reason);
  report.finish();
  if (repo_.rules(actor.organization_id).size() >= kMaxCustomRules)
    throw field_error("rule", "an organization has at most 500 custom rules");
  try {
    repo_.insert_rule(
        actor.organization_id,
        {rule->id, dump_json(body), actor.user_id.empty() ? actor.api_key_id : actor.user_id, clock_.now_ms()});
  } catch (const storage::DatabaseError& e) {
    if (!e.unique_violation()) throw;
    throw ApiError(ErrorCode::kConflict, "a custom rule with id " + rule->id + " exists");
  }
  rule->custom = true;
  rule->source = "custom";
  return to_json(*rule);
}

void RuleService::remove(const Principal& actor, const std::string& id) {
  if (catalog_.find(id)) throw ApiError(ErrorCode::kValidation, "catalog rules cannot be deleted; mute them instead");
  if (!repo_.remove_rule(actor.organization_id, id)) throw not_found("custom rule");
}

}  // namespace cw::security
