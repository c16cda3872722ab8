#pragma once
#include "demo/demo_service.hpp"
#include "http/router.hpp"

namespace cw::demo {
/// POST|GET|DELETE /demo.
void register_routes(http::Router& router, DemoService& demo);
}  // namespace cw::demo
