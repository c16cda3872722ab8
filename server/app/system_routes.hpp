#pragma once
#include <string_view>

#include "app/services.hpp"
#include "http/router.hpp"

namespace cw::app {
/// GET /api/v1/health, GET /metrics, GET /api/v1/openapi.json.
void register_system_routes(http::Router& router, Services& services);
/// api/openapi.yaml converted to JSON at build time.
std::string_view embedded_openapi_json();
}  // namespace cw::app
