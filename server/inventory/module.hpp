#pragma once
/// Cloud accounts and their inventory: repositories, the provider gateway, sync, the account and
/// resource services; their routes, the sync and follow-up jobs and the sync scheduler.
#include "inventory/account_repository.hpp"
#include "inventory/accounts.hpp"
#include "inventory/provider_gateway.hpp"
#include "inventory/resource_repository.hpp"
#include "inventory/resources.hpp"
#include "inventory/sync.hpp"
#include "platform/module.hpp"
#include "platform/platform.hpp"

namespace cw::orgs {
class OrgService;
}

namespace cw::inventory {

struct InventorySettings {
  Millis sync_scheduler_ms = 60'000;  // how often due scheduled syncs are queued
};

class InventoryModule final : public platform::Module {
 public:
  InventoryModule(platform::Platform& platform, orgs::OrgService& orgs, InventorySettings settings = {});
  void add_routes(http::Router& router) override;
  void add_jobs(jobs::JobRunner& runner) override;

  AccountRepository account_repository;
  ResourceRepository resource_repository;
  ProviderGateway gateway;
  SyncService sync;
  AccountService accounts;
  ResourceService resources;

 private:
  orgs::OrgService& orgs_;
  InventorySettings settings_;
};

}  // namespace cw::inventory
