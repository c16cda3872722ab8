#include "providers/azure/subscription_posture.hpp"

#include "providers/azure/arm_fields.hpp"
#include "providers/azure/arm_responses.hpp"

namespace cw::providers::azure {
namespace {

using arm_fields::arr;
using arm_fields::lower;
using arm_fields::obj;
using arm_fields::str;
using nlohmann::json;

/// Subscription states (Enabled, Warned, PastDue, Disabled, Expired, Deleted): a warned or past-due
/// subscription still runs its resources; a disabled one is switched off until reactivated.
std::string subscription_status(const std::string& state) {
  std::string s = lower(state);
  if (s == "disabled" || s == "expired") return "stopped";
  if (s == "deleted") return "terminated";
  return "running";
}

}  // namespace

ResourceRecord subscription_record(const json& subscription, std::optional<bool> trail_enabled) {
  const std::string id = str(subscription, "subscriptionId");
  if (id.empty())
    throw ProviderError("InvalidResponse", "unexpected Azure answer: the subscription has no subscriptionId");
  ResourceRecord rec;
  rec.external_id = "/subscriptions/" + id;
  rec.provider = "azure";
  rec.name = str(subscription, "displayName").empty() ? id : str(subscription, "displayName");
  rec.type = "account";
  rec.region = "global";
  rec.status = subscription_status(str(subscription, "state"));
  rec.spec["kind"] = "subscription";
  rec.spec["subscriptionId"] = id;
  if (!str(subscription, "tenantId").empty()) rec.spec["tenantId"] = str(subscription, "tenantId");
  if (!str(subscription, "state").empty()) rec.spec["state"] = str(subscription, "state");
  for (const auto& [k, v] : obj(subscription, "tags").items())
    if (v.is_string()) rec.tags[k] = v;
  if (trail_enabled)
    rec.posture["trailEnabled"] = *trail_enabled;
  else
    rec.posture["unknown"] = json::array({"trailEnabled"});
  return rec;
}

bool exports_administrative_log(const json& setting) {
  const json& props = obj(setting, "properties");
  bool has_destination = false;
  for (const char* destination :
       {"workspaceId", "storageAccountId", "eventHubAuthorizationRuleId", "marketplacePartnerId"})
    if (!str(props, destination).empty()) has_destination = true;
  if (!has_destination) return false;
  for (const json& log : arr(props, "logs")) {
    if (!log.is_object() || log.value("enabled", json()) != json(true)) continue;
    const std::string category = lower(str(log, "category")), group = lower(str(log, "categoryGroup"));
    if (category == "administrative" || group == "alllogs" || group == "audit") return true;
  }
  return false;
}

bool activity_log_exported(const std::string& body) {
  // At subscription scope the list is one page (at most five settings): no nextLink to follow.
  for (const json& setting : parse_arm_page(body, "the subscription diagnostic settings").items)
    if (exports_administrative_log(setting)) return true;
  return false;
}

}  // namespace cw::providers::azure
