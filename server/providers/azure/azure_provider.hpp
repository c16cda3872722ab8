#pragma once
/// The "azure" provider kind: Azure AD client-credentials tokens and Azure Resource Manager REST
/// through the shared HTTP client, so retries, the per-account breaker and rate limit apply.
///
/// Credentials: {tenantId, clientId, subscriptionId (GUIDs), clientSecret} — unknown fields are
/// rejected. Settings: {regions?: ["eastus", …] (filters the inventory; default all),
/// endpoints?: {"login": URL, "management": URL, "storage": URL}} — an override points a service at
/// an emulator or a replay server.
///
/// Inventory: virtual machines (power state from the instance view), managed disks, network
/// security groups (open inbound ports), storage accounts (public access, TLS, HTTPS-only) and SQL
/// servers with their databases, walked kind after kind with ARM's nextLink paging; then the
/// subscription itself (an "account" record: whether a diagnostic setting exports the Activity
/// Log) and the Key Vault keys of every vault (rotation policy). The page token is "<step>" or
/// "<step>|<nextLink>" and ARM decides the page size. Reads the credentials may not do (403) on
/// the subscription's security scope leave facts unknown instead of failing the sync. VMs can be
/// started, stopped (deallocated) and restarted; every listed kind can be deleted. metrics() reads
/// Azure Monitor for VMs, costs() the Cost Management query API (daily, by service). Creating and
/// updating resources answer UnsupportedOperation; there is no change feed capability.
#include "providers/common/http_client.hpp"
#include "providers/provider.hpp"

namespace cw::providers::azure {

/// `http` is the app's shared client; it must outlive every provider created from the kind.
ProviderKind azure_kind(common::HttpClient& http);

std::map<std::string, std::string> validate_credentials(const nlohmann::json& credentials);

}  // namespace cw::providers::azure
