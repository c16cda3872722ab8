#include "costs/focus_format.hpp"

#include <gtest/gtest.h>

namespace cw::costs {
namespace {

TEST(CostFocusValues, DatesAreIso8601Only) {
  EXPECT_EQ(parse_focus_datetime("2024-05-01"), parse_rfc3339("2024-05-01T00:00:00Z"));
  EXPECT_EQ(parse_focus_datetime("2024-05-01T10:00:00Z"), parse_rfc3339("2024-05-01T10:00:00Z"));
  EXPECT_EQ(parse_focus_datetime("2024-05-01 10:00:00"), parse_rfc3339("2024-05-01T10:00:00Z"));
  EXPECT_EQ(parse_focus_datetime("2024-05-01T12:00:00+02:00"), parse_rfc3339("2024-05-01T10:00:00Z"));
  EXPECT_EQ(parse_focus_datetime("2024-02-29"), parse_rfc3339("2024-02-29T00:00:00Z"));
  for (const char* bad : {"5/1/25", "2023-02-30", "2023-02-01T30:00:00Z", "2024-13-01", "", "yesterday", "2024-05"})
    EXPECT_FALSE(parse_focus_datetime(bad)) << bad;
}

TEST(CostFocusValues, NumbersAreDecimalOnly) {
  EXPECT_EQ(parse_focus_number("12.5"), 12.5);
  EXPECT_EQ(parse_focus_number(" -0.25 "), -0.25);
  EXPECT_EQ(parse_focus_number("1e-3"), 0.001);
  for (const char* bad : {"$10,000.00 ", "1,5", "abc", "", "nan", "inf", "12x"})
    EXPECT_FALSE(parse_focus_number(bad)) << bad;
}

const std::vector<std::string> kHeader = {
    "BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd",
    "BilledCost",         "ServiceName",      "BillingCurrency",   "Tags",
    "x_Extension"};

TEST(CostFocusLayout, ParsesARowAndDefaultsWhatIsAbsent) {
  FocusLayout layout(kHeader, "EUR");
  EXPECT_TRUE(layout.header_problems().empty());
  ASSERT_EQ(layout.warnings().size(), 1u);
  EXPECT_NE(layout.warnings()[0].find("EffectiveCost"), std::string::npos);
  FocusRow row;
  std::vector<ImportProblem> problems;
  ASSERT_TRUE(layout.parse({"2024-05-01", "2024-06-01", "2024-05-03T00:00:00Z", "2024-05-04T00:00:00Z", "12.5",
                            "Compute", "USD", "{\"team\":\"web\"}", "ignored"},
                           2, row, problems, 100));
  EXPECT_EQ(row.billed_cost, 12.5);
  EXPECT_EQ(row.effective_cost, 12.5);
  EXPECT_EQ(row.list_cost, 12.5);
  EXPECT_EQ(row.service_name, "Compute");
  EXPECT_EQ(row.charge_category, "Usage");
  EXPECT_EQ(row.billing_currency, "USD");
  EXPECT_EQ(row.tags["team"], "web");
  EXPECT_EQ(utc_day(row.charge_period_start), "2024-05-03");
}

TEST(CostFocusLayout, EveryProblemNamesLineAndColumn) {
  FocusLayout layout(kHeader, "USD");
  FocusRow row;
  std::vector<ImportProblem> problems;
  EXPECT_FALSE(layout.parse({"5/1/25", "2024-06-01", "2024-05-03", "2024-05-04", "$10,000.00 ", "S", "usd", "[1]", ""},
                            7, row, problems, 100));
  ASSERT_EQ(problems.size(), 4u);
  EXPECT_EQ(problems[0].row, 7);
  EXPECT_EQ(problems[0].column, "BillingPeriodStart");
  EXPECT_NE(problems[0].message.find("5/1/25"), std::string::npos);
  EXPECT_EQ(problems[1].column, "BilledCost");
  EXPECT_EQ(problems[2].column, "BillingCurrency");
  EXPECT_EQ(problems[3].column, "Tags");
  problems.clear();
  EXPECT_FALSE(layout.parse({"2024-05-01", "2024-06-01", "1999-12-31", "9999-05-04", "1", "S", "USD", "", ""}, 5, row,
                            problems, 100));
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].column, "ChargePeriodStart");
  EXPECT_NE(problems[1].message.find("outside the years 2000 to 2099"), std::string::npos);
  problems.clear();
  EXPECT_FALSE(layout.parse({"a", "b"}, 3, row, problems, 100));
  EXPECT_EQ(problems.at(0).column, "");
  EXPECT_NE(problems[0].message.find("2 fields"), std::string::npos);
  problems.clear();
  // The cap: a caller collecting the first N problems gets no more than N.
  EXPECT_FALSE(layout.parse({"x", "x", "x", "x", "x", "x", "x", "x", "x"}, 4, row, problems, 2));
  EXPECT_EQ(problems.size(), 2u);
}

TEST(CostFocusLayout, AWrongHeaderIsRefused) {
  FocusLayout not_focus({"InvoiceSectionName", "AccountName", "Date", "CostInBillingCurrency"}, "USD");
  ASSERT_EQ(not_focus.header_problems().size(), 1u);
  EXPECT_EQ(not_focus.header_problems()[0].row, 1);
  EXPECT_NE(not_focus.header_problems()[0].message.find("not a FOCUS header"), std::string::npos);

  FocusLayout missing({"BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "BilledCost", "billedcost"},
                      "USD");
  std::vector<std::string> columns;
  for (const auto& p : missing.header_problems()) columns.push_back(p.column);
  EXPECT_EQ(columns, (std::vector<std::string>{"billedcost", "ChargePeriodEnd"}));
}

}  // namespace
}  // namespace cw::costs
