#pragma once
/// The subscription as a resource of its own (type "account", spec.kind "subscription") for the
/// security rules, and whether its Activity Log leaves the subscription: a subscription
/// diagnostic setting that sends the Administrative category somewhere (CIS Azure 5.1.1/5.1.2).
/// Without one, Azure keeps the Activity Log for 90 days only and nobody outside the portal sees
/// who changed what.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "providers/provider.hpp"

namespace cw::providers::azure {

/// GET /subscriptions/{id} (id, subscriptionId, displayName, state, tenantId, tags) → the account
/// record; `trail_enabled` is the Activity Log export, nullopt when the credentials may not read
/// it (then posture.unknown names "trailEnabled"). "InvalidResponse" without a subscriptionId.
ResourceRecord subscription_record(const nlohmann::json& subscription, std::optional<bool> trail_enabled);

/// One diagnostic setting (subscription scope) exports management activity: it has a destination
/// (Log Analytics workspace, storage account, event hub or partner solution) and an enabled log
/// entry for the "Administrative" category or a category group that holds it ("allLogs", "audit").
bool exports_administrative_log(const nlohmann::json& setting);

/// The list answer of /subscriptions/{id}/providers/Microsoft.Insights/diagnosticSettings: true
/// when some setting exports the Administrative log, false when none does (or there are none).
bool activity_log_exported(const std::string& body);

}  // namespace cw::providers::azure
