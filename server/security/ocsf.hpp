#pragma once
/// Findings in the Open Cybersecurity Schema Framework (OCSF 1.8.0, with the `cloud` profile), the
/// form SIEMs and security lakes read: a finding as a Detection Finding (class 2004), a
/// compliance requirement as a Compliance Finding (class 2003).
#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "security/catalog.hpp"
#include "security/model.hpp"

namespace cw::security {

inline constexpr const char* kOcsfVersion = "1.8.0";

/// `rule` may be null (a rule that no longer exists).
nlohmann::json ocsf_detection_finding(const Finding& finding, const Rule* rule, Millis now);

/// One requirement of a compliance report (FindingService::compliance's JSON) as a finding.
nlohmann::json ocsf_compliance_finding(const nlohmann::json& framework, const nlohmann::json& requirement, Millis now);

}  // namespace cw::security
