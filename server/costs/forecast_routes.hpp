#pragma once
/// GET /costs/forecast (costs/forecast_service.hpp).
#include "http/router.hpp"

namespace cw::costs {

class ForecastService;

void register_forecast_routes(http::Router& router, ForecastService& forecasts);

}  // namespace cw::costs
