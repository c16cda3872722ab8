#pragma once
// Benchmark support: an inventory sync wired to a migrated database as the server wires it (an
// organization with its owner, a keyring, the provider registry, repositories, gateway), and the
// timing helpers both benchmarks use.
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "core/keyring.hpp"
#include "events/event_bus.hpp"
#include "accounts/module.hpp"
#include "inventory/module.hpp"
#include "jobs/job_queue.hpp"
#include "orgs/module.hpp"
#include "storage/migrations.hpp"

namespace cw::bench {

struct SyncStack {
  /// `database` is migrated here and must outlive the stack.
  SyncStack(storage::Database& database, const Clock& clock, providers::ProviderKind kind)
      : events(migrated(database), clock),
        queue(database, clock, "bench"),
        keyring({{"bench", std::string(32, 'b')}}),
        registry(with(std::move(kind))),
        platform{database, clock, events, queue, keyring, registry},
        orgs_module(platform, [](const std::string& password) { return password; }),
        orgs(orgs_module.service),
        owner(orgs.create_with_owner("Bench", {"bench@example.com", "B", Role::kOwner, "x"})),
        accounts_module(platform, orgs),
        inventory(platform, accounts_module),
        accounts(accounts_module.repository),
        resources(inventory.resource_repository),
        sync(inventory.sync) {}

  events::EventBus events;
  jobs::JobQueue queue;
  Keyring keyring;
  providers::ProviderRegistry registry;
  platform::Platform platform;
  orgs::OrgsModule orgs_module;  // the server's wiring (server/app/services.cpp)
  orgs::OrgService& orgs;
  std::pair<orgs::Organization, orgs::User> owner;
  accounts::AccountsModule accounts_module;
  inventory::InventoryModule inventory;
  accounts::AccountRepository& accounts;
  inventory::ResourceRepository& resources;
  inventory::SyncService& sync;

 private:
  static storage::Database& migrated(storage::Database& db) {
    storage::migrate(db, storage::embedded_migrations());
    return db;
  }
  static providers::ProviderRegistry with(providers::ProviderKind kind) {
    providers::ProviderRegistry r;
    r.add(std::move(kind));
    return r;
  }
};

/// Waits until SQLite's write-ahead log is copied back into the database file (the server's
/// checkpointer thread may be copying it already: a second checkpointer gets busy = 1 and
/// retries). Timed with a full sync, it charges the sync with the copy its writes cause, as a raw
/// insert's COMMIT pays SQLite's own, and the next measure starts on a quiet database.
inline void copy_log_back(storage::Database& db) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (db.execute("PRAGMA wal_checkpoint(FULL)").first().integer(0) != 0) {
    if (std::chrono::steady_clock::now() > deadline)
      throw std::runtime_error("the write-ahead log was not copied back within a minute");
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

inline double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace cw::bench
