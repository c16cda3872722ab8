#pragma once
/// A budget: an amount per month, quarter or year over a scope of the organization's costs, with
/// thresholds that alert once per period when the spend (actual) or the forecast for the period's
/// end crosses a share of the amount.
#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace cw::costs {

struct BudgetThreshold {
  double percent = 100;
  std::string basis = "actual";  // actual | forecast
};

struct Budget {
  std::string id, organization_id, name;
  double amount = 0;
  std::string currency = "USD";
  std::string period = "monthly";              // monthly | quarterly | yearly
  std::map<std::string, std::string> filters;  // GET /costs filters: provider, providerId, service, region, tag
  std::vector<BudgetThreshold> thresholds;
  std::string created_by;
  Millis created_at = 0, updated_at = 0;
};

/// A threshold crossed in a period (the alert history).
struct BudgetCrossing {
  std::string budget_id, period_start, basis;
  double percent = 0, value = 0;
  Millis crossed_at = 0;
};

/// Where a budget stands in its current period.
struct BudgetStatus {
  std::string period_start, period_end;  // [start, end), YYYY-MM-DD
  double spent = 0;
  std::optional<double> forecast;  // the period's expected total; none without history
  double percent_used = 0;
  std::string state = "ok";             // ok | warning (a threshold crossed) | exceeded (actual ≥ 100 %)
  std::string error;                    // why it cannot be computed (e.g. the costs are in another currency)
  std::vector<BudgetCrossing> crossed;  // this period's
};

/// One past or current period: what was spent against the amount.
struct BudgetPeriod {
  std::string period_start;
  double spent = 0;
};

/// The period `day` (YYYY-MM-DD) falls in: [start, end).
std::pair<std::string, std::string> budget_period(const std::string& period, const std::string& day);

/// Checks a POST body (or, with `base`, a PATCH over an existing budget): VALIDATION_ERROR naming
/// the field. Thresholds default to 50/80/100 % actual and 100 % forecast.
Budget parse_budget(const nlohmann::json& body, const Budget* base = nullptr);

nlohmann::json to_json(const Budget& budget);
nlohmann::json to_json(const BudgetStatus& status);
nlohmann::json to_json(const BudgetCrossing& crossing);
nlohmann::json thresholds_json(const std::vector<BudgetThreshold>& thresholds);
std::vector<BudgetThreshold> thresholds_from_json(const nlohmann::json& json);

}  // namespace cw::costs
