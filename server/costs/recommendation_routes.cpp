#include "costs/recommendation_routes.hpp"

#include "costs/recommendation_service.hpp"

namespace cw::costs {

void register_recommendation_routes(http::Router& router, RecommendationService& recommendations) {
  router.add("GET", "/api/v1/costs/recommendations",
             [&](http::RequestContext& ctx) { return http::ok(recommendations.list(ctx.caller(), ctx.request.query)); },
             {.blocking = true});

  router.add("POST", "/api/v1/costs/recommendations/{id}/dismiss",
             [&](http::RequestContext& ctx) {
               ctx.audit_target_id = ctx.param("id");
               return http::ok(recommendations.dismiss(ctx.caller(), ctx.param("id"), ctx.json()));
             },
             {.min_role = Role::kOperator,
              .blocking = true,
              .action = "costs.recommendation.dismiss",
              .target_type = "cost_recommendation"});

  router.add("POST", "/api/v1/costs/recommendations/{id}/apply",
             [&](http::RequestContext& ctx) {
               ctx.audit_target_id = ctx.param("id");
               return http::ok(recommendations.apply(ctx.caller(), ctx.param("id")), 202);
             },
             {.min_role = Role::kOperator,
              .blocking = true,
              .action = "costs.recommendation.apply",
              .target_type = "cost_recommendation"});
}

}  // namespace cw::costs
