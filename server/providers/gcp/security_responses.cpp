#include "providers/gcp/security_responses.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "providers/gcp/json_fields.hpp"

namespace cw::providers::gcp {
namespace {

using nlohmann::json;
using namespace json_fields;

constexpr Millis kDayMs = 86'400'000;
/// CIS GCP 3.9 / the kms-key-rotation-off rule: a symmetric key rotates at least every 90 days.
constexpr double kMaxRotationSeconds = 90.0 * 86'400;

std::string project_status(const std::string& lifecycle_state) {
  // DELETE_REQUESTED: the project is shut down and will be purged after 30 days.
  if (lifecycle_state == "DELETE_REQUESTED" || lifecycle_state == "DELETE_IN_PROGRESS") return "terminated";
  return "running";  // ACTIVE (and a project that could not be read is in use: we hold its key)
}

ResourceRecord service_account_record(const json& a) {
  if (!a.is_object()) invalid("service account is not an object");
  ResourceRecord r;
  r.provider = "gcp";
  r.external_id = required_str(a, "name", "service account");
  std::string email = str(a, "email");
  r.name = email.empty() ? last_segment(r.external_id) : email;  // the name ends with the email
  r.type = "identity";
  r.region = "global";
  bool disabled = boolean(a, "disabled", false);
  r.status = disabled ? "stopped" : "running";
  r.spec = {
      {"kind", "serviceAccount"}, {"email", r.name}, {"displayName", str(a, "displayName")}, {"disabled", disabled}};
  if (auto id = str(a, "uniqueId"); !id.empty()) r.spec["uniqueId"] = id;
  if (auto d = str(a, "description"); !d.empty()) r.spec["description"] = d;
  return r;
}

/// segment_after("projects/p/locations/us-central1/keyRings/r/cryptoKeys/k", "locations") →
/// "us-central1" ("" when the name has no such collection).
std::string segment_after(const std::string& name, const std::string& collection) {
  std::string marker = "/" + collection + "/";
  size_t at = name.find(marker);
  if (at == std::string::npos) return "";
  size_t from = at + marker.size();
  return name.substr(from, name.find('/', from) - from);
}

ResourceRecord crypto_key_record(const json& k) {
  if (!k.is_object()) invalid("crypto key is not an object");
  ResourceRecord r;
  r.provider = "gcp";
  r.external_id = required_str(k, "name", "crypto key");
  r.name = last_segment(r.external_id);
  r.region = segment_after(r.external_id, "locations");
  if (r.region.empty() || r.name.empty()) invalid("crypto key name " + r.external_id + " has no location");
  r.type = "key";
  r.created_at = timestamp(k, "createTime");
  r.tags = string_map(k, "labels");
  const json& primary = object_at(k, "primary");
  std::string state = str(primary, "state");
  r.status = crypto_key_status(state);
  const json& tmpl = object_at(k, "versionTemplate");
  std::string purpose = str(k, "purpose");
  std::string protection = str(tmpl, "protectionLevel");
  if (protection.empty()) protection = str(primary, "protectionLevel");
  std::string algorithm = str(tmpl, "algorithm");
  if (algorithm.empty()) algorithm = str(primary, "algorithm");
  r.spec = {{"kind", "cryptoKey"},
            {"purpose", purpose},
            {"protectionLevel", protection},
            {"algorithm", algorithm},
            {"keyRing", segment_after(r.external_id, "keyRings")}};
  if (!state.empty()) r.spec["primaryState"] = state;
  std::string period = str(k, "rotationPeriod");
  std::optional<double> seconds = period.empty() ? std::nullopt : parse_duration_seconds(period);
  if (seconds) r.spec["rotationPeriodDays"] = *seconds / 86'400;
  if (auto next = str(k, "nextRotationTime"); !next.empty()) r.spec["nextRotationTime"] = next;
  // Only symmetric encryption keys rotate on a schedule; for the others rotation does not apply.
  if (purpose == "ENCRYPT_DECRYPT") {
    if (period.empty())
      r.posture["keyRotationEnabled"] = false;
    else if (seconds)
      r.posture["keyRotationEnabled"] = *seconds > 0 && *seconds <= kMaxRotationSeconds;
    else
      add_unknown_fact(r, "keyRotationEnabled");
  }
  return r;
}

NamePage name_page(const std::string& body, const char* what, const char* items, const char* field,
                   bool last_segment_only) {
  json j = parse_object(body, what);
  NamePage page;
  page.next_page_token = str(j, "nextPageToken");
  for (const auto& item : array_at(j, items)) {
    if (!item.is_object()) invalid(std::string(what) + " entry is not an object");
    std::string name = required_str(item, field, what);
    page.names.push_back(last_segment_only ? last_segment(name) : name);
  }
  return page;
}

}  // namespace

ResourceRecord project_record(const std::string& project_id, const ProjectInfo* info) {
  ResourceRecord r;
  r.provider = "gcp";
  r.external_id = "projects/" + project_id;
  r.name = info && !info->name.empty() ? info->name : project_id;
  r.type = "account";
  r.region = "global";
  r.status = project_status(info ? info->lifecycle_state : "");
  r.spec = {{"kind", "project"}, {"projectId", project_id}};
  if (info) {
    if (!info->project_number.empty()) r.spec["projectNumber"] = info->project_number;
    if (!info->lifecycle_state.empty()) r.spec["lifecycleState"] = info->lifecycle_state;
    r.created_at = info->created_at;
  }
  return r;
}

bool data_access_logs_for_all_services(const std::string& policy_body) {
  json policy = parse_object(policy_body, "project IAM policy");
  for (const auto& config : array_at(policy, "auditConfigs")) {
    if (!config.is_object()) invalid("audit config is not an object");
    if (str(config, "service") != "allServices") continue;
    bool reads = false, writes = false, exemptions = false;
    for (const auto& log : array_at(config, "auditLogConfigs")) {
      if (!log.is_object()) invalid("audit log config is not an object");
      std::string type = str(log, "logType");
      reads = reads || type == "DATA_READ";
      writes = writes || type == "DATA_WRITE";
      exemptions = exemptions || !array_at(log, "exemptedMembers").empty();
    }
    return reads && writes && !exemptions;
  }
  return false;  // no auditConfigs for allServices: only the Admin Activity logs are written
}

RecordPage parse_service_account_list(const std::string& body) {
  json j = parse_object(body, "service account list");
  RecordPage page;
  page.next_page_token = str(j, "nextPageToken");
  for (const auto& a : array_at(j, "accounts")) page.items.push_back(service_account_record(a));
  return page;
}

UserManagedKeys parse_user_managed_keys(const std::string& body, Millis now) {
  json j = parse_object(body, "service account key list");
  UserManagedKeys out;
  bool ages_known = true;
  for (const auto& key : array_at(j, "keys")) {
    if (!key.is_object()) invalid("service account key is not an object");
    // The call asks for keyTypes=USER_MANAGED; a SYSTEM_MANAGED key that comes anyway is Google's.
    std::string type = str(key, "keyType");
    if (!type.empty() && type != "USER_MANAGED") continue;
    if (boolean(key, "disabled", false)) continue;
    Millis expires = timestamp(key, "validBeforeTime");
    if (expires != 0 && expires <= now) continue;
    ++out.active;
    Millis since = timestamp(key, "validAfterTime");
    if (since == 0) {
      ages_known = false;
      continue;
    }
    int days = static_cast<int>(std::max<Millis>(0, now - since) / kDayMs);
    out.oldest_age_days = std::max(out.oldest_age_days.value_or(0), days);
  }
  if (!ages_known) out.oldest_age_days.reset();  // the oldest may be the key without a time
  return out;
}

void add_access_key_facts(ResourceRecord& service_account, const UserManagedKeys& keys) {
  service_account.spec["userManagedKeys"] = keys.active;
  if (keys.oldest_age_days)
    service_account.posture["accessKeyAgeDays"] = *keys.oldest_age_days;
  else if (keys.active > 0)
    add_unknown_fact(service_account, "accessKeyAgeDays");
}

NamePage parse_kms_locations(const std::string& body) {
  return name_page(body, "Cloud KMS location list", "locations", "locationId", false);
}

NamePage parse_key_rings(const std::string& body) { return name_page(body, "key ring list", "keyRings", "name", true); }

RecordPage parse_crypto_keys(const std::string& body) {
  json j = parse_object(body, "crypto key list");
  RecordPage page;
  page.next_page_token = str(j, "nextPageToken");
  for (const auto& k : array_at(j, "cryptoKeys")) page.items.push_back(crypto_key_record(k));
  return page;
}

void add_unknown_fact(ResourceRecord& r, const char* fact) {
  json unknown = r.posture.value("unknown", json::array());
  unknown.push_back(fact);
  r.posture["unknown"] = unknown;
}

std::string crypto_key_status(const std::string& s) {
  if (s.empty() || s == "ENABLED") return "running";  // asymmetric keys have no primary version
  if (s == "DISABLED") return "stopped";
  if (s == "DESTROYED" || s == "DESTROY_SCHEDULED" || s == "PENDING_EXTERNAL_DESTRUCTION") return "terminated";
  if (s == "PENDING_GENERATION" || s == "PENDING_IMPORT") return "provisioning";
  return "error";  // IMPORT_FAILED, GENERATION_FAILED, EXTERNAL_DESTRUCTION_FAILED and anything new
}

std::optional<double> parse_duration_seconds(const std::string& text) {
  if (text.size() < 2 || text.back() != 's') return std::nullopt;
  std::string number = text.substr(0, text.size() - 1);
  // Digits with at most one '.', as the JSON mapping of google.protobuf.Duration writes them.
  if (number.front() == '.' || number.back() == '.' || std::count(number.begin(), number.end(), '.') > 1 ||
      !std::all_of(number.begin(), number.end(), [](unsigned char c) { return std::isdigit(c) || c == '.'; }))
    return std::nullopt;
  return std::strtod(number.c_str(), nullptr);
}

}  // namespace cw::providers::gcp
