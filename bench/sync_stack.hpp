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
#include "inventory/sync.hpp"
#include "orgs/service.hpp"
#include "storage/migrations.hpp"

namespace cw::bench {

struct SyncStack {
  /// `database` is migrated here and must outlive the stack.
  SyncStack(storage::Database& database, const Clock& clock, providers::ProviderKind kind)
      : org_repo(migrated(database)),
        events(database, clock),
        orgs(database, org_repo, events, clock),
        owner(orgs.create_with_owner("Bench", {"bench@example.com", "B", Role::kOwner, "x"})),
        keyring({{"bench", std::string(32, 'b')}}),
        registry(with(std::move(kind))),
        accounts(database),
        resources(database),
        gateway(registry, keyring, database, clock),
        sync(accounts, resources, gateway, events, clock) {}

  orgs::OrgRepository org_repo;
  events::EventBus events;
  orgs::OrgService orgs;
  std::pair<orgs::Organization, orgs::User> owner;
  Keyring keyring;
  providers::ProviderRegistry registry;
  inventory::AccountRepository accounts;
  inventory::ResourceRepository resources;
  inventory::ProviderGateway gateway;
  inventory::SyncService sync;

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
