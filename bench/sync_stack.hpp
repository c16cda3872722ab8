#pragma once
// Benchmark support: an inventory sync wired to a migrated database as the server wires it (an
// organization with its owner, a keyring, the provider registry, repositories, gateway).
#include <memory>
#include <string>

#include "core/keyring.hpp"
#include "inventory/sync.hpp"
#include "orgs/service.hpp"
#include "storage/migrations.hpp"

namespace cw::bench {

struct SyncStack {
  /// `database` is migrated here and must outlive the stack.
  SyncStack(storage::Database& database, const Clock& clock, providers::ProviderKind kind)
      : org_repo(migrated(database)),
        events(hub, clock),
        orgs(database, org_repo, events, clock),
        owner(orgs.create_with_owner("Bench", {"bench@example.com", "B", Role::kOwner, "x"})),
        keyring({{"bench", std::string(32, 'b')}}),
        registry(with(std::move(kind))),
        accounts(database),
        resources(database),
        gateway(registry, keyring, database, clock),
        sync(accounts, resources, gateway, events, clock) {}

  orgs::OrgRepository org_repo;
  http::WsHub hub;
  http::EventBus events;
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

}  // namespace cw::bench
