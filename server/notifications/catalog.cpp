#include "notifications/catalog.hpp"

#include <cmath>
#include <cstdio>

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
  if (event.type == "cost.anomaly_detected") {
    const auto& scope = d.value("scope", nlohmann::json::object());
    std::string where = scope.value("name", scope.value("key", std::string("a scope")));
    if (scope.value("dimension", "") == "account") where = "account " + where;
    double impact = d.value("impact", 0.0);
    char amount[64];
    std::snprintf(amount, sizeof amount, "%s%.2f %s", impact >= 0 ? "+" : "-", impact >= 0 ? impact : -impact,
                  d.value("currency", std::string()).c_str());
    return Draft{"cost-anomaly:" + d.value("id", event.id),
                 {"costAlerts", "warning", "Cost anomaly in " + where + ": " + amount,
                  "Since " + d.value("date", std::string()) + ": about " +
                      std::to_string(static_cast<long long>(std::llround(d.value("actual", 0.0)))) + " " +
                      d.value("currency", std::string()) + " on its first day where about " +
                      std::to_string(static_cast<long long>(std::llround(d.value("expected", 0.0)))) + " was expected.",
                  "/cost?tab=anomalies", event.time}};
  }
  if (event.type == "budget.threshold_crossed") {
    const std::string basis = d.value("basis", std::string("actual"));
    const double percent = d.value("percent", 0.0);
    char line[256];
    std::snprintf(line, sizeof line, "%s %s %.0f%% of %.2f %s", d.value("name", std::string("A budget")).c_str(),
                  basis == "forecast" ? "is forecast to reach" : "has reached", percent, d.value("amount", 0.0),
                  d.value("currency", std::string()).c_str());
    char detail[160];
    std::snprintf(detail, sizeof detail, "%s %.2f %s in the %s period from %s.",
                  basis == "forecast" ? "Forecast" : "Spent", d.value("value", 0.0),
                  d.value("currency", std::string()).c_str(), d.value("period", std::string()).c_str(),
                  d.value("periodStart", std::string()).c_str());
    // One notification per budget, period, basis and threshold, however often it is evaluated.
    char key[200];
    std::snprintf(key, sizeof key, "budget:%s:%s:%s:%g", d.value("budgetId", std::string()).c_str(),
                  d.value("periodStart", std::string()).c_str(), basis.c_str(), percent);
    return Draft{key,
                 {"costAlerts", percent >= 100 ? "error" : "warning", line, detail, "/cost?tab=budgets", event.time}};
  }
  if (event.type == "security.findings_opened") {
    const long long critical = d.value("critical", 0LL), high = d.value("high", 0LL);
    std::string line;
    if (critical > 0) line = std::to_string(critical) + " new critical";
    if (high > 0) line += (line.empty() ? "" : " and ") + std::to_string(high) + " new high";
    line += std::string(critical + high == 1 ? " security finding" : " security findings");
    std::string detail;
    for (const auto& e : d.value("examples", nlohmann::json::array())) {
      if (!e.is_object()) continue;
      detail += (detail.empty() ? "" : "; ") + e.value("title", std::string()) + " (" +
                e.value("resourceName", std::string()) + ")";
    }
    // One notification per scan, however many findings it opened.
    return Draft{"security-scan:" + d.value("scanId", event.id),
                 {"security", critical > 0 ? "error" : "warning", line, detail, "/security?status=open", event.time}};
  }
  if (event.type == "alert.notification") {
    // One per notification of a rule's group (the router applied silences, inhibition and the
    // group timers); webhooks get Alertmanager's body.
    const bool firing = d.value("status", "firing") == "firing";
    const std::string severity = d.value("severity", "warning");
    const long long count = d.value("firing", 0LL), resolved = d.value("resolved", 0LL);
    std::string title = std::string(firing ? "Firing" : "Resolved") + ": " + d.value("ruleName", std::string("alert"));
    if (firing && count > 1) title += " (" + std::to_string(count) + " alerts)";
    if (firing && resolved > 0) title += ", " + std::to_string(resolved) + " resolved";
    Content content{"alerts",
                    firing ? (severity == "critical" ? "error"
                              : severity == "info"   ? "info"
                                                     : "warning")
                           : "success",
                    title,
                    d.value("summary", std::string()),
                    "/monitoring/alerts",
                    event.time};
    if (d.contains("webhookBody") && d["webhookBody"].is_object()) content.webhook_body = d["webhookBody"];
    return Draft{d.value("notificationKey", "alert:" + event.id), content};
  }
  if (event.type == "vault.share.downloaded") {
    std::string detail = "Downloaded through a share link";
    if (d.contains("maxDownloads") && d["maxDownloads"].is_number_integer())
      detail += " (" + std::to_string(d.value("downloads", 0LL)) + " of " +
                std::to_string(d["maxDownloads"].get<long long>()) + " downloads)";
    return Draft{"vault-share-download:" + event.id,
                 {"vault", "info", "Shared file downloaded: " + d.value("fileName", std::string("a file")),
                  detail + ".", "/vault", event.time},
                 d.value("createdBy", std::string())};
  }
  // Later domains add theirs here: deployment.updated (deployments).
  return std::nullopt;
}

}  // namespace cw::notifications
