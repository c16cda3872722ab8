#pragma once
/// CloudTrail (JSON 1.1, 2013-11-01) for the provider: whether the account has an audit trail that
/// is logging, and whether one of those is multi-region — the account record's trailEnabled and
/// trailMultiRegion.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "providers/aws/aws_client.hpp"

namespace cw::providers::aws {

struct Trail {
  std::string name;
  std::string arn;
  std::string home_region;
  bool multi_region = false;
};

/// DescribeTrails: trailList.
std::vector<Trail> parse_describe_trails(std::string_view body);

/// GetTrailStatus: IsLogging.
bool parse_trail_is_logging(std::string_view body);

/// DescribeTrails in `region`, shadow trails included; errors are thrown (the connection test's
/// probe).
std::vector<Trail> cloudtrail_trails(AwsClient& aws, const std::string& region);

/// Either fact is nullopt when CloudTrail would not tell (AccessDenied, or the status of a trail
/// that might decide it could not be read).
struct TrailFacts {
  std::optional<bool> enabled;       // some trail is logging
  std::optional<bool> multi_region;  // some logging trail is multi-region
};

/// DescribeTrails (shadow trails included, so the multi-region and organization trails homed
/// elsewhere are seen) in the account's first region, then GetTrailStatus of each trail in its
/// home region. Management events are what a trail records unless its event selectors say
/// otherwise; those are not read.
TrailFacts cloudtrail_facts(AwsClient& aws);

}  // namespace cw::providers::aws
