#pragma once
// Inventory behaviour end to end below HTTP, with the real simulated cloud, on a real database:
// run on SQLite (inventory_sqlite_test.cpp) and PostgreSQL (inventory_postgres_pgtest.cpp).
#include <gtest/gtest.h>

#include <set>

#include "events/event_bus.hpp"
#include "core/wait_test_support.hpp"
#include "demo/demo_service.hpp"
#include "accounts/module.hpp"
#include "inventory/module.hpp"
#include "inventory/wrapped_cloud_test_support.hpp"
#include "jobs/job_runner.hpp"
#include "orgs/module.hpp"
#include "providers/simulated/simulated_provider.hpp"

namespace cw::inventory::testing {

using accounts::AccountPage;
using accounts::AccountPatch;
using accounts::AccountRepository;
using accounts::AccountService;
using accounts::NewAccount;
using accounts::ProviderGateway;

struct World {
  explicit World(storage::Database& db)
      : db(db),
        events(db, clock),
        keyring({{"test", std::string(32, 'k')}}),
        queue(db, clock, "w"),
        registry(simulated_only()),
        platform{db, clock, events, queue, keyring, registry},
        orgs_module(platform, [](const std::string& password) { return "hashed:" + password; }),
        orgs(orgs_module.service),
        accounts_module(platform, orgs),
        inventory(platform, accounts_module),
        accounts_repo(accounts_module.repository),
        resources_repo(inventory.resource_repository),
        gateway(accounts_module.gateway),
        sync(inventory.sync),
        accounts(accounts_module.service),
        resources(inventory.resources),
        demo(accounts, sync, orgs, clock),
        runner(queue, {}) {
    inventory.add_jobs(runner);  // the server's wiring: the same handlers
    auto [org, user] = orgs.create_with_owner("Acme", {"o@example.com", "O", Role::kOwner, "x"});
    owner = Principal{user.id, user.email, org.id, Role::kOwner, ""};
  }
  static providers::ProviderRegistry simulated_only() {
    providers::ProviderRegistry r;
    r.add(providers::simulated::simulated_kind());
    return r;
  }
  storage::Database& db;
  FakeClock clock{1'800'000'000'000};
  events::EventBus events;
  Keyring keyring;
  jobs::JobQueue queue;
  providers::ProviderRegistry registry;
  platform::Platform platform;
  orgs::OrgsModule orgs_module;
  orgs::OrgService& orgs;
  accounts::AccountsModule accounts_module;
  InventoryModule inventory;
  AccountRepository& accounts_repo;
  ResourceRepository& resources_repo;
  ProviderGateway& gateway;
  SyncService& sync;
  AccountService& accounts;
  ResourceService& resources;
  demo::DemoService demo;
  jobs::JobRunner runner;
  Principal owner;

  Account connect(const std::string& scenario, long long count = 0, const std::string& name = "sim") {
    NewAccount a;
    a.provider = "simulated";
    a.name = name;
    a.credentials = {{"scenario", scenario}, {"seed", 7}};
    if (count) a.credentials["resourceCount"] = count;
    return accounts.connect(owner, a);
  }
};

inline void check_full_sync_then_resync_writes_nothing(storage::Database& db) {
  World w(db);
  Account a = w.connect("startup");
  EXPECT_EQ(a.status, "pending");
  EXPECT_EQ(w.runner.run_due_jobs(), 1) << "connecting schedules the first sync";
  Account synced = *w.accounts_repo.find(w.owner.organization_id, a.id);
  EXPECT_EQ(synced.status, "connected");
  EXPECT_GT(synced.resource_count, 10);
  EXPECT_TRUE(synced.last_sync_at.has_value());
  ResourceFilter f;
  f.text = "demo-web-server-1";
  EXPECT_EQ(w.resources_repo.count(w.owner.organization_id, f, w.resources_repo.version(w.owner.organization_id)), 1);
  // Counts are cached per query: a region filter and an account filter with the same value differ.
  ResourceFilter by_region, by_account;
  by_region.region = a.id;
  by_account.account_id = a.id;
  std::int64_t version = w.resources_repo.version(w.owner.organization_id);
  EXPECT_EQ(w.resources_repo.count(w.owner.organization_id, by_region, version), 0);
  EXPECT_EQ(w.resources_repo.count(w.owner.organization_id, by_account, version), synced.resource_count);
  auto again = w.sync.sync(synced, true, "j2");
  EXPECT_EQ(again.created + again.updated + again.deleted, 0);
  EXPECT_EQ(again.unchanged, synced.resource_count);
}

/// A cloud whose listing shows resources twice (in one page, and again on a later page) gets
/// each stored once, counted once and kept by the next sync without writes. The account is big
/// enough that the last page falls in a later write batch than the first.
inline void check_a_resource_listed_twice_is_stored_once(storage::Database& db) {
  World w(db);
  auto changes = std::make_shared<CloudChanges>();
  std::string first_of_sync;
  changes->list = [&](providers::CloudProvider& cloud, const std::string& token, int size) {
    providers::ResourcePage page = cloud.list_resources(token, size);
    if (token.empty()) first_of_sync = page.items.at(0).external_id;
    page.items.push_back(page.items.at(0));  // again in the same page
    if (page.next_token.empty() && page.items.at(0).external_id != first_of_sync) {
      providers::ResourceRecord again = page.items.at(0);  // and one from the first page, on the last
      again.external_id = first_of_sync;
      page.items.push_back(again);
    }
    return page;
  };
  w.registry.add(wrapped_simulated_kind("twice", changes));
  NewAccount n;
  n.provider = "twice";
  n.name = "twice";
  const long long count = SyncService::kMinWriteBatch + 2 * SyncService::kPageSize;  // past the first batch
  n.credentials = {{"scenario", "enterprise"}, {"seed", 7}, {"resourceCount", count}};
  n.schedule_sync = false;
  Account a = w.accounts.connect(w.owner, n);
  SyncStats first = w.sync.sync(a, true, "j1");
  EXPECT_EQ(first.total, count);
  EXPECT_EQ(first.created, count);
  EXPECT_EQ(w.resources_repo.count_for_account(a.id), count);
  SyncStats again = w.sync.sync(*w.accounts_repo.find(w.owner.organization_id, a.id), true, "j2");
  EXPECT_EQ(again.total, count);
  EXPECT_EQ(again.unchanged, count);
  EXPECT_EQ(again.created + again.updated + again.deleted, 0);
}

/// A cloud slower than the database gets what it listed written while the sync waits for its
/// next page, once that is kMinWriteBatch rows, instead of held until a full batch. Here the
/// cloud holds the page after two such batches until their rows are stored (20 s at most).
inline void check_a_slow_cloud_gets_its_rows_written_while_awaited(storage::Database& db) {
  World w(db);
  auto changes = std::make_shared<CloudChanges>();
  w.registry.add(wrapped_simulated_kind("slow", changes));
  NewAccount n;
  n.provider = "slow";
  n.name = "slow";
  const long long listed_before = 2 * SyncService::kMinWriteBatch;  // the first batch, then one more
  const long long count = listed_before + 2 * SyncService::kPageSize;
  n.credentials = {{"scenario", "enterprise"}, {"seed", 3}, {"resourceCount", count}};
  n.schedule_sync = false;
  Account a = w.accounts.connect(w.owner, n);
  const long long held_page = listed_before / SyncService::kPageSize;
  long long calls = 0, stored_while_held = -1;
  changes->list = [&](providers::CloudProvider& cloud, const std::string& token, int size) {
    if (calls++ == held_page)
      cw::testing::wait_until(
          [&] { return (stored_while_held = w.resources_repo.count_for_account(a.id)) >= listed_before; });
    return cloud.list_resources(token, size);
  };
  SyncStats stats = w.sync.sync(a, true, "j1");
  EXPECT_EQ(stats.created, count);
  EXPECT_EQ(stored_while_held, listed_before) << "the rows listed before the held page, stored while it was awaited";
  EXPECT_EQ(w.resources_repo.count_for_account(a.id), count);
}

inline void check_paging_has_no_gaps_or_repeats(storage::Database& db) {
  World w(db);
  Account a = w.connect("enterprise", 1200);
  w.sync.sync(a, true, "j");
  for (const char* sort : {"name", "monthly_cost", "created_at"}) {
    ResourceFilter f;
    f.sort_column = sort;
    f.sort_numeric = std::string(sort) != "name";
    f.limit = 97;
    std::set<std::string> seen;
    for (int pages = 0; pages < 100; ++pages) {
      auto rows = w.resources_repo.list(w.owner.organization_id, f);
      for (const auto& r : rows) EXPECT_TRUE(seen.insert(r.id).second) << "repeat " << r.id;
      if (static_cast<int>(rows.size()) < f.limit) break;
      const auto& last = rows.back();
      std::string value = last.name;
      if (std::string(sort) == "created_at") value = std::to_string(last.created_at);
      if (std::string(sort) == "monthly_cost") {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.17g", last.monthly_cost);
        value = buf;
      }
      f.after = std::make_pair(value, last.id);
    }
    EXPECT_EQ(seen.size(), 1200u) << sort;
  }
}

inline void check_create_follows_lifecycle_to_running(storage::Database& db) {
  World w(db);
  Account a = w.connect("startup");
  w.runner.run_due_jobs();
  NewResourceRequest req{a.id,
                         {"api-server-9", "server", "us-east-1", {{"instanceType", "t3.small"}}, {{"env", "test"}}}};
  Resource created = w.resources.create(w.owner, req);
  EXPECT_EQ(created.status, "provisioning");
  for (int i = 0; i < 20 && w.resources.get(w.owner, created.id).status != "running"; ++i) {
    w.clock.advance(2000);
    w.runner.run_due_jobs();
  }
  EXPECT_EQ(w.resources.get(w.owner, created.id).status, "running");
  Resource stopping = w.resources.act(w.owner, created.id, providers::Action::kStop);
  for (int i = 0; i < 20 && w.resources.get(w.owner, created.id).status != "stopped"; ++i) {
    w.clock.advance(2000);
    w.runner.run_due_jobs();
  }
  EXPECT_EQ(w.resources.get(w.owner, created.id).status, "stopped");
  // A failing create surfaces the provider's code and stores nothing.
  try {
    w.resources.create(w.owner, {a.id, {"fail-quota", "server", "us-east-1", {}, {}}});
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kExternalService);
    EXPECT_TRUE(e.details().contains("providerCode"));
  }
  ResourceFilter f;
  f.text = "fail-quota";
  EXPECT_EQ(w.resources_repo.count(w.owner.organization_id, f, w.resources_repo.version(w.owner.organization_id)), 0);
}

inline void check_credentials_are_sealed_and_validated(storage::Database& db) {
  World w(db);
  NewAccount bad;
  bad.provider = "simulated";
  bad.name = "bad";
  bad.credentials = {{"scenario", "nope"}};
  try {
    w.accounts.connect(w.owner, bad);
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kValidation);
    EXPECT_TRUE(e.details()["fields"].contains("credentials.scenario"));
  }
  NewAccount a;
  a.provider = "simulated";
  a.name = "sealed";
  a.credentials = {{"scenario", "startup"}, {"seed", 3}, {"note", "PLAINTEXT-MARKER-123"}};
  a.credentials.erase("note");
  Account created = w.accounts.connect(w.owner, a);
  auto raw = db.execute("SELECT credentials FROM cloud_accounts WHERE id = ?", storage::params(created.id));
  EXPECT_EQ(raw.first().text(0).find("startup"), std::string::npos) << "credentials are not stored in clear";
  EXPECT_EQ(to_json(created).dump().find("credentials"), std::string::npos);
}

inline void check_demo_load_and_clear_leave_real_data(storage::Database& db) {
  World w(db);
  Account real = w.connect("startup", 0, "real");
  w.runner.run_due_jobs();
  long long real_count = w.resources_repo.count_for_account(real.id);
  auto status = w.demo.load(w.owner, "multicloud");
  EXPECT_EQ(status["isDemo"], true);
  ResourceFilter f;
  f.text = "demo-database-1";
  EXPECT_GE(w.resources_repo.count(w.owner.organization_id, f, w.resources_repo.version(w.owner.organization_id)), 1);
  std::set<std::string> flavours;
  for (const auto& [value, count, cost] : w.resources_repo.summary(w.owner.organization_id, "provider"))
    flavours.insert(value);
  EXPECT_TRUE(flavours.count("aws") && flavours.count("azure") && flavours.count("gcp"));
  w.demo.clear(w.owner);
  EXPECT_EQ(w.demo.status(w.owner.organization_id)["isDemo"], false);
  EXPECT_EQ(w.resources_repo.count(w.owner.organization_id, {}, w.resources_repo.version(w.owner.organization_id)),
            real_count);
  EXPECT_EQ(w.accounts.list(w.owner, 50, 0).accounts.size(), 1u);
}

/// A connection test that started before a sync completed must not put the account back to
/// "pending" (it used to decide from the account as read before the test).
inline void check_a_test_racing_a_sync_keeps_the_account_connected(storage::Database& db) {
  World w(db);
  Account a = w.connect("startup", 10, "racy");
  w.accounts_repo.record_test(a.id, true, "", w.clock.now_ms());
  EXPECT_EQ(w.accounts_repo.find(w.owner.organization_id, a.id)->status, "pending") << "not synced yet";
  w.runner.run_due_jobs();  // the sync completes …
  // … and the test that was under way records its (passed) result afterwards.
  w.accounts_repo.record_test(a.id, true, "", w.clock.now_ms());
  EXPECT_EQ(w.accounts_repo.find(w.owner.organization_id, a.id)->status, "connected");
  w.accounts_repo.record_test(a.id, false, "AuthFailure: refused", w.clock.now_ms());
  Account failed = *w.accounts_repo.find(w.owner.organization_id, a.id);
  EXPECT_EQ(failed.status, "error");
  EXPECT_EQ(failed.status_reason, "AuthFailure: refused");
}

/// GET /providers pages like the other lists: oldest first, `limit` at a time, a stable total.
inline void check_account_pages_cover_every_account(storage::Database& db) {
  World w(db);
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    ids.push_back(w.connect("startup", 0, "acct-" + std::to_string(i)).id);
    w.clock.advance(1000);
  }
  std::vector<std::string> got;
  for (long long offset = 0; offset < 5; offset += 2) {
    AccountPage page = w.accounts.list(w.owner, 2, offset);
    EXPECT_EQ(page.total, 5);
    EXPECT_EQ(page.accounts.size(), offset < 4 ? 2u : 1u);
    for (const auto& a : page.accounts) got.push_back(a.id);
  }
  EXPECT_EQ(got, ids);
  EXPECT_TRUE(w.accounts.list(w.owner, 2, 5).accounts.empty());
}

/// API.md: text sorts by code point ("Z" before "a"), ties by id — on SQLite and on a PostgreSQL
/// database whose own collation would order case and punctuation differently.
inline void check_name_order_is_by_code_point(storage::Database& db) {
  World w(db);
  Account a = w.connect("startup", 0, "names");
  std::vector<std::string> names = {"Zeta", "alpha", "Beta", "_under", "beta-2", "beta 3", "beta_4", "\xc3\x84rger",
                                    "a-b",  "ab",    "aB",   "Ab",     "10",     "9",      "~tilde"};
  std::vector<providers::ResourceRecord> records(names.size());
  std::vector<StoredRecord> stored;
  for (size_t i = 0; i < names.size(); ++i) {
    records[i].external_id = "ext-" + std::to_string(i);
    records[i].provider = "aws";
    records[i].name = names[i];
    records[i].type = "server";
    records[i].region = i % 2 ? "us-east-1" : "US-west-2";
    records[i].status = "running";
    stored.push_back(prepare_record(records[i]));
  }
  std::vector<ResourceRow> rows;
  for (size_t i = 0; i < names.size(); ++i) rows.push_back({"res_order" + std::to_string(100 + i), &stored[i]});
  // A second org keeps the list to exactly these rows.
  auto [org, user] = w.orgs.create_with_owner("Order", {"order@example.com", "O", Role::kOwner, "x"});
  w.resources_repo.upsert(org.id, a.id, false, rows, w.clock.now_ms());
  std::vector<std::string> want = names;
  std::sort(want.begin(), want.end());  // bytewise = code point order for UTF-8
  for (bool descending : {false, true}) {
    if (descending) std::reverse(want.begin(), want.end());
    ResourceFilter f;
    f.descending = descending;
    f.limit = 4;
    std::vector<std::string> got;
    for (int page = 0; page < 10; ++page) {
      auto list = w.resources_repo.list(org.id, f);
      for (const auto& r : list) got.push_back(r.name);
      if (list.size() < 4) break;
      f.after = std::make_pair(list.back().name, list.back().id);
    }
    EXPECT_EQ(got, want) << (descending ? "descending" : "ascending");
  }
  // Other text sorts and the summary follow the same order.
  ResourceFilter by_region;
  by_region.sort_column = "region";
  by_region.limit = 100;
  auto list = w.resources_repo.list(org.id, by_region);
  ASSERT_EQ(list.size(), names.size());
  EXPECT_EQ(list.front().region, "US-west-2");
  auto regions = w.resources_repo.summary(org.id, "region");
  ASSERT_EQ(regions.size(), 2u);
  EXPECT_EQ(std::get<0>(regions[0]), "US-west-2");
}

}  // namespace cw::inventory::testing
