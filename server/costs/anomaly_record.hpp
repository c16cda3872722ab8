#pragma once
/// A cost anomaly as CloudWeave keeps and shows it (GET /costs/anomalies): where (a service or a
/// cloud account), when, by how much, what drove it, and whether someone dismissed it.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace cw::costs {

struct AnomalyDriver {
  std::string dimension, key;  // service | account | region | resource, and its value
  double expected = 0, actual = 0, contribution = 0, share = 0;
};

struct CostAnomaly {
  std::string id, organization_id;
  std::string scope_dimension, scope_key;  // service | account
  std::string day;                         // first day, YYYY-MM-DD
  int days = 1;
  std::string currency;
  double expected = 0, actual = 0, impact = 0, score = 0;
  std::vector<AnomalyDriver> drivers;
  std::string status = "open";  // open | dismissed
  std::string dismissed_reason, dismissed_by;
  std::optional<Millis> dismissed_at;
  Millis detected_at = 0;
};

nlohmann::json to_json(const CostAnomaly& anomaly);
nlohmann::json drivers_json(const std::vector<AnomalyDriver>& drivers);
std::vector<AnomalyDriver> drivers_from_json(const nlohmann::json& json);

}  // namespace cw::costs
