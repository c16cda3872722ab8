#pragma once
/// Evaluates resources against a set of rules: the pure heart of a scan. Rules are indexed by
/// (provider, resource type) once, so each resource meets only the rules that apply to it.
#include <nlohmann/json.hpp>

#include <string>
#include <unordered_map>
#include <vector>

#include "core/clock.hpp"
#include "security/rule.hpp"

namespace cw::security {

/// A resource as a scan reads it: the identity a finding copies, and the subject the conditions
/// see ({type, provider, region, name, status, spec, tags, posture}).
struct ScanSubject {
  std::string id, account_id, provider, type, name, region, status;
  nlohmann::json subject;
  Millis updated_at = 0;
};

class RuleIndex {
 public:
  explicit RuleIndex(std::vector<const Rule*> rules);
  /// The rules that apply to a provider's resource type, in catalog order.
  const std::vector<const Rule*>& rules_for(const std::string& provider, const std::string& type) const;
  /// What the rules that apply to a resource say about it.
  struct Verdict {
    std::vector<const Rule*> failing;
    /// Rules whose facts let them answer for this resource (true, or false on a fact it
    /// reports): the evidence a compliance requirement rests on. A rule over a fact the inventory
    /// does not collect, or one whose spec.kind guard ruled the resource out, proves nothing.
    std::vector<const Rule*> answered;
  };
  Verdict evaluate(const ScanSubject& resource) const;
  size_t size() const { return rules_.size(); }
  bool has(const std::string& rule_id) const;

 private:
  std::vector<const Rule*> rules_;
  /// "provider|type" → rules, for aws, azure and gcp; "*|type" for any other provider.
  std::unordered_map<std::string, std::vector<const Rule*>> by_kind_;
};

}  // namespace cw::security
