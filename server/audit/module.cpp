#include "audit/module.hpp"

#include "audit/routes.hpp"

namespace cw::audit {

void AuditModule::add_routes(http::Router& router) { register_routes(router, repository); }

}  // namespace cw::audit
