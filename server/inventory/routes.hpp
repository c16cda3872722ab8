#pragma once
#include "http/router.hpp"
#include "inventory/accounts.hpp"
#include "inventory/resources.hpp"
#include "orgs/service.hpp"

namespace cw::inventory {
/// /providers…, /resources…, /inventory/summary.
void register_routes(http::Router& router, AccountService& accounts, ResourceService& resources,
                     ResourceRepository& resource_repo, orgs::OrgService& orgs);
}
