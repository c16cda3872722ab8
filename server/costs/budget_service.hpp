#pragma once
/// Budgets: CRUD (GET|POST /budgets, GET|PATCH|DELETE /budgets/{id}), where each stands in its
/// period (spend from the rollups, the period's forecast from ForecastService), and the evaluation
/// that records each threshold crossed once per period and announces it
/// (`budget.threshold_crossed` → a costAlerts notification).
#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/principal.hpp"
#include "costs/budget_repository.hpp"

namespace cw::events {
class EventBus;
}

namespace cw::costs {

class CostService;
class ForecastService;

class BudgetService {
 public:
  BudgetService(CostService& costs, ForecastService& forecasts, BudgetRepository& repo, events::EventBus& events,
                const Clock& clock)
      : costs_(costs), forecasts_(forecasts), repo_(repo), events_(events), clock_(clock) {}

  std::vector<std::pair<Budget, BudgetStatus>> list(const Principal& actor);
  /// The budget, its status, its last periods' spend and its crossings.
  nlohmann::json get(const Principal& actor, const std::string& id);
  /// Creates and evaluates at once (a budget already crossed alerts now, not in an hour).
  std::pair<Budget, BudgetStatus> create(const Principal& actor, const nlohmann::json& body);
  std::pair<Budget, BudgetStatus> update(const Principal& actor, const std::string& id, const nlohmann::json& body);
  void remove(const Principal& actor, const std::string& id);

  /// Records and announces the thresholds crossed in the current period; returns how many were new.
  int evaluate(const std::string& organization_id);
  int evaluate_all();

  /// Demo mode: when the organization has no budget yet, adds two sized on last month's spend —
  /// one for everything (comfortably above it) and one for its costliest service (tight enough to
  /// warn) — so the Budgets tab shows progress, a forecast marker and an alert. Returns how many.
  int seed_demo(const std::string& organization_id);

  BudgetStatus status(const Budget& budget);

 private:
  /// Records the thresholds `status` crosses; the new ones are added to it.
  int evaluate(const Budget& budget, BudgetStatus& status);
  std::vector<BudgetPeriod> history(const Budget& budget);
  Budget require(const Principal& actor, const std::string& id);

  CostService& costs_;
  ForecastService& forecasts_;
  BudgetRepository& repo_;
  events::EventBus& events_;
  const Clock& clock_;
};

}  // namespace cw::costs
