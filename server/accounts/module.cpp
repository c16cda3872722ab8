#include "accounts/module.hpp"

#include "accounts/routes.hpp"
#include "jobs/job_runner.hpp"

namespace cw::accounts {

AccountsModule::AccountsModule(platform::Platform& p, orgs::OrgService& orgs, AccountsSettings settings)
    : repository(p.db),
      gateway(p.providers, p.keyring, p.db, p.clock),
      service(repository, gateway, p.queue, p.events, p.clock),
      orgs_(orgs),
      settings_(settings) {}

void AccountsModule::add_routes(http::Router& router) { register_routes(router, service, orgs_); }

void AccountsModule::add_jobs(jobs::JobRunner& runner) {
  // The name predates the accounts module; kept so dashboards on the metric keep working.
  runner.every("inventory.schedule_syncs", settings_.sync_scheduler_ms, [this] { service.enqueue_due_syncs(); });
}

}  // namespace cw::accounts
