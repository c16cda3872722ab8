#include "inventory/module.hpp"

#include "events/event_bus.hpp"
#include "inventory/routes.hpp"
#include "jobs/job_runner.hpp"

namespace cw::inventory {

InventoryModule::InventoryModule(platform::Platform& p, orgs::OrgService& orgs, InventorySettings settings)
    : account_repository(p.db),
      resource_repository(p.db),
      gateway(p.providers, p.keyring, p.db, p.clock),
      sync(account_repository, resource_repository, gateway, p.events, p.clock),
      accounts(account_repository, resource_repository, gateway, p.queue, p.events, p.clock),
      resources(account_repository, resource_repository, gateway, p.queue, p.events, p.clock),
      orgs_(orgs),
      settings_(settings) {}

void InventoryModule::add_routes(http::Router& router) {
  register_routes(router, accounts, resources, resource_repository, orgs_);
}

void InventoryModule::add_jobs(jobs::JobRunner& runner) {
  runner.handle(AccountService::kSyncJob, [this](const jobs::Job& job, jobs::JobContext& context) {
    auto account = account_repository.find_any(job.payload.value("accountId", ""));
    if (!account) return nlohmann::json{{"skipped", "account removed"}};
    return sync
        .sync(*account, job.payload.value("full", true), job.id,
              [&](long long processed) {
                context.progress(processed, 0, std::to_string(processed) + " resources read");
              })
        .to_json();
  });
  runner.handle(ResourceService::kRefreshJob,
                [this](const jobs::Job& job, jobs::JobContext&) { return resources.refresh(job.payload); });
  runner.every("inventory.schedule_syncs", settings_.sync_scheduler_ms, [this] { accounts.enqueue_due_syncs(); });
}

}  // namespace cw::inventory
