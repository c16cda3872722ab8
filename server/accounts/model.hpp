#pragma once
/// A connected cloud account as CloudWeave stores it.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "core/clock.hpp"

namespace cw::accounts {

struct Account {
  std::string id, organization_id, provider, name;
  std::string sealed_credentials;                      // never leaves the server
  nlohmann::json settings = nlohmann::json::object();  // {"regions", "services", "endpoints", "billingExportTable"}
  std::string status = "pending";                      // pending | connected | error | disconnected
  std::string status_reason;
  bool is_demo = false;
  long long sync_interval_seconds = 900;
  std::optional<Millis> last_sync_at;
  std::string last_sync_job_id;
  long long resource_count = 0;
  Millis created_at = 0, updated_at = 0;
};

/// The public shape: credentials are write-only and never appear.
nlohmann::json to_json(const Account& account);

}  // namespace cw::accounts
