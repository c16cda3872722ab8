#pragma once
/// The rules an organization's scans use: the shipped catalog plus its own custom rules, listed,
/// shown, added (validated exactly like a catalog file) and removed.
#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/principal.hpp"
#include "security/catalog.hpp"
#include "security/mute_repository.hpp"

namespace cw::security {

/// The rules of one organization at one moment; `all` points into the catalog and `custom`.
struct OrganizationRules {
  std::vector<Rule> custom;
  std::vector<const Rule*> all;
  std::string version;  // catalog digest + custom rules: a change makes the next scan full
  const Rule* find(const std::string& id) const;
};

class RuleService {
 public:
  RuleService(const Catalog& catalog, MuteRepository& repo, const Clock& clock)
      : catalog_(catalog), repo_(repo), clock_(clock) {}

  std::shared_ptr<const OrganizationRules> rules_for(const std::string& organization_id);

  /// Filters: provider, severity, framework, resourceType, custom=true|false, q (id or title).
  nlohmann::json list(const Principal& actor, const std::map<std::string, std::string>& query);
  nlohmann::json get(const Principal& actor, const std::string& id);
  nlohmann::json create(const Principal& actor, const nlohmann::json& body);
  void remove(const Principal& actor, const std::string& id);

  const Catalog& catalog() const { return catalog_; }
  nlohmann::json to_json(const Rule& rule) const;

 private:
  const Catalog& catalog_;
  MuteRepository& repo_;
  const Clock& clock_;
};

}  // namespace cw::security
