#pragma once
/// GET /costs/forecast: where a scope's spend is heading — this month's end and the months after —
/// read from its daily rollups through the breakdown query, then forecast (costs/forecast.hpp has
/// the method and docs/cost-forecasting.md its measured error).
#include <nlohmann/json.hpp>

#include <map>
#include <string>

#include "core/clock.hpp"
#include "core/principal.hpp"

namespace cw::costs {

class CostService;

class ForecastService {
 public:
  /// Days of history a forecast reads: 13 months, so monthly charges are seen more than once.
  static constexpr int kHistoryDays = 400;

  ForecastService(CostService& costs, const Clock& clock) : costs_(costs), clock_(clock) {}

  /// `params`: GET /costs's filters and metric, plus `months` (1–12, default 3). The range and
  /// granularity are the forecast's own: asking for them is a VALIDATION_ERROR.
  nlohmann::json forecast(const Principal& actor, std::map<std::string, std::string> params);

 private:
  CostService& costs_;
  const Clock& clock_;
};

}  // namespace cw::costs
