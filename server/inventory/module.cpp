#include "inventory/module.hpp"

#include "accounts/module.hpp"
#include "inventory/routes.hpp"
#include "jobs/job_runner.hpp"

namespace cw::inventory {

InventoryModule::InventoryModule(platform::Platform& p, accounts::AccountsModule& accounts_module)
    : accounts(accounts_module.service),
      resource_repository(p.db),
      sync(accounts, resource_repository, accounts_module.gateway, p.events, p.clock),
      resources(accounts, resource_repository, accounts_module.gateway, p.queue, p.events, p.clock) {
  // An account's resources go with it (foreign key); the cached pages of the listing must too.
  accounts.on_removed([this](const std::string& organization_id) { resource_repository.touch(organization_id); });
}

void InventoryModule::add_routes(http::Router& router) { register_routes(router, resources, resource_repository); }

void InventoryModule::add_jobs(jobs::JobRunner& runner) {
  runner.handle(accounts::AccountService::kSyncJob, [this](const jobs::Job& job, jobs::JobContext& context) {
    auto account = accounts.find_any(job.payload.value("accountId", ""));
    if (!account) return nlohmann::json{{"skipped", "account removed"}};
    return sync
        .sync(
            *account, job.payload.value("full", true), job.id,
            [&](long long processed) { context.progress(processed, 0, std::to_string(processed) + " resources read"); })
        .to_json();
  });
  runner.handle(ResourceService::kRefreshJob,
                [this](const jobs::Job& job, jobs::JobContext&) { return resources.refresh(job.payload); });
}

}  // namespace cw::inventory
