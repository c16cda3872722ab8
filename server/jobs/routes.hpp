#pragma once
#include "http/router.hpp"
#include "jobs/job_queue.hpp"

namespace cw::jobs {
/// GET /jobs, GET /jobs/{id}, POST /jobs/{id}/retry (re-drive a dead job).
void register_routes(http::Router& router, JobQueue& queue);
}  // namespace cw::jobs
