#pragma once
#include "http/router.hpp"
#include "orgs/service.hpp"

namespace cw::orgs {
/// /organization, /users (members), /users/me, /users/me/preferences, /onboarding.
/// `hash_password` comes from the auth domain (members created with a password).
void register_routes(http::Router& router, OrgService& orgs,
                     std::function<std::string(const std::string&)> hash_password);
}  // namespace cw::orgs
