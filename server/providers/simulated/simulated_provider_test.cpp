// The simulated provider through the CloudProvider interface, on a migrated in-memory SQLite
// database with a fake clock: paging, scale, lifecycles, change feed, failures, metrics, costs.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <set>

#include "core/metrics.hpp"
#include "providers/simulated/simulated_contract.hpp"
#include "providers/simulated/telemetry.hpp"
#include "storage/test_support.hpp"

namespace cw::providers::simulated::testing {
namespace {

class SimulatedProviderTest : public ::testing::Test {
 protected:
  std::unique_ptr<CloudProvider> make(json credentials, const std::string& account = "acc-1") {
    return cloud.make(std::move(credentials), account);
  }
  static std::vector<ResourceRecord> list_all(CloudProvider& p, int page_size, int* pages = nullptr) {
    return SimCloud::list_all(p, page_size, pages);
  }
  static std::string code_of(const std::function<void()>& f) { return SimCloud::code_of(f); }

  std::unique_ptr<storage::Database> db = storage::testing::fresh_sqlite();
  SimCloud cloud{*db};
  FakeClock& clock = cloud.clock;
};

TEST_F(SimulatedProviderTest, CreateProvisionsThenRuns) { check_create_provisions_then_runs(*db); }
TEST_F(SimulatedProviderTest, StopStartRebootDelete) { check_stop_start_reboot_delete(*db); }
TEST_F(SimulatedProviderTest, UpdateRenamesRetagsAndResizes) { check_update_renames_retags_and_resizes(*db); }
TEST_F(SimulatedProviderTest, UnknownIdsAndConflicts) { check_unknown_ids_and_conflicts(*db); }

TEST_F(SimulatedProviderTest, PagingCoversEveryResourceExactlyOnceAndIsDeterministic) {
  auto p = make({{"scenario", "enterprise"}, {"seed", 4}, {"resourceCount", 2500}});
  int pages = 0;
  auto all = list_all(*p, 1000, &pages);
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(all.size(), 2500u);
  std::set<std::string> ids;
  for (const auto& r : all) ids.insert(r.external_id);
  EXPECT_EQ(ids.size(), 2500u);

  auto small = list_all(*p, 7);
  ASSERT_EQ(small.size(), all.size());
  for (size_t i = 0; i < all.size(); ++i) ASSERT_EQ(small[i].external_id, all[i].external_id);

  // Another account with the same seed is the same cloud; another seed is not.
  auto twin = make({{"scenario", "enterprise"}, {"seed", 4}, {"resourceCount", 2500}}, "acc-2");
  auto other = make({{"scenario", "enterprise"}, {"seed", 5}, {"resourceCount", 2500}}, "acc-3");
  ResourcePage a = twin->list_resources("", 200), b = other->list_resources("", 200);
  for (size_t i = 0; i < 200; ++i) EXPECT_EQ(record_to_json(a.items[i]), record_to_json(all[i]));
  EXPECT_NE(b.items[5].external_id, all[5].external_id);

  EXPECT_EQ(code_of([&] { p->list_resources("nonsense", 10); }), "InvalidParameterValue");
  EXPECT_EQ(code_of([&] { p->list_resources("b:99999999", 10); }), "InvalidParameterValue");
  EXPECT_EQ(code_of([&] { p->list_resources("", 0); }), "InvalidParameterValue");
  EXPECT_EQ(code_of([&] { p->list_resources("", 1001); }), "InvalidParameterValue");
}

long rss_kb() { return static_cast<long>(process_rss_bytes() / 1024); }

TEST_F(SimulatedProviderTest, AMillionResourcesCostNothingUntilRead) {
  // Memory shows it: a provider that built its million records first would hold hundreds of
  // megabytes. (How fast this is belongs in a benchmark, not in a unit test's assertion.)
  long before = rss_kb();
  auto p = make({{"scenario", "multicloud"}, {"seed", 2}, {"resourceCount", 1'000'000}});
  ResourcePage last = p->list_resources("b:999000", 1000);
  EXPECT_EQ(last.items.size(), 1000u);
  EXPECT_TRUE(last.next_token.empty());
  EXPECT_EQ(last.items.back().name.substr(last.items.back().name.size() - 6), "999999");
  EXPECT_LT(rss_kb() - before, 20'000);  // kB: one page, not a million records

  // The last resource can be addressed directly.
  auto r = p->get_resource(last.items.back().external_id);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->name, last.items.back().name);
  EXPECT_EQ(p->list_resources("b:999999", 1000).items.size(), 1u);
}

TEST_F(SimulatedProviderTest, FailuresLookLikeACloudsFailures) {
  auto p = make({{"scenario", "startup"}});
  try {
    p->resource_actions()->create_resource({"fail-big-server", "server", "us-east-1"});
    ADD_FAILURE() << "fail- names must fail";
  } catch (const ProviderError& e) {
    EXPECT_EQ(e.code(), "QuotaExceeded");
    EXPECT_FALSE(e.retryable());
  }
  EXPECT_EQ(list_all(*p, 100).size(), 25u);  // nothing half-created
  // The account record is not a resource one deletes; its keys and users are.
  const auto scope = p->list_resources("", 25).items;
  ASSERT_EQ(scope[14].type, "account");
  EXPECT_EQ(SimCloud::code_of([&] { p->resource_actions()->delete_resource(scope[14].external_id); }),
            "UnsupportedOperation");
  EXPECT_EQ(p->resource_actions()->delete_resource(scope[16].external_id).status, "terminated");

  auto broken = make({{"scenario", "startup"}, {"failureRate", 1.0}}, "acc-broken");
  const std::string web = p->list_resources("", 1).items[0].external_id;
  std::vector<std::function<void()>> ops = {
      [&] { broken->test_connection(); },
      [&] { broken->list_resources("", 10); },
      [&] { broken->get_resource(web); },
      [&] {
        broken->resource_actions()->create_resource({"ok-name", "server", "us-east-1"});
      },
      [&] { broken->resource_actions()->update_resource(web, {}); },
      [&] { broken->resource_actions()->delete_resource(web); },
      [&] { broken->resource_actions()->run_action(web, Action::kStop); },
      [&] { broken->change_feed()->changed_since(0); },
      [&] { broken->metrics_source()->metrics(web, "", "cpu_utilization", kNoon - kHour, kNoon, 60'000); },
      [&] { broken->cost_source()->costs("2026-11-01", "2026-11-02"); },
  };
  for (size_t i = 0; i < ops.size(); ++i) {
    std::string code = code_of(ops[i]);
    EXPECT_NE(code, "no error") << i;
    EXPECT_TRUE(code == "RequestLimitExceeded" || code == "Throttling" || code == "QuotaExceeded" ||
                code == "InsufficientInstanceCapacity")
        << code;
  }

  // At 30 %, about a third of the writes fail, some retryable, some not; reads mostly succeed.
  auto flaky = make({{"scenario", "startup"}, {"failureRate", 0.3}}, "acc-flaky");
  int failed = 0, retryable = 0, reads_failed = 0;
  for (int i = 0; i < 300; ++i) {
    try {
      flaky->resource_actions()->create_resource({"vm-" + std::to_string(i), "server", "us-east-1"});
    } catch (const ProviderError& e) {
      ++failed;
      retryable += e.retryable();
    }
    reads_failed += code_of([&] { flaky->get_resource(web); }) != "no error";
    clock.advance(1000);
  }
  EXPECT_GT(failed, 60);
  EXPECT_LT(failed, 130);
  EXPECT_GT(retryable, 20);
  EXPECT_LT(retryable, failed);
  EXPECT_LT(reads_failed, 60);
}

TEST_F(SimulatedProviderTest, TestConnectionDescribesTheAccount) {
  ConnectionTest t = make({{"scenario", "enterprise"}, {"seed", 9}})->test_connection();
  EXPECT_TRUE(t.valid);
  EXPECT_EQ(t.identity["scenario"], "enterprise");
  EXPECT_EQ(t.identity["flavour"], "aws");
  EXPECT_EQ(t.identity["accountId"].get<std::string>().size(), 12u);
  EXPECT_EQ(t.identity["linkedAccounts"].size(), 4u);
  EXPECT_GE(t.regions.size(), 5u);
  EXPECT_FALSE(t.services.empty());
  EXPECT_FALSE(t.permissions.empty());
  EXPECT_EQ(t.identity["accountId"],
            make({{"scenario", "enterprise"}, {"seed", 9}}, "x")->test_connection().identity["accountId"]);

  ConnectionTest m = make({{"scenario", "multicloud"}})->test_connection();
  EXPECT_EQ(m.identity["flavour"], "multicloud");
  EXPECT_TRUE(m.identity.contains("subscriptionId") && m.identity.contains("projectId"));
  EXPECT_TRUE(std::find(m.regions.begin(), m.regions.end(), "westeurope") != m.regions.end());

  ProviderKind kind = simulated_kind();
  EXPECT_EQ(kind.validate({{"scenario", "nope"}}, nullptr).count("scenario"), 1u);
  EXPECT_THROW(kind.create(ProviderAccount{"a", "o", {{"scenario", "nope"}}}, ProviderDeps{clock, *db}), ProviderError);
}

TEST_F(SimulatedProviderTest, MetricsFollowTheDayAndStayInRange) {
  auto p = make({{"scenario", "enterprise"}});
  const Millis from = kNoon - 28 * kDay - 12 * kHour;  // midnight, four weeks back
  const Millis to = kNoon - 12 * kHour;
  int checked = 0;
  for (const auto& r : p->list_resources("", 40).items) {
    if (r.type != "server" || r.status != "running") continue;
    auto cpu = p->metrics_source()->metrics(r.external_id, "", "cpu_utilization", from, to, kHour);
    ASSERT_EQ(cpu.size(), 28u * 24 + 1);
    EXPECT_EQ(cpu.front().timestamp, from);
    EXPECT_EQ(cpu.back().timestamp, to);
    double noon = 0, night = 0, weekday = 0, weekend = 0;
    int weekday_n = 0, weekend_n = 0;
    for (const auto& pt : cpu) {
      EXPECT_GE(pt.value, 0);
      EXPECT_LE(pt.value, 100);
      int hour = static_cast<int>((pt.timestamp % kDay) / kHour);
      if (hour == 13) noon += pt.value;
      if (hour == 3) night += pt.value;
      int dow = static_cast<int>((pt.timestamp / kDay + 4) % 7);
      if (dow == 0 || dow == 6)
        weekend += pt.value, ++weekend_n;
      else
        weekday += pt.value, ++weekday_n;
    }
    EXPECT_GT(noon, night * 1.3);
    EXPECT_GT(weekday / weekday_n, weekend / weekend_n);
    ++checked;
  }
  EXPECT_GE(checked, 5);

  // Every metric, any step: the value at an instant does not depend on the query.
  const std::string id = p->list_resources("", 1).items[0].external_id;
  for (const char* metric : kMetricNames) {
    auto fine = p->metrics_source()->metrics(id, "", metric, kNoon - kHour, kNoon, 60'000);
    auto coarse = p->metrics_source()->metrics(id, "", metric, kNoon - kHour, kNoon, 15 * 60'000);
    ASSERT_EQ(fine.size(), 61u);
    ASSERT_EQ(coarse.size(), 5u);
    EXPECT_EQ(coarse[1].value, fine[15].value) << metric;
    double sum = 0;
    for (const auto& pt : fine) {
      EXPECT_GE(pt.value, 0) << metric;
      sum += pt.value;
    }
    EXPECT_GT(sum, 0) << metric;  // a web server has all of them
  }
  EXPECT_EQ(code_of([&] { p->metrics_source()->metrics(id, "", "cpu", kNoon - kHour, kNoon, 60'000); }),
            "InvalidParameterValue");
  EXPECT_EQ(code_of([&] { p->metrics_source()->metrics(id, "", "latency_ms", 0, 2000 * 60'000, 60'000); }),
            "InvalidParameterValue");
  EXPECT_EQ(code_of([&] { p->metrics_source()->metrics(id, "", "latency_ms", kNoon, kNoon - 1, 60'000); }),
            "InvalidParameterValue");
  EXPECT_EQ(code_of([&] { p->metrics_source()->metrics(id, "", "latency_ms", kNoon - kHour, kNoon, 0); }),
            "InvalidParameterValue");
  EXPECT_EQ(p->metrics_source()->metrics(id, "", "latency_ms", 0, 1999 * 60'000, 60'000).size(), 2000u);

  // A stopped resource is flat from the moment it stopped.
  p->resource_actions()->run_action(id, Action::kStop);
  clock.advance(5000);
  auto after = p->metrics_source()->metrics(id, "", "cpu_utilization", clock.now_ms(), clock.now_ms() + kHour, 60'000);
  for (const auto& pt : after) EXPECT_EQ(pt.value, 0);
  EXPECT_GT(p->metrics_source()->metrics(id, "", "cpu_utilization", kNoon - kHour, kNoon - 1, 60'000)[0].value, 0);
}

TEST(SimulatedTelemetry, IncidentsAreOccasionalAndRaiseErrorsAndLatency) {
  int incident_hours = 0, total = 0;
  double latency_in = 0, latency_out = 0, errors_in = 0, errors_out = 0;
  int n_in = 0, n_out = 0;
  for (std::uint64_t r = 0; r < 50; ++r) {
    MetricSubject s{r * 7919 + 1, "server", 0, std::nullopt};
    for (Millis t = kNoon - 30 * kDay; t < kNoon; t += 10 * 60'000) {
      ++total;
      bool inc = in_incident(s, t);
      incident_hours += inc;
      double lat = metric_value(s, 7, t), err = metric_value(s, 8, t);
      if (inc)
        latency_in += lat, errors_in += err, ++n_in;
      else
        latency_out += lat, errors_out += err, ++n_out;
    }
  }
  double share = static_cast<double>(incident_hours) / total;
  EXPECT_GT(share, 0.002);
  EXPECT_LT(share, 0.03);
  EXPECT_GT(latency_in / n_in, 2 * latency_out / n_out);
  EXPECT_GT(errors_in / n_in, 5 * errors_out / n_out);
}

TEST_F(SimulatedProviderTest, DailyCostsAddUpToMonthlyCosts) {
  auto p = make({{"scenario", "multicloud"}});
  double monthly = 0;
  auto all = list_all(*p, 1000);
  for (const auto& r : all) monthly += r.monthly_cost;

  auto lines = p->cost_source()->costs("2026-10-01", "2026-10-30");
  double resources = 0;
  std::set<std::string> dates, services;
  int support = 0, transfer = 0;
  for (const auto& l : lines) {
    dates.insert(l.date);
    services.insert(l.service);
    if (l.charge_category != "Credit") { EXPECT_GE(l.amount, 0); }
    // Lines under the savings plan bill 0: their list price is what the resource costs.
    if (!l.resource_external_id.empty()) resources += l.list_amount.value_or(l.amount);
    support += l.service == "Support";
    transfer += l.service == "Data Transfer";
  }
  // Seasonality and the planted spike move a month a few percent off monthly_cost.
  EXPECT_NEAR(resources, monthly, monthly * 0.05);
  EXPECT_EQ(dates.size(), 30u);
  EXPECT_EQ(*dates.begin(), "2026-10-01");
  EXPECT_EQ(*dates.rbegin(), "2026-10-30");
  EXPECT_EQ(support, 30 * 3);  // per flavour and day
  EXPECT_EQ(transfer, 30 * 3);
  EXPECT_TRUE(services.count("Compute") && services.count("Database") && services.count("Storage"));

  // Nothing is billed for days to come; a created resource bills from its creation day.
  EXPECT_TRUE(p->cost_source()->costs("2026-12-01", "2026-12-31").empty());
  EXPECT_EQ(p->cost_source()->costs("2026-11-28", "2026-12-31").front().date, "2026-11-28");
  ResourceRecord vm = p->resource_actions()->create_resource({"cost-probe", "server", "us-east-1"});
  int probe_lines = 0;
  for (const auto& l : p->cost_source()->costs("2026-11-20", "2026-11-28"))
    probe_lines += l.resource_external_id == vm.external_id;
  EXPECT_EQ(probe_lines, 1);

  EXPECT_EQ(code_of([&] { p->cost_source()->costs("2026-02-30", "2026-03-01"); }), "InvalidParameterValue");
  EXPECT_EQ(code_of([&] { p->cost_source()->costs("2026-03-02", "2026-03-01"); }), "InvalidParameterValue");
  EXPECT_EQ(code_of([&] { p->cost_source()->costs("2024-01-01", "2026-01-01"); }), "InvalidParameterValue");
  EXPECT_EQ(code_of([&] { p->cost_source()->costs("yesterday", "today"); }), "InvalidParameterValue");

  // Big accounts × long ranges are summed per day, service and region.
  auto big = make({{"scenario", "enterprise"}}, "acc-big");
  auto summed = big->cost_source()->costs("2026-06-01", "2026-09-30");
  EXPECT_LT(summed.size(), 122u * 80);
  double june_summed = 0, june_detailed = 0;
  for (const auto& l : summed) {
    EXPECT_TRUE(l.resource_external_id.empty());
    if (l.date <= "2026-06-30" && l.charge_category == "Usage" && l.service != "Support" &&
        l.service != "Data Transfer")
      june_summed += l.amount;
  }
  for (const auto& l : big->cost_source()->costs("2026-06-01", "2026-06-30")) {
    if (!l.resource_external_id.empty()) june_detailed += l.list_amount.value_or(l.amount);
  }
  EXPECT_NEAR(june_summed, june_detailed, june_detailed * 0.01);
}

}  // namespace
}  // namespace cw::providers::simulated::testing

namespace cw::providers::simulated::testing {
namespace {

TEST(SimulatedProviderRegions, TheAccountsRegionsSettingShapesTheListingAndTheTest) {
  auto db = storage::testing::fresh_sqlite();
  SimCloud cloud{*db};
  ProviderAccount account{"acc-r",
                          "org-1",
                          {{"scenario", "enterprise"}, {"seed", 2}, {"resourceCount", 400}},
                          {{"regions", {"eu-central-1", "nowhere-9"}}, {"endpoints", json::object()}}};
  auto p = simulated_kind().create(account, ProviderDeps{cloud.clock, *db});
  auto all = SimCloud::list_all(*p, 150);
  ASSERT_EQ(all.size(), 400u);
  for (const auto& r : all)
    if (r.type != "account" && r.type != "identity") EXPECT_EQ(r.region, "eu-central-1") << r.name;
  EXPECT_EQ(all[0].name, "demo-web-server-1");
  EXPECT_EQ(all[1].name, "demo-database-1");
  ConnectionTest t = p->test_connection();
  EXPECT_TRUE(t.valid);
  EXPECT_EQ(t.regions, std::vector<std::string>{"eu-central-1"});
  ASSERT_EQ(t.limitations.size(), 1u);
  EXPECT_NE(t.limitations[0].find("nowhere-9"), std::string::npos);
}

}  // namespace
}  // namespace cw::providers::simulated::testing

namespace cw::providers::simulated::testing {
namespace {

// The cost history the costs domain collects: 13 months of daily lines with seasonality, a
// spike, a savings plan, credits and tax, the same for the same seed.
TEST(SimulatedCostHistory, HasSeasonalityASpikeCommitmentsCreditsAndTax) {
  auto db = storage::testing::fresh_sqlite();
  FakeClock clock(parse_rfc3339("2026-11-28T12:00:00Z").value());
  auto kind = simulated_kind();
  auto make = [&] {
    return kind.create({"acc-history", "org", {{"scenario", "startup"}, {"seed", 7}}, nlohmann::json::object()},
                       {clock, *db});
  };
  auto p = make();
  std::vector<CostLine> lines;
  int y = 2025, m = 11;
  for (int i = 0; i < 13; ++i) {
    char from[16], next[16];
    std::snprintf(from, sizeof from, "%04d-%02d-01", y, m);
    y = m == 12 ? y + 1 : y;
    m = m == 12 ? 1 : m + 1;
    std::snprintf(next, sizeof next, "%04d-%02d-01", y, m);
    auto last = format_rfc3339(parse_rfc3339(std::string(next) + "T00:00:00Z").value() - 86'400'000).substr(0, 10);
    auto part = p->cost_source()->costs(from, last);
    lines.insert(lines.end(), part.begin(), part.end());
  }
  std::map<std::string, double> compute_by_day, by_category;
  for (const auto& l : lines) {
    if (l.service == "Compute" && l.charge_category == "Usage")
      compute_by_day[l.date] += l.list_amount.value_or(l.amount);
    by_category[l.charge_category] += l.amount;
  }
  EXPECT_GE(compute_by_day.size(), 390u);
  EXPECT_GT(by_category["Purchase"], 0);
  EXPECT_GT(by_category["Tax"], 0);
  EXPECT_LT(by_category["Credit"], 0);
  // Weekdays cost more than weekends; a day stands out several times above its neighbours.
  double weekday = 0, weekend = 0;
  int n_weekday = 0, n_weekend = 0, spikes = 0;
  std::vector<std::pair<std::string, double>> days(compute_by_day.begin(), compute_by_day.end());
  for (size_t i = 0; i < days.size(); ++i) {
    long long n = parse_rfc3339(days[i].first + "T00:00:00Z").value() / 86'400'000;
    long long dow = ((n % 7) + 7 + 3) % 7;
    (dow < 5 ? weekday : weekend) += days[i].second;
    ++(dow < 5 ? n_weekday : n_weekend);
    if (i >= 7 && days[i].second > 1.5 * days[i - 7].second) ++spikes;
  }
  EXPECT_GT(weekday / n_weekday, 1.1 * weekend / n_weekend);
  EXPECT_GE(spikes, 3);
  EXPECT_LE(spikes, 6);
  // Deterministic: the same seed gives the same lines.
  auto again = make()->cost_source()->costs("2026-03-01", "2026-03-31");
  auto first = p->cost_source()->costs("2026-03-01", "2026-03-31");
  ASSERT_EQ(again.size(), first.size());
  for (size_t i = 0; i < first.size(); ++i) EXPECT_EQ(again[i].amount, first[i].amount);
}

// Demo mode plants the spike on a day of its choosing (`spikeOn`), so an anomaly is recent.
TEST(SimulatedCostHistory, SpikeOnPlantsASpikeThatDay) {
  auto db = storage::testing::fresh_sqlite();
  FakeClock clock(parse_rfc3339("2026-11-28T12:00:00Z").value());
  auto kind = simulated_kind();
  auto compute = [&](const nlohmann::json& credentials) {
    std::map<std::string, double> by_day;
    auto p = kind.create({"acc-spike", "org", credentials, nlohmann::json::object()}, {clock, *db});
    for (const auto& l : p->cost_source()->costs("2026-11-12", "2026-11-27"))
      if (l.service == "Compute" && l.charge_category == "Usage") by_day[l.date] += l.list_amount.value_or(l.amount);
    return by_day;
  };
  auto plain = compute({{"scenario", "startup"}, {"seed", 7}});
  auto planted = compute({{"scenario", "startup"}, {"seed", 7}, {"spikeOn", "2026-11-26"}});
  EXPECT_GT(planted["2026-11-26"], 1.5 * plain["2026-11-26"]);
  EXPECT_DOUBLE_EQ(planted["2026-11-25"], plain["2026-11-25"]);
  EXPECT_EQ(validate_credentials({{"scenario", "startup"}, {"spikeOn", "2026-02-30"}}).count("spikeOn"), 1u);
  EXPECT_EQ(validate_credentials({{"scenario", "startup"}, {"spikeOn", 20261126}}).count("spikeOn"), 1u);
  EXPECT_TRUE(validate_credentials({{"scenario", "startup"}, {"spikeOn", "2026-11-26"}}).empty());
}

}  // namespace
}  // namespace cw::providers::simulated::testing
