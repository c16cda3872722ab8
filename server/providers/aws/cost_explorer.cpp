#include "providers/aws/cost_explorer.hpp"

#include "providers/aws/json_responses.hpp"
#include "providers/common/paging.hpp"

namespace cw::providers::aws {
namespace {

Millis parse_date(const std::string& date) {
  auto ms = date.size() == 10 ? parse_rfc3339(date + "T00:00:00Z") : std::nullopt;
  if (!ms) throw ProviderError("InvalidParameterValue", "dates are YYYY-MM-DD: \"" + date + "\"");
  return *ms;
}

}  // namespace

std::vector<CostLine> ce_daily_costs(AwsClient& aws, const std::string& from_date, const std::string& to_date) {
  Millis from = parse_date(from_date), to = parse_date(to_date);
  if (to < from) throw ProviderError("InvalidParameterValue", "the cost period ends before it starts");
  // Cost Explorer's End is exclusive.
  const std::string end = format_rfc3339(to + 86'400'000).substr(0, 10);
  nlohmann::json request = {{"TimePeriod", {{"Start", from_date}, {"End", end}}},
                            {"Granularity", "DAILY"},
                            {"Metrics", {"UnblendedCost"}},
                            {"GroupBy", {{{"Type", "DIMENSION"}, {"Key", "SERVICE"}}}}};
  std::vector<CostLine> lines;
  common::follow_pages("GetCostAndUsage", [&](const std::string& token) {
    if (!token.empty()) request["NextPageToken"] = token;
    CostPage page =
        parse_cost_and_usage(aws.json("ce", "us-east-1", aws.endpoint("ce", "https://ce.us-east-1.amazonaws.com"),
                                      "AWSInsightsIndexService.GetCostAndUsage", "1.1", request.dump())
                                 .body);
    lines.insert(lines.end(), page.lines.begin(), page.lines.end());
    return page.next_token;
  });
  return lines;
}

}  // namespace cw::providers::aws
