// Real clouds have no change feed: an incremental sync of such an account compares the whole
// inventory instead of failing. A provider kind "nofeed" wraps the simulated cloud and refuses
// changed_since the way the aws/azure/gcp adapters do.
#include "inventory/inventory_contract.hpp"
#include "storage/test_support.hpp"

namespace cw::inventory::testing {
namespace {

class NoChangeFeed final : public providers::CloudProvider {
 public:
  explicit NoChangeFeed(std::unique_ptr<providers::CloudProvider> inner) : inner_(std::move(inner)) {}
  providers::ConnectionTest test_connection() override { return inner_->test_connection(); }
  providers::ResourcePage list_resources(const std::string& token, int size) override {
    return inner_->list_resources(token, size);
  }
  std::optional<providers::ResourceRecord> get_resource(const std::string& id) override { return inner_->get_resource(id); }
  providers::ResourceRecord create_resource(const providers::NewResource& r) override { return inner_->create_resource(r); }
  providers::ResourceRecord update_resource(const std::string& id, const providers::ResourcePatch& p) override {
    return inner_->update_resource(id, p);
  }
  providers::ResourceRecord delete_resource(const std::string& id) override { return inner_->delete_resource(id); }
  providers::ResourceRecord run_action(const std::string& id, providers::Action a) override { return inner_->run_action(id, a); }
  std::vector<std::string> changed_since(Millis) override {
    throw providers::ProviderError("UnsupportedOperation", "no change feed");
  }
  std::vector<providers::MetricPoint> metrics(const std::string& id, const std::string& region, const std::string& m,
                                              Millis from, Millis to, Millis step) override {
    return inner_->metrics(id, region, m, from, to, step);
  }
  std::vector<providers::CostLine> costs(const std::string& from, const std::string& to) override {
    return inner_->costs(from, to);
  }

 private:
  std::unique_ptr<providers::CloudProvider> inner_;
};

TEST(SyncFallback, IncrementalSyncWithoutChangeFeedComparesEverything) {
  auto db = storage::testing::fresh_sqlite();
  World w(*db);
  providers::ProviderKind nofeed = providers::simulated::simulated_kind();
  nofeed.name = "nofeed";
  nofeed.create = [inner = nofeed.create](const providers::ProviderAccount& a, providers::ProviderDeps d) {
    return std::unique_ptr<providers::CloudProvider>(std::make_unique<NoChangeFeed>(inner(a, d)));
  };
  w.registry.add(nofeed);

  NewAccount n;
  n.provider = "nofeed";
  n.name = "no feed";
  n.credentials = {{"scenario", "startup"}, {"seed", 7}};
  Account a = w.accounts.connect(w.owner, n);
  ASSERT_EQ(w.runner.run_due_jobs(), 1);
  Account synced = *w.accounts_repo.find(w.owner.organization_id, a.id);
  ASSERT_EQ(synced.status, "connected");
  ASSERT_TRUE(synced.last_sync_at.has_value());

  SyncStats again = w.sync.sync(synced, /*full=*/false, "j2");
  EXPECT_EQ(again.mode, "full");
  EXPECT_EQ(again.unchanged, synced.resource_count);
  EXPECT_EQ(w.accounts_repo.find(w.owner.organization_id, a.id)->status, "connected");
}

}  // namespace
}  // namespace cw::inventory::testing
