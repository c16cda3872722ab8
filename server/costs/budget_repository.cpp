#include "costs/budget_repository.hpp"

#include "core/error.hpp"
#include "core/json_text.hpp"

namespace cw::costs {

using storage::params;

namespace {

constexpr const char* kColumns =
    "id, organization_id, name, amount, currency, period, filters, thresholds, created_by, created_at, updated_at";

Budget budget_from(storage::Row& row) {
  Budget b;
  b.id = row.take_text(0);
  b.organization_id = row.take_text(1);
  b.name = row.take_text(2);
  b.amount = row.real(3);
  b.currency = row.take_text(4);
  b.period = row.take_text(5);
  auto filters = nlohmann::json::parse(row.take_text(6), nullptr, false);
  if (filters.is_object())
    for (const auto& [k, v] : filters.items())
      if (v.is_string()) b.filters[k] = v.get<std::string>();
  b.thresholds = thresholds_from_json(nlohmann::json::parse(row.take_text(7), nullptr, false));
  b.created_by = row.take_text(8);
  b.created_at = row.integer(9);
  b.updated_at = row.integer(10);
  return b;
}

bool name_taken(storage::Database& db, const Budget& b) {
  return !db.execute("SELECT 1 FROM cost_budgets WHERE organization_id = ? AND name = ? AND id <> ?",
                     params(b.organization_id, b.name, b.id))
              .rows.empty();
}

}  // namespace

void BudgetRepository::insert(const Budget& b) {
  db_.transaction([&](storage::Connection&) {
    if (name_taken(db_, b)) throw ApiError(ErrorCode::kConflict, "A budget named '" + b.name + "' exists already");
    db_.execute(std::string("INSERT INTO cost_budgets (") + kColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                params(b.id, b.organization_id, b.name, b.amount, b.currency, b.period, dump_json(b.filters),
                       dump_json(thresholds_json(b.thresholds)), b.created_by, static_cast<std::int64_t>(b.created_at),
                       static_cast<std::int64_t>(b.updated_at)));
  });
}

void BudgetRepository::update(const Budget& b) {
  db_.transaction([&](storage::Connection&) {
    if (name_taken(db_, b)) throw ApiError(ErrorCode::kConflict, "A budget named '" + b.name + "' exists already");
    db_.execute(
        "UPDATE cost_budgets SET name = ?, amount = ?, currency = ?, period = ?, filters = ?, thresholds = ?,"
        " updated_at = ? WHERE organization_id = ? AND id = ?",
        params(b.name, b.amount, b.currency, b.period, dump_json(b.filters), dump_json(thresholds_json(b.thresholds)),
               static_cast<std::int64_t>(b.updated_at), b.organization_id, b.id));
  });
}

bool BudgetRepository::remove(const std::string& organization_id, const std::string& id) {
  return db_.execute("DELETE FROM cost_budgets WHERE organization_id = ? AND id = ?", params(organization_id, id))
             .affected > 0;
}

std::optional<Budget> BudgetRepository::find(const std::string& organization_id, const std::string& id) {
  auto result =
      db_.execute(std::string("SELECT ") + kColumns + " FROM cost_budgets WHERE organization_id = ? AND id = ?",
                  params(organization_id, id));
  if (result.rows.empty()) return std::nullopt;
  return budget_from(result.rows[0]);
}

std::vector<Budget> BudgetRepository::list(const std::string& organization_id) {
  std::vector<Budget> out;
  for (auto& row :
       db_.execute(std::string("SELECT ") + kColumns + " FROM cost_budgets WHERE organization_id = ? ORDER BY name",
                   params(organization_id))
           .rows)
    out.push_back(budget_from(row));
  return out;
}

std::vector<std::string> BudgetRepository::organizations_with_budgets() {
  std::vector<std::string> out;
  for (auto& row : db_.execute("SELECT DISTINCT organization_id FROM cost_budgets").rows)
    out.push_back(row.take_text(0));
  return out;
}

bool BudgetRepository::record_crossing(const BudgetCrossing& c, const std::function<void()>& on_new) {
  bool inserted = false;
  db_.transaction([&](storage::Connection&) {
    inserted = db_.execute(
                      "INSERT INTO cost_budget_crossings (budget_id, period_start, basis, percent, value, crossed_at)"
                      " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (budget_id, period_start, basis, percent) DO NOTHING",
                      params(c.budget_id, c.period_start, c.basis, c.percent, c.value,
                             static_cast<std::int64_t>(c.crossed_at)))
                   .affected > 0;
    if (inserted && on_new) on_new();
  });
  return inserted;
}

std::vector<BudgetCrossing> BudgetRepository::crossings(const std::string& budget_id, int limit) {
  std::vector<BudgetCrossing> out;
  for (auto& row : db_.execute("SELECT budget_id, period_start, basis, percent, value, crossed_at"
                               " FROM cost_budget_crossings WHERE budget_id = ?"
                               " ORDER BY period_start DESC, crossed_at DESC LIMIT ?",
                               params(budget_id, static_cast<std::int64_t>(limit)))
                       .rows)
    out.push_back({row.take_text(0), row.take_text(1), row.take_text(2), row.real(3), row.real(4), row.integer(5)});
  return out;
}

}  // namespace cw::costs
