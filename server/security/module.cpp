#include "security/module.hpp"

#include "events/event_bus.hpp"
#include "jobs/job_runner.hpp"
#include "security/routes.hpp"

namespace cw::security {

namespace {
// A sync announces every resource it changes. The scan a change asks for starts kGatherMs later;
// within kQuietMs of asking, this replica does not ask again — the scan has not started, so it
// will read those changes too.
constexpr Millis kGatherMs = 2'000;
constexpr Millis kQuietMs = 1'000;
}  // namespace

SecurityModule::SecurityModule(platform::Platform& p, SecuritySettings settings, const Catalog& catalog)
    : scan_repository(p.db),
      finding_repository(p.db),
      mute_repository(p.db),
      rules(catalog, mute_repository, p.clock),
      scans(scan_repository, finding_repository, mute_repository, rules, p.db, p.queue, p.events, p.clock, settings),
      findings(finding_repository, scan_repository, mute_repository, rules, p.db, p.clock),
      clock_(p.clock) {}

void SecurityModule::add_routes(http::Router& router) { register_security_routes(router, rules, scans, findings); }

void SecurityModule::add_jobs(jobs::JobRunner& runner) {
  runner.handle(ScanService::kScanJob,
                [this](const jobs::Job& job, jobs::JobContext& ctx) { return scans.run(job, ctx); });
  runner.every("security.schedule_scans", scans.settings().scan_interval_ms, [this] { scans.schedule_all(); });
}

bool SecurityModule::debounce(const std::string& organization_id) {
  std::lock_guard lock(mutex_);
  const Millis now = clock_.now_ms();
  auto& last = last_request_[organization_id];
  if (last && now - last < kQuietMs) return false;
  last = now;
  return true;
}

void SecurityModule::subscribe(events::EventBus& events) {
  events.subscribe("security.scans", [this](const events::DomainEvent& event) {
    if (event.type == "sync.completed") {
      if (event.data.value("status", "") == "connected") scans.request(event.organization_id, "sync", false);
    } else if (event.type == "resource.created" || event.type == "resource.updated" ||
               event.type == "resource.deleted") {
      if (debounce(event.organization_id)) scans.request(event.organization_id, "change", false, {}, kGatherMs);
    }
  });
}

}  // namespace cw::security
