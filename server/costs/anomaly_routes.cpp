#include "costs/anomaly_routes.hpp"

#include "costs/anomaly_service.hpp"

namespace cw::costs {

void register_anomaly_routes(http::Router& router, AnomalyService& anomalies) {
  router.add("GET", "/api/v1/costs/anomalies",
             [&](http::RequestContext& ctx) {
               nlohmann::json items = nlohmann::json::array();
               for (const auto& a : anomalies.list(ctx.caller(), ctx.request.query)) items.push_back(to_json(a));
               return http::ok(items);
             },
             {.blocking = true});

  router.add("POST", "/api/v1/costs/anomalies/{id}/dismiss",
             [&](http::RequestContext& ctx) {
               auto anomaly = anomalies.dismiss(ctx.caller(), ctx.param("id"), ctx.json());
               ctx.audit_target_id = anomaly.id;
               ctx.audit_details = {{"reason", anomaly.dismissed_reason}};
               return http::ok(to_json(anomaly));
             },
             {.min_role = Role::kOperator,
              .blocking = true,
              .action = "costs.anomaly.dismiss",
              .target_type = "cost_anomaly"});
}

}  // namespace cw::costs
