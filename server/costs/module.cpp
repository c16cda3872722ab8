#include "costs/module.hpp"

#include "accounts/module.hpp"
#include "core/log.hpp"
#include "costs/anomaly_routes.hpp"
#include "costs/budget_routes.hpp"
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
      anomaly_repository(p.db),
      anomalies(service, anomaly_repository, accounts.service, p.events, p.clock),
      budget_repository(p.db),
      budgets(service, forecasts, budget_repository, p.events, p.clock),
      accounts_(accounts.service),
      clock_(p.clock) {
  imports.remove_leftover_parts();
}

void CostsModule::add_routes(http::Router& router) {
  register_routes(router, service, imports, collections, clock_);
  register_forecast_routes(router, forecasts);
  register_anomaly_routes(router, anomalies);
  register_budget_routes(router, budgets);
}

void CostsModule::add_jobs(jobs::JobRunner& runner) {
  runner.handle(ImportService::kImportJob, [this](const jobs::Job& job, jobs::JobContext& context) {
    auto result = imports.run(job, context);
    if (result.value("state", "") == "succeeded") after_load(job.organization_id);
    return result;
  });
  runner.handle(CollectionService::kCollectJob, [this](const jobs::Job& job, jobs::JobContext& context) {
    auto result = collections.collect(job, context);
    if (result.value("state", "") != "succeeded") return result;
    // A demo organization gets budgets sized on its simulated bill (seeding evaluates them).
    auto account = accounts_.find_any(job.payload.value("accountId", ""));
    if (account && account->is_demo) budgets.seed_demo(job.organization_id);
    after_load(job.organization_id);
    return result;
  });
  // Daily costs arrive late and collections run every 6 hours; an hourly look is soon enough.
  runner.every("costs.detect_anomalies", 3'600'000, [this] { anomalies.detect_all(); });
  // Spend grows by the hour and periods turn over at midnight UTC: budgets are looked at hourly too.
  runner.every("costs.evaluate_budgets", 3'600'000, [this] { budgets.evaluate_all(); });
  runner.every("costs.schedule_collections", collections.settings().scheduler_ms,
               [this] { collections.enqueue_due(); });
}

void CostsModule::after_load(const std::string& organization_id) {
  // The data is committed; a failure here must not fail the load (the hourly pass retries).
  try {
    anomalies.detect(organization_id);
  } catch (const std::exception& e) {
    log::warn("cost anomaly detection failed", {{"organizationId", organization_id}, {"error", e.what()}});
  }
  try {
    budgets.evaluate(organization_id);
  } catch (const std::exception& e) {
    log::warn("budget evaluation failed", {{"organizationId", organization_id}, {"error", e.what()}});
  }
}

}  // namespace cw::costs
