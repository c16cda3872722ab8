#include "notifications/catalog.hpp"

namespace cw::notifications {

std::optional<Draft> draft_for(const events::DomainEvent& event) {
  const auto& d = event.data;
  if (event.type == "sync.completed" && d.value("status", "") == "error") {
    std::string account = d.value("accountName", d.value("accountId", std::string("a cloud account")));
    std::string why = d.contains("error") ? d["error"].value("message", "") : "";
    std::string job = d.contains("jobId") && d["jobId"].is_string() ? d["jobId"].get<std::string>() : event.id;
    return Draft{"sync-failed:" + job,
                 {"sync", "error", "Sync of " + account + " failed", why, "/settings/cloud-accounts", event.time}};
  }
  // Later domains add theirs here: alert.fired (alerts), budget.exceeded (costAlerts),
  // finding.created (security), deployment.updated (deployments), vault.* (vault).
  return std::nullopt;
}

}  // namespace cw::notifications
