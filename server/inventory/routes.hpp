#pragma once
#include "http/router.hpp"
#include "inventory/resources.hpp"

namespace cw::inventory {
/// /resources…: list and search, summary, CRUD, actions, metrics.
void register_routes(http::Router& router, ResourceService& resources, ResourceRepository& resource_repo);
}  // namespace cw::inventory
