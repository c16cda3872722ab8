#pragma once
#include "accounts/service.hpp"
#include "http/router.hpp"

namespace cw::orgs {
class OrgService;
}

namespace cw::accounts {
/// /providers…: connect, list, change, test, sync and disconnect cloud accounts.
void register_routes(http::Router& router, AccountService& accounts, orgs::OrgService& orgs);
}  // namespace cw::accounts
