#include "costs/module.hpp"

#include "accounts/module.hpp"
#include "costs/forecast_routes.hpp"
#include "costs/routes.hpp"
#include "jobs/job_runner.hpp"

namespace cw::costs {

CostsModule::CostsModule(platform::Platform& p, accounts::AccountsModule& accounts, const CostsSettings& settings)
    : repository(p.db),
      exchange_rates(p.db),
      service(repository, exchange_rates),
      imports(repository, accounts.service, p.queue, p.clock,
              ImportSettings{.directory = settings.data_dir / "cost-imports"}),
      collections(repository, accounts.service, accounts.gateway, p.queue, p.clock, settings.collection),
      forecasts(service, p.clock),
      clock_(p.clock) {
  imports.remove_leftover_parts();
}

void CostsModule::add_routes(http::Router& router) {
  register_routes(router, service, imports, collections, clock_);
  register_forecast_routes(router, forecasts);
}

void CostsModule::add_jobs(jobs::JobRunner& runner) {
  runner.handle(ImportService::kImportJob,
                [this](const jobs::Job& job, jobs::JobContext& context) { return imports.run(job, context); });
  runner.handle(CollectionService::kCollectJob,
                [this](const jobs::Job& job, jobs::JobContext& context) { return collections.collect(job, context); });
  runner.every("costs.schedule_collections", collections.settings().scheduler_ms,
               [this] { collections.enqueue_due(); });
}

}  // namespace cw::costs
