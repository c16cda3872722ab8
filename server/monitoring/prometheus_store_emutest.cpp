// The Prometheus backend (CLOUDWEAVE_METRICS_URL) against Debian's prometheus started by
// scripts/emulators/prometheus (remote-write receiver on, 8-day out-of-order window): what goes
// in by remote write comes back through the query API with the same per-step min, max, sum and
// count as the embedded store computes from the same samples — steps that straddle samples,
// empty steps, samples six days old, overlapping appends skipped — plus p95 and the first
// sample's time.
//   env $(scripts/start-emulators /tmp/emu) ./build/emulator_tests --gtest_filter='Prometheus*'
#include <cstdlib>

#include "monitoring/monitoring_contract.hpp"
#include "storage/test_support.hpp"

namespace cw::monitoring::testing {
namespace {

class PrometheusBackend : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* url = std::getenv("CLOUDWEAVE_TEST_PROMETHEUS_URL");
    if (!url) GTEST_SKIP() << "CLOUDWEAVE_TEST_PROMETHEUS_URL is not set (scripts/start-emulators)";
    url_ = url;
  }
  std::string url_;
  std::unique_ptr<storage::Database> db = storage::testing::fresh_sqlite();
  SystemClock wall;
};

TEST_F(PrometheusBackend, AnswersAsTheEmbeddedStoreDoes) {
  MonitoringWorld w(*db);
  PrometheusStore prometheus(w.monitoring.metric_repository, {.url = url_, .series_per_query = 2});
  MetricStore& embedded = w.monitoring.embedded;
  const std::string org = w.owner.organization_id;
  // Real time: the receiver takes only recent samples (here up to 8 days back).
  const Millis now = wall.now_ms() / 1000 * 1000;
  const Millis start = now - 3 * 3'600'000;
  std::vector<Sample> a, b, old;
  for (Millis t = start; t < now; t += 300'000) {
    a.push_back({t, 50 + 40 * std::sin(static_cast<double>(t) / 1e7)});
    if ((t / 300'000) % 7 != 3) b.push_back({t + 17'000, static_cast<double>((t / 300'000) % 11)});  // gaps
  }
  for (Millis t = now - 6 * kDayMs; t < now - 6 * kDayMs + 3'600'000; t += 300'000) old.push_back({t, 1.5});

  // The same samples into both stores: separate series (the registry is shared).
  auto put = [&](const std::string& resource, const std::vector<Sample>& samples) {
    EXPECT_EQ(prometheus.append({org, "acc", "p-" + resource, "cpu_utilization"}, samples),
              static_cast<int>(samples.size()));
    embedded.append({org, "acc", "e-" + resource, "cpu_utilization"}, samples);
  };
  put("a", a);
  put("b", b);
  put("c", old);
  put("d", {{now - 60'000, 3}});
  // Overlapping appends (a collection repeats its last window): only what is newer goes in.
  EXPECT_EQ(prometheus.append({org, "acc", "p-a", "cpu_utilization"}, {a.back(), {now, 7}}), 1);
  embedded.append({org, "acc", "e-a", "cpu_utilization"}, {a.back(), {now, 7}});

  auto series = [&](const std::string& prefix) {
    return w.monitoring.metric_repository.series_of_resources(org, "cpu_utilization",
                                                              {prefix + "a", prefix + "b", prefix + "c", prefix + "d"});
  };
  for (Millis step : {Millis{300'000}, Millis{420'000}, Millis{3'600'000}}) {
    const Millis from = start - 600'000, to = now;
    auto got = prometheus.read(series("p-"), from, to, step, false);
    auto want = embedded.read(series("e-"), from, to, step, false);
    ASSERT_EQ(got.size(), 4u);
    ASSERT_EQ(want.size(), 4u);
    for (size_t s = 0; s < 4; ++s) {
      ASSERT_EQ(got[s].series.resource_id.substr(2), want[s].series.resource_id.substr(2));
      ASSERT_EQ(got[s].steps.size(), want[s].steps.size());
      int non_empty = 0;
      for (size_t i = 0; i < got[s].steps.size(); ++i) {
        const StepBucket &g = got[s].steps[i], &e = want[s].steps[i];
        ASSERT_EQ(g.count, e.count) << "series " << got[s].series.resource_id << " step " << i << " of " << step;
        if (e.empty()) continue;
        ++non_empty;
        EXPECT_DOUBLE_EQ(g.min, e.min);
        EXPECT_DOUBLE_EQ(g.max, e.max);
        EXPECT_NEAR(g.sum, e.sum, 1e-9 * std::abs(e.sum) + 1e-9);
      }
      if (got[s].series.resource_id != "p-c") { EXPECT_GT(non_empty, 0); }
    }
  }

  // Six days back: held, and found as the first sample (to the minute).
  auto c = w.monitoring.metric_repository.series_of_resources(org, "cpu_utilization", {"p-c"});
  auto old_range = prometheus.read(c, old.front().t, old.back().t, 300'000, false);
  double held = 0;
  for (auto& bucket : old_range.front().steps) held += bucket.count;
  EXPECT_EQ(held, static_cast<double>(old.size()));
  auto first = prometheus.first_sample_at(c.front());
  ASSERT_TRUE(first);
  EXPECT_LE(*first, old.front().t);
  EXPECT_GT(*first, old.front().t - 3 * 3'600'000);
  auto nothing = w.monitoring.metric_repository.ensure_series({org, "acc", "p-never", "cpu_utilization"});
  EXPECT_FALSE(prometheus.first_sample_at(nothing));

  // p95: the backend's quantile of the step's samples, between their min and max.
  auto p95 = prometheus.read(series("p-"), start, now, 3'600'000, true);
  for (auto& bucket : p95.front().steps) {
    if (bucket.empty()) continue;
    ASSERT_EQ(bucket.values.size(), 1u);
    EXPECT_GE(bucket.values[0], bucket.min);
    EXPECT_LE(bucket.values[0], bucket.max);
  }
}

TEST_F(PrometheusBackend, AnUnreachableBackendFailsTheAppend) {
  MonitoringWorld w(*db);
  PrometheusStore nowhere(w.monitoring.metric_repository, {.url = "http://127.0.0.1:9"});
  EXPECT_THROW(nowhere.append({w.owner.organization_id, "acc", "r", "cpu_utilization"}, {{wall.now_ms(), 1}}),
               std::exception);
  // Nothing was recorded as sent: the next collection sends it again.
  auto s = w.monitoring.metric_repository.series_of_resources(w.owner.organization_id, "cpu_utilization", {"r"});
  ASSERT_EQ(s.size(), 1u);
  EXPECT_FALSE(s.front().last_sample_at);
}

}  // namespace
}  // namespace cw::monitoring::testing
