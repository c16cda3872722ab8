// How a sync copes with what real clouds do: no change feed (an incremental sync compares the
// whole inventory instead of failing), a listing that fails part way (nothing is removed, the
// account shows the error, the next sync completes), and resources written while the listing
// was under way (not removed as gone).
#include "inventory/inventory_contract.hpp"
#include "inventory/wrapped_cloud_test_support.hpp"
#include "storage/test_support.hpp"

namespace cw::inventory::testing {
namespace {

Account connect(World& w, const std::string& provider, nlohmann::json credentials) {
  NewAccount n;
  n.provider = provider;
  n.name = provider;
  n.credentials = std::move(credentials);
  Account a = w.accounts.connect(w.owner, n);
  EXPECT_EQ(w.runner.run_due_jobs(), 1);
  Account synced = *w.accounts_repo.find(w.owner.organization_id, a.id);
  EXPECT_EQ(synced.status, "connected");
  EXPECT_TRUE(synced.last_sync_at.has_value());
  return synced;
}

TEST(SyncFallback, IncrementalSyncWithoutChangeFeedComparesEverything) {
  auto db = storage::testing::fresh_sqlite();
  World w(*db);
  auto changes = std::make_shared<CloudChanges>();
  changes->change_feed = false;
  w.registry.add(wrapped_simulated_kind("nofeed", changes));
  Account synced = connect(w, "nofeed", {{"scenario", "startup"}, {"seed", 7}});

  SyncStats again = w.sync.sync(synced, /*full=*/false, "j2");
  EXPECT_EQ(again.mode, "full");
  EXPECT_EQ(again.unchanged, synced.resource_count);
  EXPECT_EQ(w.accounts_repo.find(w.owner.organization_id, synced.id)->status, "connected");
}

TEST(SyncFallback, AListingThatFailsPartWayRemovesNothing) {
  auto db = storage::testing::fresh_sqlite();
  World w(*db);
  auto changes = std::make_shared<CloudChanges>();
  w.registry.add(wrapped_simulated_kind("flaky", changes));
  // More than the sync's first write batch, so pages are written before the failure.
  const long long total = SyncService::kWriteBatch / 5 + 2 * SyncService::kPageSize;
  Account synced = connect(w, "flaky", {{"scenario", "enterprise"}, {"seed", 7}, {"resourceCount", total}});
  ASSERT_EQ(synced.resource_count, total);

  // The cloud renames everything, and fails on the last page: the pages before it are written,
  // and the resources it did not get to list stay as they were instead of being removed.
  int pages = 0;
  changes->list = [&](providers::CloudProvider& cloud, const std::string& token, int size) {
    providers::ResourcePage page = cloud.list_resources(token, size);
    if (page.next_token.empty()) throw providers::ProviderError("ServiceUnavailable", "the cloud went away", true);
    for (auto& r : page.items) r.name += "-renamed";
    ++pages;
    return page;
  };
  EXPECT_THROW(w.sync.sync(synced, true, "j2"), providers::ProviderError);
  Account failed = *w.accounts_repo.find(w.owner.organization_id, synced.id);
  EXPECT_EQ(failed.status, "error");
  EXPECT_NE(failed.status_reason.find("ServiceUnavailable: the cloud went away"), std::string::npos)
      << failed.status_reason;
  EXPECT_EQ(failed.resource_count, total);
  EXPECT_EQ(w.resources_repo.count_for_account(synced.id), total);
  ResourceFilter renamed;
  renamed.account_id = synced.id;
  renamed.text = "-renamed";
  long long written =
      w.resources_repo.count(w.owner.organization_id, renamed, w.resources_repo.version(w.owner.organization_id));
  EXPECT_GE(written, static_cast<long long>(SyncService::kWriteBatch / 5));
  EXPECT_LE(written, static_cast<long long>(pages) * SyncService::kPageSize);

  // The cloud recovers: the next sync completes and the account is connected again.
  changes->list = nullptr;
  SyncStats recovered = w.sync.sync(failed, true, "j3");
  EXPECT_EQ(recovered.deleted, 0);
  EXPECT_EQ(recovered.updated, written);  // the renamed ones get their names back
  Account healed = *w.accounts_repo.find(w.owner.organization_id, synced.id);
  EXPECT_EQ(healed.status, "connected");
  EXPECT_EQ(healed.resource_count, total);
}

TEST(SyncFallback, ARowWrittenOnceTheListingHadStartedIsNotRemovedAsGone) {
  auto db = storage::testing::fresh_sqlite();
  World w(*db);
  Account a = w.connect("startup");
  ASSERT_EQ(w.runner.run_due_jobs(), 1);
  a = *w.accounts_repo.find(w.owner.organization_id, a.id);
  const long long listed = a.resource_count;

  // A resource the cloud does not list, written at the moment the next sync starts (as one made
  // through the API while the sync's first pages are already fetched).
  w.clock.advance(1000);
  providers::ResourceRecord made;
  made.external_id = "made-during-the-sync";
  made.provider = "simulated";
  made.name = "late";
  made.type = "server";
  made.status = "provisioning";
  StoredRecord stored = prepare_record(made);
  w.resources_repo.upsert(w.owner.organization_id, a.id, false, {{"res_late", &stored}}, w.clock.now_ms());
  SyncStats during = w.sync.sync(a, true, "j2");
  EXPECT_EQ(during.deleted, 0);
  EXPECT_EQ(w.resources_repo.count_for_account(a.id), listed + 1);

  // The next sync starts after it was written: the cloud's listing should have shown it, so it is gone.
  w.clock.advance(1000);
  SyncStats after = w.sync.sync(a, true, "j3");
  EXPECT_EQ(after.deleted, 1);
  EXPECT_EQ(w.resources_repo.count_for_account(a.id), listed);
}

}  // namespace
}  // namespace cw::inventory::testing
