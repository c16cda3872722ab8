#include "notifications/module.hpp"

#include "events/event_bus.hpp"
#include "jobs/job_runner.hpp"
#include "notifications/routes.hpp"
#include "orgs/service.hpp"

namespace cw::notifications {

NotificationsModule::NotificationsModule(platform::Platform& p, orgs::OrgService& orgs, SendSettings send,
                                         std::string public_url)
    : repository(p.db), service(repository, orgs, p.events, p.queue, p.keyring, p.clock, send, std::move(public_url)) {
  orgs.on_invited([this](const orgs::User& user, const std::string& token) { service.invited(user, token); });
}

void NotificationsModule::add_routes(http::Router& router) { register_routes(router, service); }

void NotificationsModule::add_jobs(jobs::JobRunner& runner) {
  runner.handle(NotificationService::kDeliverJob,
                [this](const jobs::Job& job, jobs::JobContext&) { return service.deliver(job); });
  runner.handle(NotificationService::kInviteJob,
                [this](const jobs::Job& job, jobs::JobContext&) { return service.send_invitation(job); });
}

void NotificationsModule::subscribe(events::EventBus& events) {
  events.subscribe("notifications", [this](const events::DomainEvent& event) { service.on_event(event); });
}

}  // namespace cw::notifications
