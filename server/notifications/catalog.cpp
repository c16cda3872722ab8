#include "notifications/catalog.hpp"

namespace cw::notifications {

std::optional<Content> content_for(const events::DomainEvent& event) {
  const auto& d = event.data;
  if (event.type == "sync.completed" && d.value("status", "") == "error") {
    std::string account = d.value("accountName", d.value("accountId", std::string("a cloud account")));
    std::string why = d.contains("error") ? d["error"].value("message", "") : "";
    return Content{"sync", "error", "Sync of " + account + " failed", why, "/providers", event.time};
  }
  // Later domains add theirs here: alert.fired (alerts), budget.exceeded (costAlerts),
  // finding.created (security), deployment.updated (deployments), vault.* (vault).
  return std::nullopt;
}

}  // namespace cw::notifications
