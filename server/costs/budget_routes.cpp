#include "costs/budget_routes.hpp"

#include "costs/budget_service.hpp"

namespace cw::costs {

namespace {
nlohmann::json with_status(const Budget& b, const BudgetStatus& s) {
  nlohmann::json out = to_json(b);
  out["status"] = to_json(s);
  return out;
}
}  // namespace

void register_budget_routes(http::Router& router, BudgetService& budgets) {
  router.add("GET", "/api/v1/budgets",
             [&](http::RequestContext& ctx) {
               nlohmann::json items = nlohmann::json::array();
               for (const auto& [b, s] : budgets.list(ctx.caller())) items.push_back(with_status(b, s));
               return http::ok(items);
             },
             {.blocking = true});

  router.add("POST", "/api/v1/budgets",
             [&](http::RequestContext& ctx) {
               auto [b, s] = budgets.create(ctx.caller(), ctx.json());
               ctx.audit_target_id = b.id;
               ctx.audit_details = {{"name", b.name}, {"amount", b.amount}, {"period", b.period}};
               return http::ok(with_status(b, s), 201);
             },
             {.min_role = Role::kAdmin, .blocking = true, .action = "budgets.create", .target_type = "budget"});

  router.add("GET", "/api/v1/budgets/{id}",
             [&](http::RequestContext& ctx) { return http::ok(budgets.get(ctx.caller(), ctx.param("id"))); },
             {.blocking = true});

  router.add("PATCH", "/api/v1/budgets/{id}",
             [&](http::RequestContext& ctx) {
               auto [b, s] = budgets.update(ctx.caller(), ctx.param("id"), ctx.json());
               ctx.audit_target_id = b.id;
               ctx.audit_details = {{"name", b.name}, {"amount", b.amount}, {"period", b.period}};
               return http::ok(with_status(b, s));
             },
             {.min_role = Role::kAdmin, .blocking = true, .action = "budgets.update", .target_type = "budget"});

  router.add("DELETE", "/api/v1/budgets/{id}",
             [&](http::RequestContext& ctx) {
               budgets.remove(ctx.caller(), ctx.param("id"));
               ctx.audit_target_id = ctx.param("id");
               return http::no_content();
             },
             {.min_role = Role::kAdmin, .blocking = true, .action = "budgets.delete", .target_type = "budget"});
}

}  // namespace cw::costs
