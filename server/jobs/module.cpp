#include "jobs/module.hpp"

#include "jobs/routes.hpp"

namespace cw::jobs {

void JobsModule::add_routes(http::Router& router) { register_routes(router, queue_); }

}  // namespace cw::jobs
