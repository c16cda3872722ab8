#include "accounts/model.hpp"

#include "core/json_values.hpp"

namespace cw::accounts {

nlohmann::json to_json(const Account& a) {
  nlohmann::json out = {
      {"id", a.id},
      {"provider", a.provider},
      {"name", a.name},
      {"status", a.status},
      {"statusReason", a.status_reason.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.status_reason)},
      {"regions", a.settings.value("regions", nlohmann::json::array())},
      {"syncIntervalSeconds", a.sync_interval_seconds},
      {"lastSync", time_or_null(a.last_sync_at)},
      {"lastSyncJobId", a.last_sync_job_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.last_sync_job_id)},
      {"resourceCount", a.resource_count},
      {"isDemo", a.is_demo},
      {"createdAt", format_rfc3339(a.created_at)},
      {"updatedAt", format_rfc3339(a.updated_at)}};
  if (auto t = a.settings.find("billingExportTable"); t != a.settings.end() && t->is_string())
    out["billingExportTable"] = *t;
  return out;
}

}  // namespace cw::accounts
