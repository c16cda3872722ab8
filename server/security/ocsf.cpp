#include "security/ocsf.hpp"

namespace cw::security {

using nlohmann::json;

namespace {

constexpr int kFindingsCategory = 2;
constexpr int kDetectionFinding = 2004;
constexpr int kComplianceFinding = 2003;

/// OCSF severity_id: 1 informational … 5 critical.
int severity_id(const std::string& severity) {
  const int rank = severity_rank(severity);
  return rank < 0 ? 0 : 5 - rank;
}
const char* kSeverityNames[] = {"Unknown", "Informational", "Low", "Medium", "High", "Critical"};

const char* cloud_provider(const std::string& provider) {
  if (provider == "aws") return "AWS";
  if (provider == "azure") return "Azure";
  if (provider == "gcp") return "GCP";
  return "Other";
}

json metadata(const std::string& uid, Millis now) {
  return {{"version", kOcsfVersion},
          {"uid", uid},
          {"profiles", json::array({"cloud"})},
          {"product", {{"name", "CloudWeave"}, {"vendor_name", "CloudWeave"}, {"uid", "cloudweave"}}},
          {"processed_time", now}};
}

/// The event's shape: activity 1 Create (still open) or 3 Close (resolved), and its type.
void activity(json& e, int class_uid, const char* class_name, bool closed) {
  const int activity_id = closed ? 3 : 1;
  e["activity_id"] = activity_id;
  e["activity_name"] = closed ? "Close" : "Create";
  e["category_uid"] = kFindingsCategory;
  e["category_name"] = "Findings";
  e["class_uid"] = class_uid;
  e["class_name"] = class_name;
  e["type_uid"] = class_uid * 100 + activity_id;
  e["type_name"] = std::string(class_name) + ": " + (closed ? "Close" : "Create");
}

}  // namespace

json ocsf_detection_finding(const Finding& f, const Rule* rule, Millis now) {
  json e = json::object();
  activity(e, kDetectionFinding, "Detection Finding", f.status == "resolved");
  const int sev = severity_id(f.severity);
  e["severity_id"] = sev;
  e["severity"] = kSeverityNames[sev];
  // Status: 1 New, 3 Suppressed (muted), 4 Resolved.
  const bool muted = f.muted(now);
  e["status_id"] = f.status == "resolved" ? 4 : muted ? 3 : 1;
  e["status"] = f.status == "resolved" ? "Resolved" : muted ? "Suppressed" : "New";
  e["time"] = f.last_seen_at;
  e["message"] = f.title + " (" + f.resource_name + ")";
  e["metadata"] = metadata(f.id, now);
  json info = {{"uid", f.id},
               {"title", f.title},
               {"types", json::array({f.rule_id})},
               {"first_seen_time", f.first_seen_at},
               {"last_seen_time", f.last_seen_at},
               {"analytic", {{"uid", f.rule_id}, {"name", f.rule_id}, {"type_id", 1}, {"type", "Rule"}}}};
  if (rule && !rule->risk.empty()) info["desc"] = rule->risk;
  e["finding_info"] = info;
  e["cloud"] = {{"provider", cloud_provider(f.provider)}, {"region", f.region}, {"account", {{"uid", f.account_id}}}};
  json resource = {{"uid", f.resource_id}, {"name", f.resource_name}, {"type", f.resource_type}, {"region", f.region}};
  json labels = json::array();
  for (auto it = f.resource_tags.begin(); it != f.resource_tags.end(); ++it)
    if (it->is_string()) labels.push_back(it.key() + "=" + it->get<std::string>());
  if (!labels.empty()) resource["labels"] = labels;
  e["resources"] = json::array({resource});
  if (rule) {
    json remediation = {{"desc", rule->remediation.text}};
    if (!rule->remediation.url.empty()) remediation["references"] = json::array({rule->remediation.url});
    e["remediation"] = remediation;
  }
  if (f.status == "resolved" && f.resolved_at) e["end_time"] = *f.resolved_at;
  e["start_time"] = f.first_seen_at;
  return e;
}

json ocsf_compliance_finding(const json& framework, const json& requirement, Millis now) {
  const std::string status = requirement.value("status", "manual");
  json e = json::object();
  activity(e, kComplianceFinding, "Compliance Finding", false);
  const bool failed = status == "fail";
  e["severity_id"] = failed ? 4 : 1;
  e["severity"] = failed ? "High" : "Informational";
  e["time"] = now;
  const std::string id = framework.value("id", "") + ":" + requirement.value("id", "");
  e["message"] = requirement.value("id", "") + " " + requirement.value("title", "") + ": " + status;
  e["metadata"] = metadata(id, now);
  e["finding_info"] = {{"uid", id}, {"title", requirement.value("title", "")}};
  // Compliance status_id: 1 Pass, 3 Fail, 2 Warning ("no result due to missing information":
  // a requirement no rule could evaluate, to check by hand).
  json compliance = {{"control", requirement.value("id", "")},
                     {"standards", json::array({framework.value("name", "") + " " + framework.value("version", "")})},
                     {"requirements", json::array({requirement.value("id", "")})},
                     {"status_id", status == "pass" ? 1
                                   : failed         ? 3
                                                    : 2},
                     {"status", status == "pass" ? "Pass"
                                : failed         ? "Fail"
                                                 : "Warning"}};
  if (status == "manual") compliance["status_detail"] = "No rule evaluates this requirement: check it by hand.";
  e["compliance"] = compliance;
  json resources = json::array();
  for (const auto& r : requirement.value("failingResources", json::array()))
    resources.push_back({{"uid", r.value("resourceId", "")},
                         {"name", r.value("resourceName", "")},
                         {"type", r.value("resourceType", "")},
                         {"region", r.value("region", "")}});
  if (!resources.empty()) e["resources"] = resources;
  json providers = framework.value("providers", json::array());
  const std::string provider = providers.empty() ? "" : providers[0].get<std::string>();
  e["cloud"] = {{"provider", cloud_provider(provider)}};
  return e;
}

}  // namespace cw::security
