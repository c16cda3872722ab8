#pragma once
/// GET|POST /budgets and GET|PATCH|DELETE /budgets/{id} (costs/budget_service.hpp).
#include "http/router.hpp"

namespace cw::costs {

class BudgetService;

void register_budget_routes(http::Router& router, BudgetService& budgets);

}  // namespace cw::costs
