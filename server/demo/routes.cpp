#include "demo/routes.hpp"

#include "core/json_body.hpp"

namespace cw::demo {

void register_routes(http::Router& router, DemoService& demo) {
  router.add("POST", "/api/v1/demo",
             [&](http::RequestContext& ctx) {
               JsonBody body(ctx.json());
               std::string scenario = body.one_of("scenario", {"startup", "enterprise", "devops", "multicloud"});
               body.finish();
               nlohmann::json out = demo.load(ctx.caller(), scenario);
               ctx.audit_details = {{"scenario", scenario}};
               return http::created(out);
             },
             {.min_role = Role::kOperator, .blocking = true, .action = "demo.load", .target_type = "organization"});

  router.add("GET", "/api/v1/demo",
             [&](http::RequestContext& ctx) { return http::ok(demo.status(ctx.caller().organization_id)); });

  router.add("DELETE", "/api/v1/demo",
             [&](http::RequestContext& ctx) {
               demo.clear(ctx.caller());
               return http::no_content();
             },
             {.min_role = Role::kOperator, .blocking = true, .action = "demo.clear", .target_type = "organization"});
}

}  // namespace cw::demo
