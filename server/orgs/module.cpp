#include "orgs/module.hpp"

#include "orgs/routes.hpp"

namespace cw::orgs {

OrgsModule::OrgsModule(platform::Platform& p, std::function<std::string(const std::string&)> hash_password)
    : repository(p.db), service(p.db, repository, p.events, p.clock), hash_password_(std::move(hash_password)) {}

void OrgsModule::add_routes(http::Router& router) { register_routes(router, service, hash_password_); }

}  // namespace cw::orgs
