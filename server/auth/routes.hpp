#pragma once
#include "auth/service.hpp"
#include "http/router.hpp"

namespace cw::auth {
/// /auth/*, /users/me/password, /api-keys.
void register_routes(http::Router& router, AuthService& auth, orgs::OrgService& orgs);
}  // namespace cw::auth
