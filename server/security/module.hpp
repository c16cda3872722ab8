#pragma once
/// Security posture: the rule catalog, scans of the inventory, findings, mutes and compliance
/// (docs/security.md). Scans run on demand, after every sync and after resource changes made
/// through CloudWeave (incremental, coalesced per organization), and on a schedule (full).
#include <mutex>
#include <string>
#include <unordered_map>

#include "platform/module.hpp"
#include "platform/platform.hpp"
#include "security/finding_repository.hpp"
#include "security/finding_service.hpp"
#include "security/mute_repository.hpp"
#include "security/rule_service.hpp"
#include "security/scan_repository.hpp"
#include "security/scan_service.hpp"

namespace cw::security {

class SecurityModule final : public platform::Module {
 public:
  SecurityModule(platform::Platform& platform, SecuritySettings settings = {},
                 const Catalog& catalog = Catalog::shipped());
  void add_routes(http::Router& router) override;
  void add_jobs(jobs::JobRunner& runner) override;
  void subscribe(events::EventBus& events) override;

  ScanRepository scan_repository;
  FindingRepository finding_repository;
  MuteRepository mute_repository;
  RuleService rules;
  ScanService scans;
  FindingService findings;

 private:
  /// Whether to ask for a scan after a resource change (not when this replica asked moments ago).
  bool debounce(const std::string& organization_id);
  const Clock& clock_;
  std::mutex mutex_;
  std::unordered_map<std::string, Millis> last_request_;
};

}  // namespace cw::security
