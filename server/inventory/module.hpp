#pragma once
/// The inventory of the connected cloud accounts: the resource repository, sync and the resource
/// service; the /resources routes, the sync and follow-up jobs.
#include "inventory/resource_repository.hpp"
#include "inventory/resources.hpp"
#include "inventory/sync.hpp"
#include "platform/module.hpp"
#include "platform/platform.hpp"

namespace cw::accounts {
class AccountsModule;
}

namespace cw::inventory {

class InventoryModule final : public platform::Module {
 public:
  InventoryModule(platform::Platform& platform, accounts::AccountsModule& accounts);
  void add_routes(http::Router& router) override;
  void add_jobs(jobs::JobRunner& runner) override;

  accounts::AccountService& accounts;
  ResourceRepository resource_repository;
  SyncService sync;
  ResourceService resources;
};

}  // namespace cw::inventory
