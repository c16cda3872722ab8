#pragma once
// Tests below HTTP that need a real inventory: the platform on a given database with a fake
// clock, organizations, cloud accounts on the simulated cloud only, the inventory, and a job
// runner the test drives (`run_due_jobs`). A domain's contract test adds its own module.
#include <gtest/gtest.h>

#include "accounts/module.hpp"
#include "events/event_bus.hpp"
#include "inventory/module.hpp"
#include "jobs/job_runner.hpp"
#include "orgs/module.hpp"
#include "providers/simulated/simulated_provider.hpp"

namespace cw::inventory::testing {

struct InventoryWorld {
  explicit InventoryWorld(storage::Database& db, Millis start = parse_rfc3339("2026-11-28T12:00:00Z").value())
      : db(db),
        clock(start),
        events(db, clock),
        keyring({{"test", std::string(32, 'k')}}),
        queue(db, clock, "w"),
        registry(simulated_only()),
        platform{db, clock, events, queue, keyring, registry},
        orgs_module(platform, [](const std::string& password) { return "hashed:" + password; }),
        accounts_module(platform, orgs_module.service),
        inventory(platform, accounts_module),
        runner(queue, {}) {
    inventory.add_jobs(runner);
  }
  static providers::ProviderRegistry simulated_only() {
    providers::ProviderRegistry r;
    r.add(providers::simulated::simulated_kind());
    return r;
  }
  /// A new organization and its owner.
  Principal member(const std::string& org_name, const std::string& email) {
    auto [org, user] = orgs_module.service.create_with_owner(org_name, {email, "O", Role::kOwner, "x"});
    return Principal{user.id, user.email, org.id, Role::kOwner, ""};
  }
  /// Connects a simulated account and runs its first sync.
  std::string connect(const Principal& who, const std::string& scenario = "startup", int seed = 1) {
    accounts::NewAccount a;
    a.provider = "simulated";
    a.name = "sim";
    a.credentials = {{"scenario", scenario}, {"seed", seed}};
    std::string id = accounts_module.service.connect(who, a).id;
    runner.run_due_jobs();
    return id;
  }
  /// Advances the clock in steps, running due jobs, until `done` or 60 s have passed.
  template <typename Done>
  bool settle(Done done) {
    for (int i = 0; i < 30 && !done(); ++i) {
      clock.advance(2000);
      runner.run_due_jobs();
    }
    return done();
  }

  storage::Database& db;
  FakeClock clock;
  events::EventBus events;
  Keyring keyring;
  jobs::JobQueue queue;
  providers::ProviderRegistry registry;
  platform::Platform platform;
  orgs::OrgsModule orgs_module;
  accounts::AccountsModule accounts_module;
  InventoryModule inventory;
  jobs::JobRunner runner;
};

}  // namespace cw::inventory::testing
