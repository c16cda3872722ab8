#pragma once
// Benchmark support: an inventory sync wired to a SQLite file as the server wires it (migrations,
// an organization with its owner, a keyring, the provider registry, repositories, gateway).
#include <memory>
#include <string>

#include "core/keyring.hpp"
#include "inventory/sync.hpp"
#include "orgs/service.hpp"
#include "storage/migrations.hpp"

namespace cw::bench {

struct SyncStack {
  SyncStack(const std::string& sqlite_path, const Clock& clock, providers::ProviderKind kind)
      : db(storage::open_database({"sqlite://" + sqlite_path, 4, 5000})),
        org_repo(migrated(*db)),
        events(hub, clock),
        orgs(*db, org_repo, events, clock),
        owner(orgs.create_with_owner("Bench", {"bench@example.com", "B", Role::kOwner, "x"})),
        keyring({{"bench", std::string(32, 'b')}}),
        registry(with(std::move(kind))),
        accounts(*db),
        resources(*db),
        gateway(registry, keyring, *db, clock),
        sync(accounts, resources, gateway, events, clock) {}

  std::unique_ptr<storage::Database> db;
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
