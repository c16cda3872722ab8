#pragma once
/// Demo mode is simply a connected simulated cloud account flagged demo, loaded from a scenario
/// (startup, enterprise, devops, multicloud). Its data travels the same pipeline as real data;
/// clearing it removes the demo accounts (and with them every demo resource) and nothing else.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "accounts/service.hpp"
#include "inventory/sync.hpp"
#include "orgs/service.hpp"

namespace cw::demo {

inline constexpr const char* kScenarios[] = {"startup", "enterprise", "devops", "multicloud"};

class DemoService {
 public:
  DemoService(accounts::AccountService& accounts, inventory::SyncService& sync, orgs::OrgService& orgs,
              const Clock& clock)
      : accounts_(accounts), sync_(sync), orgs_(orgs), clock_(clock) {}

  /// Replaces any earlier demo data with `scenario`, synced before returning.
  nlohmann::json load(const Principal& actor, const std::string& scenario);
  nlohmann::json status(const std::string& organization_id);
  /// Removes every demo account and resource of the organization.
  void clear(const Principal& actor);

 private:
  accounts::AccountService& accounts_;
  inventory::SyncService& sync_;
  orgs::OrgService& orgs_;
  const Clock& clock_;
};

}  // namespace cw::demo
