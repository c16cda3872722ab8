#include "costs/anomaly_record.hpp"

namespace cw::costs {

nlohmann::json drivers_json(const std::vector<AnomalyDriver>& drivers) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& d : drivers)
    out.push_back({{"dimension", d.dimension},
                   {"key", d.key},
                   {"expected", d.expected},
                   {"actual", d.actual},
                   {"contribution", d.contribution},
                   {"share", d.share}});
  return out;
}

std::vector<AnomalyDriver> drivers_from_json(const nlohmann::json& json) {
  std::vector<AnomalyDriver> out;
  if (!json.is_array()) return out;
  for (const auto& d : json)
    out.push_back({d.value("dimension", ""), d.value("key", ""), d.value("expected", 0.0), d.value("actual", 0.0),
                   d.value("contribution", 0.0), d.value("share", 0.0)});
  return out;
}

nlohmann::json to_json(const CostAnomaly& a) {
  auto text_or_null = [](const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); };
  return {{"id", a.id},
          {"date", a.day},
          {"days", a.days},
          {"scope", {{"dimension", a.scope_dimension}, {"key", a.scope_key}}},
          {"currency", a.currency},
          {"expected", a.expected},
          {"actual", a.actual},
          {"impact", a.impact},
          {"score", a.score},
          {"drivers", drivers_json(a.drivers)},
          {"status", a.status},
          {"dismissedReason", text_or_null(a.dismissed_reason)},
          {"dismissedBy", text_or_null(a.dismissed_by)},
          {"dismissedAt", a.dismissed_at ? nlohmann::json(format_rfc3339(*a.dismissed_at)) : nlohmann::json(nullptr)},
          {"detectedAt", format_rfc3339(a.detected_at)}};
}

}  // namespace cw::costs
