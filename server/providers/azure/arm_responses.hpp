#pragma once
/// Parsers for Azure Resource Manager JSON answers: the `{"value": [...], "nextLink": …}` list
/// envelope, ARM and Azure AD error bodies, and the mapping of each resource kind CloudWeave lists
/// (virtual machines, managed disks, network security groups, storage accounts, SQL servers and
/// databases) to a ResourceRecord with its security posture; plus subscription, locations, Azure
/// Monitor metrics and Cost Management query results.
///
/// Every parser throws ProviderError("InvalidResponse", …) on a body it cannot read, so a
/// malformed answer never becomes half a result.
#include <nlohmann/json.hpp>

#include <optional>
#include <map>
#include <string>
#include <vector>

#include "providers/provider.hpp"

namespace cw::providers::azure {

/// Parses `body` as JSON; "InvalidResponse" naming `what` when it is not.
nlohmann::json parse_json(const std::string& body, const std::string& what);

/// One page of an ARM list: the items and the absolute nextLink ("" on the last page).
struct ArmPage {
  std::vector<nlohmann::json> items;
  std::string next_link;
};
ArmPage parse_arm_page(const std::string& body, const std::string& what);

/// ARM error body {"error": {"code", "message"}} → ProviderError with that code; a body without
/// one gets "HttpError <status>". 429 and 5xx are retryable.
ProviderError arm_error(long status, const std::string& body);
/// Azure AD token endpoint error {"error": "invalid_client", "error_description": "AADSTS…"}.
ProviderError aad_error(long status, const std::string& body);

/// The ARM resource kinds CloudWeave maps; `type` is the ARM type in its canonical case.
ResourceRecord vm_record(const nlohmann::json& vm);
ResourceRecord disk_record(const nlohmann::json& disk);
ResourceRecord nsg_record(const nlohmann::json& nsg);
ResourceRecord storage_account_record(const nlohmann::json& account);
ResourceRecord sql_server_record(const nlohmann::json& server);
ResourceRecord sql_database_record(const nlohmann::json& database);
/// System databases (master) are part of the server, not resources of their own.
bool is_system_database(const nlohmann::json& database);

/// VM status from instanceView.statuses (PowerState/…, ProvisioningState/…) when present, else
/// from properties.provisioningState.
std::string vm_status(const nlohmann::json& vm);

struct Subscription {
  std::string subscription_id, display_name, tenant_id, state;
};
Subscription parse_subscription(const std::string& body);
/// Location names ("eastus", …) of GET /subscriptions/{id}/locations.
std::vector<std::string> parse_locations(const std::string& body);

/// Points of the first metric in an Azure Monitor answer; `aggregation` ("average", "total", …)
/// picks the field of each data point; points without a value (no data yet) are skipped.
std::vector<MetricPoint> parse_metrics(const std::string& body, const std::string& aggregation);
/// A metrics:getBatch answer (Azure Monitor's data plane): each resource's points (its first
/// metric's), keyed by the resource id in lower case (Azure does not keep the case it was given).
std::map<std::string, std::vector<MetricPoint>> parse_metrics_batch(const std::string& body,
                                                                    const std::string& aggregation);

/// One Cost Management query answer (properties.columns + rows), read by column name.
struct CostQueryPage {
  std::vector<CostLine> lines;
  bool has_date = false;  // false when the answer has no UsageDate column (granularity None)
  std::string next_link;
};
CostQueryPage parse_cost_query(const std::string& body);

}  // namespace cw::providers::azure
