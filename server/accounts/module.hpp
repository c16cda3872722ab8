#pragma once
/// Cloud accounts: credentials (sealed), connection tests, the provider gateway every
/// cloud-facing domain opens providers through, sync scheduling; the /providers routes.
#include "accounts/provider_gateway.hpp"
#include "accounts/repository.hpp"
#include "accounts/service.hpp"
#include "platform/module.hpp"
#include "platform/platform.hpp"

namespace cw::orgs {
class OrgService;
}

namespace cw::accounts {

struct AccountsSettings {
  Millis sync_scheduler_ms = 60'000;  // how often syncs that are due are queued
};

class AccountsModule final : public platform::Module {
 public:
  AccountsModule(platform::Platform& platform, orgs::OrgService& orgs, AccountsSettings settings = {});
  void add_routes(http::Router& router) override;
  void add_jobs(jobs::JobRunner& runner) override;

  AccountRepository repository;
  ProviderGateway gateway;
  AccountService service;

 private:
  orgs::OrgService& orgs_;
  AccountsSettings settings_;
};

}  // namespace cw::accounts
