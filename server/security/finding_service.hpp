#pragma once
/// Reading findings and acting on them: the filtered list and detail, the posture summary,
/// compliance per framework, exports, and mutes (applied to existing findings at once; a muted
/// finding stays listed as muted, and un-mutes by itself when its mute expires).
#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <string>

#include "core/clock.hpp"
#include "core/principal.hpp"
#include "security/finding_repository.hpp"
#include "security/mute_repository.hpp"
#include "security/rule_service.hpp"
#include "security/scan_repository.hpp"

namespace cw::http {
struct PageRequest;
class BodySource;
}  // namespace cw::http

namespace cw::security {

using QueryParams = std::map<std::string, std::string>;

class FindingService {
 public:
  FindingService(FindingRepository& findings, ScanRepository& scans, MuteRepository& mutes, RuleService& rules,
                 storage::Database& db, const Clock& clock)
      : findings_(findings), scans_(scans), mutes_(mutes), rules_(rules), db_(db), clock_(clock) {}

  /// {items, nextCursor, limit}. Filters: severity (comma list), status (open|muted|resolved),
  /// muted, ruleId, framework, provider, providerId, resourceId, resourceType, region; sort.
  nlohmann::json list(const Principal& actor, const QueryParams& query, const http::PageRequest& page);
  nlohmann::json get(const Principal& actor, const std::string& id);
  /// The findings the filters select, as CSV or as a JSON array of OCSF Detection Findings,
  /// streamed page by page.
  std::shared_ptr<http::BodySource> export_findings(const Principal& actor, const QueryParams& query, bool ocsf);

  nlohmann::json summary(const Principal& actor);
  nlohmann::json compliance(const Principal& actor);
  nlohmann::json compliance(const Principal& actor, const std::string& framework_id);
  std::string compliance_csv(const Principal& actor, const std::string& framework_id);
  /// One OCSF Compliance Finding per requirement, as a JSON array.
  std::string compliance_ocsf(const Principal& actor, const std::string& framework_id);

  nlohmann::json mutes(const Principal& actor);
  /// {ruleId?, resourceId?, providerId?, region?, tag?: "key" | "key=value" | {key, value?}, reason,
  /// expiresAt?}: at least one matcher; returns the mute with `applied` (findings it now covers).
  nlohmann::json mute(const Principal& actor, const nlohmann::json& body);
  nlohmann::json unmute(const Principal& actor, const std::string& id);

 private:
  FindingFilter parse_filter(const Principal& actor, const QueryParams& query);
  std::vector<Mute> active_mutes(const std::string& organization_id);

  FindingRepository& findings_;
  ScanRepository& scans_;
  MuteRepository& mutes_;
  RuleService& rules_;
  storage::Database& db_;
  const Clock& clock_;
};

}  // namespace cw::security
