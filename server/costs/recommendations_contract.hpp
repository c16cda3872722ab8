#pragma once
// Savings recommendations below HTTP on a real database with the simulated cloud, run on SQLite
// (recommendations_sqlite_test.cpp) and PostgreSQL (recommendations_postgres_pgtest.cpp): the
// planted idle and oversized servers, unattached volume and idle load balancer are found and
// nothing else; runs are idempotent, dismissals stick, a condition that goes away resolves,
// applying acts through the inventory, and organizations do not see each other's.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "core/error.hpp"
#include "costs/module.hpp"
#include "costs/recommendations_module.hpp"
#include "inventory/inventory_world_test_support.hpp"

namespace cw::costs::testing {

struct RecommendationWorld : inventory::testing::InventoryWorld {
  explicit RecommendationWorld(storage::Database& db)
      : InventoryWorld(db),
        dir(std::filesystem::temp_directory_path() /
            ("cw-recs-" + std::to_string(::getpid()) + "-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)))),
        costs(platform, accounts_module, CostsSettings{dir, {}}),
        recommendations(platform, accounts_module, inventory) {
    costs.add_jobs(runner);
    recommendations.add_jobs(runner);
    owner = member("Acme", "o@example.com");
  }
  ~RecommendationWorld() { std::filesystem::remove_all(dir); }
  RecommendationService& service() { return recommendations.service; }
  nlohmann::json items(const Principal& who, std::map<std::string, std::string> query = {}) {
    return service().list(who, query)["items"];
  }
  static std::vector<std::string> names_of(const nlohmann::json& items, const std::string& kind) {
    std::vector<std::string> out;
    for (const auto& i : items)
      if (i["kind"] == kind) out.push_back(i["resourceName"]);
    std::sort(out.begin(), out.end());
    return out;
  }
  static nlohmann::json only(const nlohmann::json& items, const std::string& kind) {
    nlohmann::json found;
    int n = 0;
    for (const auto& i : items)
      if (i["kind"] == kind) found = i, ++n;
    EXPECT_EQ(n, 1) << kind;
    return found;
  }

  std::filesystem::path dir;
  CostsModule costs;
  RecommendationsModule recommendations;
  Principal owner;
};

inline void check_planted_savings_are_found_and_nothing_else(storage::Database& db) {
  RecommendationWorld w(db);
  std::string account = w.connect(w.owner);
  // A server created today has no 14 days of CPU to be judged on (its past reads as 0 %).
  inventory::NewResourceRequest fresh{account,
                                      {"new-api-1", "server", "us-east-1", {{"instanceType", "m5.xlarge"}}, {}}};
  std::string fresh_id = w.inventory.resources.create(w.owner, fresh).id;
  for (int i = 0; i < 20 && w.inventory.resources.get(w.owner, fresh_id).status != "running"; ++i) {
    w.clock.advance(2000);
    w.runner.run_due_jobs();
  }
  ASSERT_EQ(w.inventory.resources.get(w.owner, fresh_id).status, "running");
  auto result = w.service().run(account);
  EXPECT_EQ(result["metricFailures"], 0);
  auto items = w.items(w.owner);

  EXPECT_EQ(w.names_of(items, "idle_server"), std::vector<std::string>{"demo-idle-server-1"});
  EXPECT_EQ(w.names_of(items, "rightsize_server"), std::vector<std::string>{"demo-oversized-server-1"});
  EXPECT_EQ(w.names_of(items, "unattached_volume"), std::vector<std::string>{"demo-unattached-volume-1"});
  EXPECT_EQ(w.names_of(items, "idle_load_balancer"), std::vector<std::string>{"demo-idle-lb-1"});
  EXPECT_EQ(w.names_of(items, "old_snapshot"), std::vector<std::string>{"demo-old-snapshot-1"});
  EXPECT_EQ(w.names_of(items, "idle_public_ip"), std::vector<std::string>{"demo-idle-ip-1"});
  EXPECT_EQ(w.only(items, "old_snapshot")["action"]["kind"], "delete");
  EXPECT_GT(w.only(items, "idle_public_ip")["monthlySavings"].get<double>(), 3);
  auto idle = w.only(items, "idle_server");
  EXPECT_EQ(idle["action"]["kind"], "stop");
  EXPECT_GT(idle["monthlySavings"].get<double>(), 0);
  EXPECT_EQ(idle["status"], "open");
  EXPECT_EQ(idle["providerId"], account);
  auto resize = w.only(items, "rightsize_server");
  EXPECT_EQ(resize["action"]["kind"], "resize");
  std::set<std::string> smaller{"m5.large", "Standard_D2s_v5", "n2-standard-2"};
  EXPECT_TRUE(smaller.count(resize["action"]["to"].get<std::string>())) << resize.dump();
  EXPECT_GT(resize["monthlySavings"].get<double>(), 0);

  // Stopped servers still pay for their disks: exactly the inventory's stopped servers.
  std::vector<std::string> stopped;
  for (const auto& f : w.recommendations.repository.resources(w.owner.organization_id, account, 10000))
    if (f.type == "server" && f.status == "stopped" && f.monthly_cost > 0) stopped.push_back(f.name);
  std::sort(stopped.begin(), stopped.end());
  EXPECT_EQ(w.names_of(items, "stopped_server_storage"), stopped);
  EXPECT_EQ(items.size(), 6 + stopped.size()) << "no cost rows were loaded: no commitment recommendation";

  double total = 0;
  for (const auto& i : items) total += i["monthlySavings"].get<double>();
  EXPECT_NEAR(w.service().list(w.owner, {})["totalMonthlySavings"].get<double>(), total, 0.02);

  // Filters, and their validation.
  EXPECT_EQ(w.items(w.owner, {{"kind", "idle_server"}}).size(), 1u);
  for (const char* kind : {"idle_load_balancer", "old_snapshot", "idle_public_ip"})
    EXPECT_EQ(w.items(w.owner, {{"kind", kind}}).size(), 1u) << kind;
  EXPECT_THROW(w.service().list(w.owner, {{"kind", "nope"}}), ApiError);
  EXPECT_THROW(w.service().list(w.owner, {{"status", "gone"}}), ApiError);
}

inline void check_runs_are_idempotent_and_dismissals_stick(storage::Database& db) {
  RecommendationWorld w(db);
  std::string account = w.connect(w.owner);
  w.service().run(account);
  auto first = w.items(w.owner);
  w.clock.advance(3600 * 1000);
  w.service().run(account);
  auto second = w.items(w.owner);
  ASSERT_EQ(first.size(), second.size());
  std::set<std::string> ids_first, ids_second;
  for (const auto& i : first) ids_first.insert(i["id"]);
  for (const auto& i : second) ids_second.insert(i["id"]);
  EXPECT_EQ(ids_first, ids_second) << "one row per resource and kind, refreshed";

  auto volume = w.only(second, "unattached_volume");
  std::string id = volume["id"];
  EXPECT_THROW(w.service().dismiss(w.owner, id, nlohmann::json::object()), ApiError) << "reason required";
  EXPECT_THROW(w.service().dismiss(w.owner, id, {{"reason", "   "}}), ApiError);
  auto dismissed = w.service().dismiss(w.owner, id, {{"reason", "kept for the audit"}});
  EXPECT_EQ(dismissed["status"], "dismissed");
  EXPECT_EQ(dismissed["dismissedReason"], "kept for the audit");
  w.clock.advance(3600 * 1000);
  w.service().run(account);
  EXPECT_EQ(w.only(w.items(w.owner, {{"status", "dismissed"}}), "unattached_volume")["id"], id);
  EXPECT_EQ(w.names_of(w.items(w.owner, {{"status", "open"}}), "unattached_volume").size(), 0u);

  // Tenant isolation: another organization sees none and cannot touch them.
  Principal other = w.member("Other", "x@example.com");
  EXPECT_EQ(w.items(other).size(), 0u);
  std::string idle = w.only(second, "idle_server")["id"];
  try {
    w.service().dismiss(other, idle, {{"reason", "not mine"}});
    ADD_FAILURE() << "dismissed another organization's recommendation";
  } catch (const ApiError& e) { EXPECT_EQ(e.code(), ErrorCode::kNotFound); }
  try {
    w.service().apply(other, idle);
    ADD_FAILURE() << "applied another organization's recommendation";
  } catch (const ApiError& e) { EXPECT_EQ(e.code(), ErrorCode::kNotFound); }
  EXPECT_EQ(w.only(w.items(w.owner), "idle_server")["status"], "open");
}

inline void check_applying_acts_through_the_inventory_and_resolves(storage::Database& db) {
  RecommendationWorld w(db);
  std::string account = w.connect(w.owner);
  w.service().run(account);
  auto items = w.items(w.owner);
  auto idle = w.only(items, "idle_server");
  auto applied = w.service().apply(w.owner, idle["id"]);
  EXPECT_EQ(applied["status"], "applied");
  std::string resource_id = idle["resourceId"];
  try {
    w.service().apply(w.owner, idle["id"]);
    ADD_FAILURE() << "applied twice";
  } catch (const ApiError& e) { EXPECT_EQ(e.code(), ErrorCode::kConflict); }

  auto volume = w.only(items, "unattached_volume");
  w.service().apply(w.owner, volume["id"]);
  auto resize = w.only(items, "rightsize_server");
  w.service().apply(w.owner, resize["id"]);
  EXPECT_EQ(w.inventory.resources.get(w.owner, resize["resourceId"]).spec["instanceType"], resize["action"]["to"]);

  // The follow-up jobs settle the resources; the next run no longer finds those conditions.
  w.clock.advance(10 * 60 * 1000);
  w.runner.run_due_jobs();
  EXPECT_EQ(w.inventory.resources.get(w.owner, resource_id).status, "stopped");
  EXPECT_THROW(w.inventory.resources.get(w.owner, volume["resourceId"]), ApiError) << "deleted, then gone";
  w.service().run(account);
  auto after = w.items(w.owner);
  EXPECT_EQ(w.names_of(after, "idle_server").size(), 0u);
  EXPECT_EQ(w.names_of(after, "unattached_volume").size(), 0u);
  EXPECT_EQ(w.names_of(after, "rightsize_server").size(), 0u) << "m5.large and its siblings are the smallest";
  // The idle server is now stopped: its disks are what is left to save.
  auto stopped = w.names_of(after, "stopped_server_storage");
  EXPECT_TRUE(std::find(stopped.begin(), stopped.end(), "demo-idle-server-1") != stopped.end());
}

inline void check_cost_rows_price_resources_and_commitment_coverage(storage::Database& db) {
  RecommendationWorld w(db);
  std::string account = w.connect(w.owner);
  w.costs.collections.request(w.owner, account);
  w.runner.run_due_jobs();
  ASSERT_EQ(w.costs.collections.list(w.owner).at(0).state, "succeeded");

  // The simulated bill runs part of its compute under a savings plan, the rest on demand.
  auto& repo = w.recommendations.repository;
  ComputeSpend spend = repo.compute_spend(w.owner.organization_id, account, "2026-10-29", "2026-11-28");
  EXPECT_GT(spend.on_demand, 0);
  EXPECT_GT(spend.committed, 0);
  EXPECT_EQ(spend.currency, "USD");
  Principal other = w.member("Other", "x@example.com");
  EXPECT_EQ(repo.compute_spend(other.organization_id, account, "2026-10-29", "2026-11-28").on_demand, 0)
      << "another organization reads nothing of the account";
  // Resources' own costs come from the rollups linked to them.
  auto costs = repo.resource_costs(w.owner.organization_id, account, "2026-10-29", "2026-11-28");
  EXPECT_GT(costs.size(), 5u);
  for (const auto& [id, cost] : costs) EXPECT_GE(cost.first, 0) << id;

  w.service().run(account);
  auto items = w.items(w.owner);
  // About 60 % of it ran on demand: a savings plan is worth buying.
  auto commitment = recommend_commitment(spend);
  ASSERT_TRUE(commitment.has_value());
  auto rec = w.only(items, "commitment");
  EXPECT_TRUE(rec["resourceId"].is_null());
  EXPECT_TRUE(rec["action"].is_null());
  EXPECT_EQ(rec["providerId"], account);
  EXPECT_NEAR(rec["monthlySavings"].get<double>(), commitment->monthly_savings, 0.01);
  EXPECT_EQ(rec["title"].get<std::string>().rfind("Buy a savings plan for ", 0), 0u) << rec["title"];
  EXPECT_THROW(w.service().apply(w.owner, rec["id"]), ApiError) << "nothing to do in one click";
  // The idle server's saving is now measured against its own cost rows.
  auto idle = w.only(items, "idle_server");
  std::string idle_id = idle["resourceId"];
  bool billed = false;
  for (const auto& [id, cost] : costs) billed = billed || id == idle_id;
  EXPECT_TRUE(billed) << "the planted idle server has cost rows";
  EXPECT_GT(idle["monthlySavings"].get<double>(), 0);
}

}  // namespace cw::costs::testing
