#pragma once
/// Cost Explorer (JSON 1.1, AWSInsightsIndexService, us-east-1) for the provider: daily unblended
/// cost per AWS service.
#include <string>
#include <vector>

#include "providers/aws/aws_client.hpp"

namespace cw::providers::aws {

/// Cost lines for [from_date, to_date] (YYYY-MM-DD, both included), following NextPageToken.
/// Each request is billed by AWS (USD 0.01), so callers should not poll.
std::vector<CostLine> ce_daily_costs(AwsClient& aws, const std::string& from_date, const std::string& to_date);

}  // namespace cw::providers::aws
