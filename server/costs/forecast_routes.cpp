#include "costs/forecast_routes.hpp"

#include "costs/forecast_service.hpp"

namespace cw::costs {

void register_forecast_routes(http::Router& router, ForecastService& forecasts) {
  router.add("GET", "/api/v1/costs/forecast",
             [&](http::RequestContext& ctx) { return http::ok(forecasts.forecast(ctx.caller(), ctx.request.query)); },
             {.blocking = true});
}

}  // namespace cw::costs
