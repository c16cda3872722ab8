#include "costs/recommendations_module.hpp"

#include "accounts/module.hpp"
#include "costs/recommendation_routes.hpp"
#include "events/event_bus.hpp"
#include "inventory/module.hpp"
#include "jobs/job_runner.hpp"

namespace cw::costs {

RecommendationsModule::RecommendationsModule(platform::Platform& p, accounts::AccountsModule& accounts,
                                             inventory::InventoryModule& inventory, RecommendationSettings settings)
    : repository(p.db),
      service(repository, accounts.service, accounts.gateway, inventory.resources, p.queue, p.clock, settings) {}

void RecommendationsModule::add_routes(http::Router& router) { register_recommendation_routes(router, service); }

void RecommendationsModule::add_jobs(jobs::JobRunner& runner) {
  runner.handle(RecommendationService::kRecommendJob, [this](const jobs::Job& job, jobs::JobContext&) {
    return service.run(job.payload.value("accountId", ""));
  });
  runner.every("costs.schedule_recommendations", service.settings().interval_ms, [this] { service.enqueue_all(); });
}

void RecommendationsModule::subscribe(events::EventBus& events) {
  // A sync changes what the rules read (servers stopped, volumes detached): look again.
  events.subscribe("costs.recommendations", [this](const events::DomainEvent& event) {
    if (event.type != "sync.completed" || event.data.value("status", "") != "connected") return;
    service.enqueue(event.organization_id, event.data.value("accountId", ""));
  });
}

}  // namespace cw::costs
