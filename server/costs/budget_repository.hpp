#pragma once
/// The SQL of budgets and their threshold crossings (migration 0016).
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "costs/budget_model.hpp"
#include "storage/database.hpp"

namespace cw::costs {

class BudgetRepository {
 public:
  explicit BudgetRepository(storage::Database& db) : db_(db) {}
  /// CONFLICT when the organization has a budget of that name.
  void insert(const Budget& budget);
  void update(const Budget& budget);
  bool remove(const std::string& organization_id, const std::string& id);
  std::optional<Budget> find(const std::string& organization_id, const std::string& id);
  std::vector<Budget> list(const std::string& organization_id);
  /// The organizations with budgets (the evaluator's work list).
  std::vector<std::string> organizations_with_budgets();

  /// Records a crossing; false when that threshold was already crossed in that period. `on_new`
  /// runs inside the insert's transaction.
  bool record_crossing(const BudgetCrossing& crossing, const std::function<void()>& on_new);
  std::vector<BudgetCrossing> crossings(const std::string& budget_id, int limit = 100);

 private:
  storage::Database& db_;
};

}  // namespace cw::costs
