#include "security/evaluator.hpp"

#include "providers/provider.hpp"

namespace cw::security {

RuleIndex::RuleIndex(std::vector<const Rule*> rules) : rules_(std::move(rules)) {
  for (const char* type : providers::kResourceTypes) {
    for (const char* provider : {"aws", "azure", "gcp", "*"}) {
      auto& list = by_kind_[std::string(provider) + "|" + type];
      for (const Rule* r : rules_) {
        bool any_provider = std::find(r->providers.begin(), r->providers.end(), "*") != r->providers.end();
        if (std::string(provider) == "*" ? any_provider && r->applies_to("*", type) : r->applies_to(provider, type))
          list.push_back(r);
      }
    }
  }
}

const std::vector<const Rule*>& RuleIndex::rules_for(const std::string& provider, const std::string& type) const {
  static const std::vector<const Rule*> kNone;
  auto it = by_kind_.find(provider + "|" + type);
  if (it == by_kind_.end()) it = by_kind_.find("*|" + type);
  return it == by_kind_.end() ? kNone : it->second;
}

std::vector<const Rule*> RuleIndex::failing(const ScanSubject& resource) const {
  std::vector<const Rule*> out;
  for (const Rule* r : rules_for(resource.provider, resource.type))
    if (r->condition.evaluate(resource.subject) == Truth::kTrue) out.push_back(r);
  return out;
}

bool RuleIndex::has(const std::string& rule_id) const {
  for (const Rule* r : rules_)
    if (r->id == rule_id) return true;
  return false;
}

}  // namespace cw::security
