#include "auth/module.hpp"

#include "auth/routes.hpp"

namespace cw::auth {

AuthModule::AuthModule(platform::Platform& p, std::vector<SigningKey> keys, orgs::OrgService& orgs,
                       http::RateLimiter& limiter)
    : tokens(p.db), service(AuthSettings{}, JwtCodec(std::move(keys)), tokens, orgs, limiter, p.clock), orgs_(orgs) {}

void AuthModule::add_routes(http::Router& router) { register_routes(router, service, orgs_); }

}  // namespace cw::auth
