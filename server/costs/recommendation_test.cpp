#include "costs/recommendation.hpp"

#include <gtest/gtest.h>

#include "costs/rightsizing_prices.hpp"

namespace cw::costs {
namespace {

ResourceFacts server(double cpu_p95, const std::string& type = "m5.xlarge") {
  ResourceFacts f;
  f.id = "res_1";
  f.name = "api-1";
  f.type = "server";
  f.status = "running";
  f.spec = {{"instanceType", type}};
  f.monthly_cost = 150;
  f.cpu_p95 = cpu_p95;
  return f;
}

TEST(Recommendation, P95IsTheNearestRank) {
  EXPECT_FALSE(p95({}).has_value());
  std::vector<double> v;
  for (int i = 1; i <= 100; ++i) v.push_back(i);
  EXPECT_EQ(*p95(v), 95);
  EXPECT_EQ(*p95({7}), 7);
}

TEST(Recommendation, AnIdleServerIsStoppedForItsComputeShare) {
  auto recs = recommend_for(server(2.5));
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_EQ(recs[0].kind, "idle_server");
  EXPECT_EQ((*recs[0].action)["kind"], "stop");
  EXPECT_DOUBLE_EQ(recs[0].monthly_savings, 140.16);  // 0.192 $/h × 730 h, under the 150 it costs
}

TEST(Recommendation, AnOversizedServerStepsDownOneSize) {
  auto recs = recommend_for(server(25));
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_EQ(recs[0].kind, "rightsize_server");
  EXPECT_EQ((*recs[0].action)["to"], "m5.large");
  EXPECT_DOUBLE_EQ(recs[0].monthly_savings, 70.08);
  EXPECT_TRUE(recommend_for(server(25, "m5.large")).empty()) << "the smallest of its family";
  EXPECT_TRUE(recommend_for(server(25, "x9.unknown")).empty()) << "not in the price table";
  EXPECT_TRUE(recommend_for(server(40)).empty()) << "busy enough";
  auto stopped = server(25);
  stopped.status = "stopped";
  stopped.cpu_p95.reset();
  auto recs_stopped = recommend_for(stopped);
  ASSERT_EQ(recs_stopped.size(), 1u);
  EXPECT_EQ(recs_stopped[0].kind, "stopped_server_storage");
}

TEST(Recommendation, SavingsUseTheResourcesOwnCostRowsWhenThereAreSome) {
  auto f = server(25);
  f.billed_30d = 60;  // 30 days → 60 × 730 / 720 a month
  f.currency = "EUR";
  auto recs = recommend_for(f);
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_DOUBLE_EQ(recs[0].monthly_savings, 30.42);  // half of 60.83
  EXPECT_EQ(recs[0].currency, "EUR");
}

TEST(Recommendation, OnlyADetachedVolumeIsUnattached) {
  ResourceFacts v;
  v.type = "storage";
  v.status = "running";
  v.monthly_cost = 40;
  v.spec = {{"kind", "volume"}, {"attached", true}};
  EXPECT_TRUE(recommend_for(v).empty());
  v.spec["attached"] = false;
  auto recs = recommend_for(v);
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_EQ(recs[0].kind, "unattached_volume");
  EXPECT_DOUBLE_EQ(recs[0].monthly_savings, 40);
  v.spec = {{"kind", "ebsVolume"}, {"attachedTo", nlohmann::json::array()}};
  EXPECT_EQ(recommend_for(v).size(), 1u) << "EBS, GCE";
  v.spec["attachedTo"] = {"i-0abc"};
  EXPECT_TRUE(recommend_for(v).empty());
  v.spec = {{"diskState", "Unattached"}};
  EXPECT_EQ(recommend_for(v).size(), 1u) << "Azure";
  v.spec = {{"diskState", "Attached"}};
  EXPECT_TRUE(recommend_for(v).empty());
  v.spec = {{"kind", "bucket"}, {"attached", false}};
  EXPECT_TRUE(recommend_for(v).empty());
}

TEST(Recommendation, ASnapshotOlderThanAQuarterIsOld) {
  constexpr Millis kDay = 86'400'000;
  ResourceFacts s;
  s.type = "storage";
  s.status = "running";
  s.name = "db-before-upgrade";
  s.monthly_cost = 5;
  s.spec = {{"kind", "snapshot"}, {"sizeGb", 100}};
  s.now = 1'000 * kDay;
  s.created_at = s.now - 89 * kDay;
  EXPECT_TRUE(recommend_for(s).empty()) << "89 days: not old yet";
  s.created_at = s.now - 120 * kDay;
  auto recs = recommend_for(s);
  ASSERT_EQ(recs.size(), 1u) << "and never taken for an unattached volume";
  EXPECT_EQ(recs[0].kind, "old_snapshot");
  EXPECT_DOUBLE_EQ(recs[0].monthly_savings, 5);
  EXPECT_EQ(recs[0].title, "Delete old snapshot db-before-upgrade");
  EXPECT_NE(recs[0].detail.find("120 days ago"), std::string::npos) << recs[0].detail;
  EXPECT_EQ((*recs[0].action)["kind"], "delete");
  s.created_at = 0;
  EXPECT_TRUE(recommend_for(s).empty()) << "no creation time, no verdict";
}

TEST(Recommendation, APublicIpNothingUsesIsIdle) {
  ResourceFacts ip;
  ip.type = "network";
  ip.status = "running";
  ip.name = "eip-old";
  ip.monthly_cost = 3.65;
  ip.spec = {{"kind", "public-ip"}, {"associated", true}};
  EXPECT_TRUE(recommend_for(ip).empty());
  ip.spec.erase("associated");
  EXPECT_TRUE(recommend_for(ip).empty()) << "unknown is not idle";
  ip.spec["associated"] = false;
  auto recs = recommend_for(ip);
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_EQ(recs[0].kind, "idle_public_ip");
  EXPECT_DOUBLE_EQ(recs[0].monthly_savings, 3.65);
  EXPECT_EQ((*recs[0].action)["kind"], "delete");
  ip.spec = {{"kind", "nat-gateway"}, {"associated", false}};
  EXPECT_TRUE(recommend_for(ip).empty()) << "only addresses";
}

TEST(Recommendation, ALoadBalancerWithoutRequestsIsIdle) {
  ResourceFacts lb;
  lb.type = "load_balancer";
  lb.status = "running";
  lb.name = "old-alb";
  lb.monthly_cost = 18.4;
  EXPECT_TRUE(recommend_for(lb).empty()) << "no metrics, no verdict";
  lb.requests_p95 = 3;
  EXPECT_TRUE(recommend_for(lb).empty());
  lb.requests_p95 = 0;
  auto recs = recommend_for(lb);
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_EQ(recs[0].kind, "idle_load_balancer");
  EXPECT_EQ((*recs[0].action)["kind"], "delete");
  EXPECT_DOUBLE_EQ(recs[0].monthly_savings, 18.4);
}

TEST(Recommendation, CommitmentWhenMuchComputeRunsOnDemand) {
  EXPECT_FALSE(recommend_commitment({.on_demand = 100, .committed = 900}).has_value()) << "10 % on demand";
  EXPECT_FALSE(recommend_commitment({}).has_value());
  auto rec = recommend_commitment({.on_demand = 720, .committed = 0, .currency = "USD", .days = 30});
  ASSERT_TRUE(rec.has_value());
  // 1 $/h on demand; cover 0.8 $/h of it for 0.576 $/h: saves 0.224 $/h.
  EXPECT_DOUBLE_EQ(rec->monthly_savings, 163.52);
  EXPECT_NE(rec->title.find("0.58 USD/h"), std::string::npos) << rec->title;
  EXPECT_FALSE(rec->action.has_value());
}

TEST(RightsizingPrices, EveryFamilyStepsDownToACheaperSize) {
  EXPECT_EQ(next_smaller("Standard_D4s_v5")->name, "Standard_D2s_v5");
  EXPECT_EQ(next_smaller("n2-standard-4")->name, "n2-standard-2");
  EXPECT_FALSE(next_smaller("t3.micro").has_value());
  for (const char* t : {"t3.large", "m6i.4xlarge", "c5.xlarge", "r6i.xlarge", "Standard_E4s_v5", "e2-standard-4"})
    EXPECT_LT(next_smaller(t)->hourly, machine_price(t)->hourly) << t;
}

}  // namespace
}  // namespace cw::costs
