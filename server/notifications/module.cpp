#include "notifications/module.hpp"

#include "events/event_bus.hpp"
#include "jobs/job_runner.hpp"
#include "notifications/routes.hpp"

namespace cw::notifications {

NotificationsModule::NotificationsModule(platform::Platform& p, orgs::OrgService& orgs, SendSettings send)
    : repository(p.db), service(repository, orgs, p.events, p.queue, p.keyring, p.clock, send) {}

void NotificationsModule::add_routes(http::Router& router) { register_routes(router, service); }

void NotificationsModule::add_jobs(jobs::JobRunner& runner) {
  runner.handle(NotificationService::kDeliverJob,
                [this](const jobs::Job& job, jobs::JobContext&) { return service.deliver(job); });
}

void NotificationsModule::subscribe(events::EventBus& events) {
  events.subscribe("notifications", [this](const events::DomainEvent& event) { service.on_event(event); });
}

}  // namespace cw::notifications
