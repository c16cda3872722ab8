#include "costs/forecast_service.hpp"

#include <charconv>

#include "core/error.hpp"
#include "costs/forecast.hpp"
#include "costs/query.hpp"
#include "costs/service.hpp"

namespace cw::costs {

namespace {

nlohmann::json month_json(const MonthForecast& m) {
  return {{"date", m.month + "-01"}, {"month", m.month}, {"actual", m.actual},
          {"amount", m.expected},    {"lower", m.lower}, {"upper", m.upper}};
}

int months_ahead(std::map<std::string, std::string>& params) {
  auto it = params.find("months");
  if (it == params.end()) return 3;
  int months = 0;
  const std::string& text = it->second;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), months);
  if (ec != std::errc() || end != text.data() + text.size() || months < 1 || months > 12)
    throw field_error("months", "must be a whole number from 1 to 12");
  params.erase(it);
  return months;
}

}  // namespace

nlohmann::json ForecastService::forecast(const Principal& actor, std::map<std::string, std::string> params) {
  int months = months_ahead(params);
  for (const char* fixed : {"from", "to", "granularity", "groupBy"})
    if (params.count(fixed))
      throw field_error(fixed, "is chosen by the forecast (it reads the last 13 months day by day)");
  std::string today = utc_day(clock_.now_ms());
  // Today's costs are still arriving (and clouds report a day or more late): forecast from yesterday.
  Day as_of = *parse_date(today) - std::chrono::days(1);
  params["from"] = format_date(as_of - std::chrono::days(kHistoryDays - 1));
  params["to"] = today;
  params["granularity"] = "daily";
  CostQuery query = parse_cost_query(params, today);
  query.with_previous_period = false;
  CostBreakdown history = costs_.breakdown(actor, query);

  std::vector<DatedAmount> days;
  for (const auto& series : history.series)
    for (const auto& [day, amount] : series.points) days.push_back({day, amount});
  CostForecast f = forecast_costs(daily_series(days), as_of, {.months_ahead = months});

  nlohmann::json points = nlohmann::json::array();
  for (const auto& m : f.months) points.push_back(month_json(m));
  return {{"currency", history.currency},
          {"asOf", format_date(as_of)},
          {"method", std::string(method_name(f.method))},
          {"coverage", 0.8},
          {"monthEnd", month_json(f.month_end)},
          {"points", points}};
}

}  // namespace cw::costs
