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

}  // namespace
}  // namespace cw::costs
