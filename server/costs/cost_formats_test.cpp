#include "costs/cost_formats.hpp"

#include <gtest/gtest.h>

#include "core/clock.hpp"

namespace cw::costs {
namespace {

TEST(CostFormats, ExportDatesAsTheCloudsWriteThem) {
  const Millis expected = *parse_rfc3339("2023-11-13T10:00:00Z");
  EXPECT_EQ(parse_export_datetime("2023-11-13T10:00Z"), expected);                         // OCI
  EXPECT_EQ(parse_export_datetime("2023-11-13 10:00:00 UTC"), expected);                   // GCP
  EXPECT_EQ(parse_export_datetime("2023-11-13T10:00:00.000Z"), expected);                  // CUR 2.0
  EXPECT_EQ(parse_export_datetime("11/13/2023"), *parse_rfc3339("2023-11-13T00:00:00Z"));  // Azure EA, month first
  EXPECT_EQ(parse_export_datetime(" 9/2/2023 "), *parse_rfc3339("2023-09-02T00:00:00Z"));
  for (const char* bad : {"13/45/2023", "yesterday", "2023-02-30", "9/2/23", ""})
    EXPECT_FALSE(parse_export_datetime(bad).has_value()) << bad;
}

TEST(CostFormats, AHeaderSaysWhichFormatItIs) {
  EXPECT_EQ(guess_format({"identity/LineItemId", "lineItem/UnblendedCost"}), "aws-cur");
  EXPECT_EQ(guess_format({"line_item_unblended_cost"}), "aws-cur2");
  EXPECT_EQ(guess_format({"Date", "MeterCategory", "CostInBillingCurrency"}), "azure");
  EXPECT_EQ(guess_format({"service.description", "cost", "usage_start_time"}), "gcp");
  EXPECT_EQ(guess_format({"lineItem/intervalUsageStart", "cost/myCost"}), "oci");
  EXPECT_EQ(guess_format({"BilledCost", "ChargePeriodStart"}), "focus");
  EXPECT_EQ(guess_format({"a", "b"}), "");
}

TEST(CostFormats, AWrongFormatNamesTheRightOne) {
  auto layout = make_row_layout("aws-cur", {"Date", "MeterCategory", "CostInBillingCurrency"}, "USD");
  const auto& problems = layout->header_problems();
  ASSERT_FALSE(problems.empty());
  EXPECT_EQ(problems.front().column, "lineItem/UnblendedCost");
  EXPECT_NE(problems.back().message.find("format=azure"), std::string::npos) << problems.back().message;
  auto focus = make_row_layout("focus", {"lineItem/UnblendedCost", "lineItem/UsageStartDate"}, "USD");
  EXPECT_NE(focus->header_problems().back().message.find("format=aws-cur"), std::string::npos);
}

TEST(CostFormats, HostileJsonInAFileIsAProblemNotACrash) {
  const std::vector<std::string> header = {"cost", "usage_start_time", "credits", "labels"};
  auto gcp = make_row_layout("gcp", header, "USD");
  std::vector<ImportProblem> problems;
  FocusRow row;
  // Labels and credits of the wrong shapes are ignored; they must not throw.
  EXPECT_TRUE(gcp->parse({"1.5", "2024-05-02 00:00:00 UTC", R"([{"amount": "a lot"}, 7])", R"([1, {"key": 2}])"}, 2,
                         row, problems, 100));
  EXPECT_TRUE(problems.empty());
  EXPECT_DOUBLE_EQ(row.effective_cost, 1.5);
  EXPECT_TRUE(row.tags.empty());
  EXPECT_FALSE(gcp->parse({"1.5", "2024-05-02 00:00:00 UTC", "{not json", "[]"}, 3, row, problems, 100));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].row, 3);
  EXPECT_EQ(problems[0].column, "credits");

  auto cur2 = make_row_layout("aws-cur2",
                              {"line_item_unblended_cost", "line_item_usage_start_date",
                               "bill_billing_period_start_date", "product", "resource_tags"},
                              "USD");
  problems.clear();
  EXPECT_TRUE(
      cur2->parse({"2", "2024-05-01T00:00:00Z", "2024-05-01T00:00:00Z", R"({"product_name": 5})", R"({"user_a": [1]})"},
                  2, row, problems, 100));
  EXPECT_EQ(row.service_name, "");
  EXPECT_TRUE(row.tags.empty());
}

}  // namespace
}  // namespace cw::costs
