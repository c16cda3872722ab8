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

RuleIndex::Verdict RuleIndex::evaluate(const ScanSubject& resource) const {
  Verdict v;
  for (const Rule* r : rules_for(resource.provider, resource.type)) {
    const Truth t = r->condition.evaluate(resource.subject);
    if (t == Truth::kTrue) v.failing.push_back(r);
    if (t == Truth::kTrue || (t == Truth::kFalse && r->condition.reads_reported_fact(resource.subject)))
      v.answered.push_back(r);
  }
  return v;
}

bool RuleIndex::has(const std::string& rule_id) const {
  for (const Rule* r : rules_)
    if (r->id == rule_id) return true;
  return false;
}

}  // namespace cw::security
