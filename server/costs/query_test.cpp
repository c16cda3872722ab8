#include "costs/query.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace cw::costs {
namespace {

std::string field_of(const std::map<std::string, std::string>& params) {
  try {
    parse_cost_query(params, "2026-11-28");
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kValidation);
    return e.details()["fields"].begin().key();
  }
  return "";
}

TEST(CostQueryParams, DefaultsAndChecks) {
  auto q = parse_cost_query({}, "2026-11-28");
  EXPECT_EQ(q.from, "2026-10-30");
  EXPECT_EQ(q.to, "2026-11-29");
  EXPECT_EQ(q.granularity, "daily");
  EXPECT_EQ(q.metric, "billed");
  auto two = parse_cost_query({{"groupBy", "service,region"}, {"metric", "amortized"}}, "2026-11-28");
  EXPECT_EQ(two.group_by, (std::vector<std::string>{"service", "region"}));
  EXPECT_EQ(field_of({{"from", "2026-02-30"}}), "from");
  EXPECT_EQ(field_of({{"from", "2026-05-01"}, {"to", "2026-05-01"}}), "from");
  EXPECT_EQ(field_of({{"from", "2020-01-01"}, {"to", "2026-01-01"}}), "to");
  EXPECT_EQ(field_of({{"granularity", "hourly"}}), "granularity");
  EXPECT_EQ(field_of({{"metric", "cheap"}}), "metric");
  EXPECT_EQ(field_of({{"groupBy", "service,region,account"}}), "groupBy");
  EXPECT_EQ(field_of({{"groupBy", "colour"}}), "groupBy");
  EXPECT_EQ(field_of({{"groupBy", "service,service"}}), "groupBy");
  EXPECT_EQ(field_of({{"currency", "usd"}}), "currency");
  EXPECT_EQ(field_of({{"limit", "0"}}), "limit");
  EXPECT_EQ(field_of({{"service", ""}}), "service");
  auto tagged = parse_cost_query({{"groupBy", "tag:team,service"}, {"tag", "team:web"}}, "2026-11-28");
  EXPECT_EQ(tagged.tag_key, "team");
  EXPECT_EQ(tagged.tag_value, "web");
  EXPECT_EQ(tagged.group_by, (std::vector<std::string>{"tag:team", "service"}));
  EXPECT_EQ(parse_cost_query({{"tag", "team:"}}, "2026-11-28").tag_value, "");
  EXPECT_EQ(field_of({{"groupBy", "tag:team,tag:env"}}), "groupBy");
  EXPECT_EQ(field_of({{"groupBy", "tag:"}}), "groupBy");
  EXPECT_EQ(field_of({{"tag", "team"}}), "tag");
  EXPECT_EQ(field_of({{"groupBy", "tag:team"}, {"tag", "env:prod"}}), "tag");
}

TEST(CostQueryBuckets, WeeksStartOnMondayMonthsOnTheFirst) {
  EXPECT_EQ(bucket_of("2026-11-28", "weekly"), "2026-11-23");  // a Saturday → its Monday
  EXPECT_EQ(bucket_of("2026-11-23", "weekly"), "2026-11-23");
  EXPECT_EQ(bucket_of("2026-11-28", "monthly"), "2026-11-01");
  EXPECT_EQ(buckets("2026-01-30", "2026-03-02", "monthly"),
            (std::vector<std::string>{"2026-01-01", "2026-02-01", "2026-03-01"}));
  EXPECT_EQ(buckets("2026-11-25", "2026-12-01", "weekly"), (std::vector<std::string>{"2026-11-23", "2026-11-30"}));
  EXPECT_EQ(buckets("2026-11-25", "2026-11-27", "daily"), (std::vector<std::string>{"2026-11-25", "2026-11-26"}));
}

}  // namespace
}  // namespace cw::costs
