#pragma once
/// Savings recommendations, wired apart from CostsModule because applying one needs the
/// inventory's ResourceService: the routes, the costs.recommend job, its periodic task and a run
/// after each successful sync of an account.
#include "costs/recommendation_repository.hpp"
#include "costs/recommendation_service.hpp"
#include "platform/module.hpp"
#include "platform/platform.hpp"

namespace cw::accounts {
class AccountsModule;
}
namespace cw::inventory {
class InventoryModule;
}

namespace cw::costs {

class RecommendationsModule final : public platform::Module {
 public:
  RecommendationsModule(platform::Platform& platform, accounts::AccountsModule& accounts,
                        inventory::InventoryModule& inventory, RecommendationSettings settings = {});
  void add_routes(http::Router& router) override;
  void add_jobs(jobs::JobRunner& runner) override;
  void subscribe(events::EventBus& events) override;

  RecommendationRepository repository;
  RecommendationService service;
};

}  // namespace cw::costs
