#include "jobs/routes.hpp"

#include "core/error.hpp"
#include "http/paging.hpp"

namespace cw::jobs {

void register_routes(http::Router& router, JobQueue& queue) {
  router.add("GET", "/api/v1/jobs", [&](http::RequestContext& ctx) {
    auto page = http::parse_page(ctx);
    JobFilter f;
    f.state = ctx.query("state");
    f.type = ctx.query("type");
    if (f.state && *f.state != "queued" && *f.state != "running" && *f.state != "succeeded" && *f.state != "dead" &&
        *f.state != "cancelled")
      throw field_error("state", "must be one of: queued, running, succeeded, dead, cancelled");
    f.limit = page.limit;
    f.offset = http::cursor_offset(page);
    auto jobs = queue.list(ctx.caller().organization_id, f);
    long long total = queue.count(ctx.caller().organization_id, f);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& j : jobs) items.push_back(to_json(j));
    return http::ok_list(items, {{"limit", page.limit},
                                 {"nextCursor", http::next_offset_cursor(f.offset, jobs.size(), total)},
                                 {"total", total}});
  });

  router.add("GET", "/api/v1/jobs/{id}", [&](http::RequestContext& ctx) {
    auto job = queue.find(ctx.caller().organization_id, ctx.param("id"));
    if (!job) throw not_found("job");
    return http::ok(to_json(*job));
  });

  router.add("POST", "/api/v1/jobs/{id}/retry",
             [&](http::RequestContext& ctx) {
               if (!queue.find(ctx.caller().organization_id, ctx.param("id"))) throw not_found("job");
               if (!queue.redrive(ctx.caller().organization_id, ctx.param("id")))
                 throw ApiError(ErrorCode::kConflict, "only dead jobs can be retried");
               return http::ok(to_json(*queue.find(ctx.caller().organization_id, ctx.param("id"))), 202);
             },
             {.min_role = Role::kAdmin, .action = "jobs.retry", .target_type = "job"});

  // A queued job is cancelled at once; a running one is asked to stop and ends "cancelled" when
  // its handler hears it (at its next progress report, or within a heartbeat).
  router.add("POST", "/api/v1/jobs/{id}/cancel",
             [&](http::RequestContext& ctx) {
               auto job = queue.cancel(ctx.caller().organization_id, ctx.param("id"));
               if (!job) throw not_found("job");
               if (job->state != "cancelled" && job->state != "running")
                 throw ApiError(ErrorCode::kConflict, "the job has already finished (" + job->state + ")");
               return http::ok(to_json(*job), 202);
             },
             {.min_role = Role::kOperator, .blocking = true, .action = "jobs.cancel", .target_type = "job"});
}

}  // namespace cw::jobs
