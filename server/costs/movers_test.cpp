#include "costs/movers.hpp"

#include <gtest/gtest.h>

#include "costs/query.hpp"

namespace cw::costs {
namespace {

DailyAmount amount(const std::string& day, const std::string& service, double value) {
  return {day, {service}, "USD", value};
}

TEST(CostMovers, EachSeriesGetsItsPreviousTotalAndTheLargestChangesLead) {
  CostQuery q;
  q.from = "2026-11-01";
  q.to = "2026-11-03";
  q.group_by = {"service"};
  q.limit = 2;
  const std::vector<DailyAmount> now = {amount("2026-11-01", "EC2", 60), amount("2026-11-02", "EC2", 60),
                                        amount("2026-11-01", "S3", 10), amount("2026-11-02", "Lambda", 1)};
  const std::vector<DailyAmount> before = {amount("2026-10-30", "EC2", 50), amount("2026-10-31", "EC2", 50),
                                           amount("2026-10-30", "S3", 10), amount("2026-10-31", "RDS", 30)};
  CostBreakdown out;
  fold_series(q, now, out);
  auto movers = compare_with_previous(q, now, before, out.series);

  ASSERT_EQ(out.series.size(), 2u);  // EC2 and S3 kept by the limit
  EXPECT_EQ(out.series[0].key.at("service"), "EC2");
  EXPECT_DOUBLE_EQ(out.series[0].previous_total, 100);
  EXPECT_DOUBLE_EQ(out.series[1].previous_total, 10);

  // RDS vanished (-30), EC2 grew (+20), Lambda is new (+1); S3 did not move.
  ASSERT_EQ(movers.size(), 3u);
  EXPECT_EQ(movers[0].key.at("service"), "RDS");
  EXPECT_DOUBLE_EQ(movers[0].total, 0);
  EXPECT_DOUBLE_EQ(movers[0].change(), -30);
  EXPECT_EQ(movers[1].key.at("service"), "EC2");
  EXPECT_DOUBLE_EQ(movers[1].change(), 20);
  EXPECT_EQ(movers[2].key.at("service"), "Lambda");
  EXPECT_DOUBLE_EQ(movers[2].previous_total, 0);
}

TEST(CostMovers, AtMostCountAndNoneWhenNothingChanged) {
  CostQuery q;
  q.from = "2026-11-01";
  q.to = "2026-11-02";
  q.group_by = {"service"};
  std::vector<DailyAmount> now, before;
  for (int i = 0; i < 8; ++i) {
    now.push_back(amount("2026-11-01", "svc" + std::to_string(i), 10.0 + i));
    before.push_back(amount("2026-10-31", "svc" + std::to_string(i), 10.0));
  }
  CostBreakdown out;
  fold_series(q, now, out);
  auto movers = compare_with_previous(q, now, before, out.series, 3);
  ASSERT_EQ(movers.size(), 3u);
  EXPECT_EQ(movers[0].key.at("service"), "svc7");
  EXPECT_TRUE(compare_with_previous(q, before, before, out.series).empty());
}

}  // namespace
}  // namespace cw::costs
