#pragma once
// The simulated cloud's persisted behaviour — listing with changes applied, lifecycles, the
// change feed, state shared across instances — run on SQLite (simulated_provider_test.cpp) and
// PostgreSQL (simulated_postgres_pgtest.cpp).
#include <gtest/gtest.h>

#include <functional>
#include <set>

#include "providers/simulated/inventory.hpp"
#include "providers/simulated/simulated_provider.hpp"
#include "storage/database.hpp"
#include "providers/test_support.hpp"

namespace cw::providers::simulated::testing {

using nlohmann::json;

inline constexpr Millis kNoon = 1'795'867'200'000;  // 2026-11-28T12:00:00Z, a Saturday
inline constexpr Millis kHour = 3'600'000;
inline constexpr Millis kDay = 24 * kHour;

/// Simulated accounts on one database, with a fake clock.
struct SimCloud {
  explicit SimCloud(storage::Database& db) : db(db) {}

  std::unique_ptr<CloudProvider> make(json credentials, const std::string& account = "acc-1") {
    ProviderKind kind = simulated_kind();
    EXPECT_EQ(kind.name, "simulated");
    return kind.create(ProviderAccount{account, "org-1", std::move(credentials)}, ProviderDeps{clock, db});
  }

  static std::vector<ResourceRecord> list_all(CloudProvider& p, int page_size, int* pages = nullptr) {
    std::vector<ResourceRecord> out;
    std::string token;
    int n = 0;
    do {
      ResourcePage page = p.list_resources(token, page_size);
      EXPECT_LE(page.items.size(), static_cast<size_t>(page_size));
      for (auto& r : page.items) out.push_back(std::move(r));
      token = page.next_token;
      ++n;
    } while (!token.empty() && n < 100000);
    if (pages) *pages = n;
    return out;
  }

  static std::string code_of(const std::function<void()>& f) { return providers::testing::code_of(f); }

  storage::Database& db;
  FakeClock clock{kNoon};
};

inline void check_create_provisions_then_runs(storage::Database& db) {
  SimCloud w(db);
  auto p = w.make({{"scenario", "startup"}});
  const Millis t0 = w.clock.now_ms();
  ResourceRecord r = p->resource_actions()->create_resource(
      {"api-new", "server", "us-east-1", {{"instanceType", "m5.large"}}, {{"env", "prod"}}});
  EXPECT_EQ(r.status, "provisioning");
  EXPECT_EQ(r.created_at, t0);
  EXPECT_EQ(r.external_id.rfind("i-0", 0), 0u);
  EXPECT_GT(r.monthly_cost, 70);
  EXPECT_EQ(p->get_resource(r.external_id)->status, "provisioning");
  EXPECT_EQ(p->change_feed()->changed_since(t0 - 1), std::vector<std::string>{r.external_id});

  w.clock.advance(2000);
  EXPECT_EQ(p->get_resource(r.external_id)->status, "provisioning");
  w.clock.advance(6000);
  EXPECT_EQ(p->get_resource(r.external_id)->status, "running");
  // The transition itself is a change; nothing changed after it.
  EXPECT_EQ(p->change_feed()->changed_since(t0 + 1), std::vector<std::string>{r.external_id});
  EXPECT_TRUE(p->change_feed()->changed_since(w.clock.now_ms()).empty());

  // Created resources are listed after the generated ones, on every page size.
  ResourceRecord second = p->resource_actions()->create_resource({"jobs", "queue", "us-east-1"});
  for (int page_size : {1, 24, 25, 26, 1000}) {
    auto all = SimCloud::list_all(*p, page_size);
    ASSERT_EQ(all.size(), 27u) << page_size;
    EXPECT_EQ(all[25].external_id, r.external_id);
    EXPECT_EQ(all[26].external_id, second.external_id);
  }
  // State lives in the database: a fresh instance (a restart, another replica) sees it.
  auto again = w.make({{"scenario", "startup"}});
  EXPECT_EQ(again->get_resource(r.external_id)->name, "api-new");
  // Other accounts do not.
  EXPECT_FALSE(w.make({{"scenario", "startup"}}, "acc-other")->get_resource(r.external_id));
  // Different credentials on the same account: the old changes do not leak into the new cloud.
  auto reseeded = w.make({{"scenario", "startup"}, {"seed", 2}});
  const std::string web = p->list_resources("", 1).items[0].external_id;
  p->resource_actions()->run_action(web, Action::kStop);
  w.clock.advance(5000);
  EXPECT_EQ(reseeded->list_resources("", 1).items[0].status, "running");
  // Same seed, smaller account: the changed resource is still part of it.
  EXPECT_EQ(w.make({{"scenario", "startup"}, {"resourceCount", 1}})->list_resources("", 5).items[0].status, "stopped");

  forget_account(db, "acc-1");
  EXPECT_FALSE(w.make({{"scenario", "startup"}})->get_resource(r.external_id));
}

inline void check_stop_start_reboot_delete(storage::Database& db) {
  SimCloud w(db);
  auto p = w.make({{"scenario", "startup"}});
  const std::string web = p->list_resources("", 1).items[0].external_id;
  ResourceRecord before = *p->get_resource(web);
  ASSERT_EQ(before.name, "demo-web-server-1");
  ASSERT_EQ(before.status, "running");

  const Millis t0 = w.clock.now_ms();
  EXPECT_EQ(p->resource_actions()->run_action(web, Action::kStop).status, "running");  // still stopping
  EXPECT_EQ(p->resource_actions()->run_action(web, Action::kStop).status, "running");  // repeating is a no-op
  EXPECT_EQ(SimCloud::code_of([&] { p->resource_actions()->run_action(web, Action::kReboot); }), "IncorrectState");
  w.clock.advance(3000);
  ResourceRecord stopped = *p->get_resource(web);
  EXPECT_EQ(stopped.status, "stopped");
  EXPECT_LT(stopped.monthly_cost, before.monthly_cost);
  EXPECT_EQ(p->list_resources("", 1).items[0].status, "stopped");
  EXPECT_EQ(p->change_feed()->changed_since(t0), std::vector<std::string>{web});
  EXPECT_EQ(SimCloud::code_of([&] { p->resource_actions()->run_action(web, Action::kReboot); }), "IncorrectState");

  EXPECT_EQ(p->resource_actions()->run_action(web, Action::kStart).status, "provisioning");
  try {
    p->resource_actions()->run_action(web, Action::kStop);
    ADD_FAILURE() << "stop while starting";
  } catch (const ProviderError& e) {
    EXPECT_EQ(e.code(), "IncorrectState");
    EXPECT_TRUE(e.retryable());
  }
  w.clock.advance(4000);
  EXPECT_EQ(p->get_resource(web)->status, "running");
  EXPECT_EQ(p->get_resource(web)->monthly_cost, before.monthly_cost);

  EXPECT_EQ(p->resource_actions()->run_action(web, Action::kReboot).status, "provisioning");
  w.clock.advance(2000);
  EXPECT_EQ(p->get_resource(web)->status, "running");

  // Not every type can be stopped.
  std::string bucket;
  for (const auto& r : SimCloud::list_all(*p, 100))
    if (r.type == "storage") bucket = r.external_id;
  ASSERT_FALSE(bucket.empty());
  EXPECT_EQ(SimCloud::code_of([&] { p->resource_actions()->run_action(bucket, Action::kStop); }),
            "UnsupportedOperation");

  const Millis t1 = w.clock.now_ms();
  ResourceRecord gone = p->resource_actions()->delete_resource(web);
  EXPECT_EQ(gone.status, "terminated");
  EXPECT_EQ(gone.monthly_cost, 0);
  EXPECT_EQ(p->resource_actions()->delete_resource(web).status, "terminated");
  EXPECT_EQ(SimCloud::code_of([&] { p->resource_actions()->run_action(web, Action::kStart); }), "IncorrectState");
  EXPECT_EQ(p->list_resources("", 1).items[0].status, "terminated");
  w.clock.advance(10'000);
  EXPECT_FALSE(p->get_resource(web));
  EXPECT_EQ(SimCloud::list_all(*p, 10).size(), 24u);
  EXPECT_NE(p->list_resources("", 1).items[0].external_id, web);
  EXPECT_EQ(SimCloud::code_of([&] { p->resource_actions()->delete_resource(web); }), "NotFound");
  EXPECT_EQ(p->change_feed()->changed_since(t1 + 1), std::vector<std::string>{web});  // the disappearance

  // A deleted name-addressed resource can be created again; it takes the old one's place.
  auto all = SimCloud::list_all(*p, 100);
  const ResourceRecord* fn = nullptr;
  for (const auto& r : all)
    if (r.type == "function" && r.provider == "aws") fn = &r;
  ASSERT_NE(fn, nullptr);
  EXPECT_EQ(
      SimCloud::code_of([&] {
        p->resource_actions()->create_resource({fn->name, "function", fn->region, {}, {{"env", fn->tags["env"]}}});
      }),
      "Conflict");
  p->resource_actions()->delete_resource(fn->external_id);
  w.clock.advance(10'000);
  ResourceRecord reborn =
      p->resource_actions()->create_resource({fn->name, "function", fn->region, {}, {{"env", fn->tags["env"]}}});
  EXPECT_EQ(reborn.external_id, fn->external_id);
  auto after = SimCloud::list_all(*p, 100);
  EXPECT_EQ(after.size(), 24u);
  size_t same = 0;
  for (const auto& r : after) same += r.external_id == fn->external_id;
  EXPECT_EQ(same, 1u);
}

inline void check_update_renames_retags_and_resizes(storage::Database& db) {
  SimCloud w(db);
  auto p = w.make({{"scenario", "startup"}});
  const std::string web = p->list_resources("", 1).items[0].external_id;
  const double cost = p->get_resource(web)->monthly_cost;
  ResourcePatch patch;
  patch.name = "web-renamed";
  patch.tags = json{{"env", "prod"}, {"owner", "ops@example.com"}};
  patch.spec = json{{"instanceType", "m6i.4xlarge"}};
  ResourceRecord r = p->resource_actions()->update_resource(web, patch);
  EXPECT_EQ(r.external_id, web);  // ids are stable
  EXPECT_EQ(r.name, "web-renamed");
  EXPECT_EQ(r.tags.size(), 2u);
  EXPECT_EQ(r.spec["cpu"], 16);
  EXPECT_GT(r.monthly_cost, cost);
  EXPECT_EQ(p->get_resource(web)->name, "web-renamed");
  EXPECT_EQ(p->list_resources("", 1).items[0].name, "web-renamed");

  // Security settings in the spec are what a scanner sees: a public bucket can be fixed.
  std::string bucket;
  for (const auto& res : SimCloud::list_all(*p, 100))
    if (res.posture.value("publicAccess", false)) bucket = res.external_id;
  ASSERT_FALSE(bucket.empty());
  ResourcePatch fix;
  fix.spec = json{{"publicAccess", false}};
  EXPECT_EQ(p->resource_actions()->update_resource(bucket, fix).posture["publicAccess"], false);
  EXPECT_EQ(p->get_resource(bucket)->posture["publicAccess"], false);
  fix.spec = json{{"publicAccess", "no"}};
  EXPECT_EQ(SimCloud::code_of([&] { p->resource_actions()->update_resource(bucket, fix); }), "InvalidParameterValue");

  ResourcePatch bad;
  bad.spec = json{{"instanceType", "t1.nano"}};
  EXPECT_EQ(SimCloud::code_of([&] { p->resource_actions()->update_resource(web, bad); }), "InvalidParameterValue");
  EXPECT_EQ(p->get_resource(web)->spec["instanceType"], "m6i.4xlarge");
}

inline void check_unknown_ids_and_conflicts(storage::Database& db) {
  SimCloud w(db);
  auto p = w.make({{"scenario", "startup"}});
  EXPECT_FALSE(p->get_resource("i-0ffffffffffffffff"));
  EXPECT_EQ(SimCloud::code_of([&] { p->resource_actions()->update_resource("nope", {}); }), "NotFound");
  EXPECT_EQ(SimCloud::code_of([&] { p->resource_actions()->delete_resource("nope"); }), "NotFound");
  EXPECT_EQ(SimCloud::code_of([&] { p->resource_actions()->run_action("nope", Action::kStart); }), "NotFound");
  EXPECT_EQ(SimCloud::code_of([&] { p->metrics_source()->metrics("nope", "", "cpu_utilization", 0, 1000, 100); }),
            "NotFound");
  EXPECT_EQ(SimCloud::code_of([&] {
              p->resource_actions()->create_resource({"", "server", "us-east-1"});
            }),
            "InvalidParameterValue");
  EXPECT_EQ(SimCloud::code_of([&] {
              p->resource_actions()->create_resource({"x", "blockchain", "us-east-1"});
            }),
            "InvalidParameterValue");
  p->resource_actions()->create_resource({"thumbnailer", "function", "us-east-1"});
  EXPECT_EQ(SimCloud::code_of([&] {
              p->resource_actions()->create_resource({"thumbnailer", "function", "us-east-1"});
            }),
            "Conflict");
}

}  // namespace cw::providers::simulated::testing
