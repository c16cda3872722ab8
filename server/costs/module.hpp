#pragma once
/// Costs: FOCUS cost rows and daily rollups, file imports, collection from providers, breakdowns;
/// the /costs routes, the costs.import and costs.collect jobs, the periodic collection scheduler.
#include <filesystem>

#include "costs/anomaly_service.hpp"
#include "costs/budget_service.hpp"
#include "costs/collection.hpp"
#include "costs/forecast_service.hpp"
#include "costs/imports.hpp"
#include "costs/repository.hpp"
#include "costs/service.hpp"
#include "platform/module.hpp"
#include "platform/platform.hpp"

namespace cw::accounts {
class AccountsModule;
}

namespace cw::costs {

struct CostsSettings {
  std::filesystem::path data_dir;  // uploads wait in <data_dir>/cost-imports
  CollectionSettings collection;
};

class CostsModule final : public platform::Module {
 public:
  CostsModule(platform::Platform& platform, accounts::AccountsModule& accounts, const CostsSettings& settings);
  void add_routes(http::Router& router) override;
  void add_jobs(jobs::JobRunner& runner) override;

  CostRepository repository;
  ExchangeRateRepository exchange_rates;
  CostService service;
  ImportService imports;
  CollectionService collections;
  ForecastService forecasts;
  AnomalyRepository anomaly_repository;
  AnomalyService anomalies;
  BudgetRepository budget_repository;
  BudgetService budgets;

 private:
  /// After new cost data is live (an import, a collection): what reacts to it.
  void after_load(const std::string& organization_id);

  accounts::AccountService& accounts_;
  const Clock& clock_;
};

}  // namespace cw::costs
