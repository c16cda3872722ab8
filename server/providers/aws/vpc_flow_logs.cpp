#include "providers/aws/vpc_flow_logs.hpp"

#include <algorithm>
#include <set>

#include "providers/aws/aws_errors.hpp"
#include "providers/aws/ec2_responses.hpp"
#include "providers/aws/sigv4.hpp"

namespace cw::providers::aws {
namespace {

constexpr size_t kIdsPerCall = 200;

/// The ids of `vpcs[from, from + n)` watched by an ACTIVE flow log, every page of the answer.
std::set<std::string> active_flow_logs(AwsClient& aws, const std::string& region,
                                       const std::vector<ResourceRecord>& vpcs, size_t from, size_t n) {
  std::string filter = "&Filter.1.Name=resource-id";
  for (size_t i = 0; i < n; ++i)
    filter += "&Filter.1.Value." + std::to_string(i + 1) + "=" + uri_encode(vpcs[from + i].external_id, false);
  std::set<std::string> active;
  std::string token;
  do {
    std::string form = "Action=DescribeFlowLogs&Version=2016-11-15" + filter + "&MaxResults=1000";
    if (!token.empty()) form += "&NextToken=" + uri_encode(token, false);
    FlowLogsPage page =
        parse_describe_flow_logs(aws.query("ec2", region, aws.regional_endpoint("ec2", region), form).body);
    active.merge(page.active_resources);
    if (!page.next_token.empty() && page.next_token == token)
      throw ProviderError("MalformedResponse", "DescribeFlowLogs answered the same nextToken again");
    token = std::move(page.next_token);
  } while (!token.empty());
  return active;
}

}  // namespace

void add_vpc_flow_logs(AwsClient& aws, const std::string& region, std::vector<ResourceRecord>& vpcs) {
  for (size_t from = 0; from < vpcs.size(); from += kIdsPerCall) {
    const size_t n = std::min(kIdsPerCall, vpcs.size() - from);
    std::optional<std::set<std::string>> active;
    try {
      active = active_flow_logs(aws, region, vpcs, from, n);
    } catch (const ProviderError& e) {
      if (!is_access_denied_code(e.code())) throw;
    }
    for (size_t i = from; i < from + n; ++i) {
      nlohmann::json& posture = vpcs[i].posture;
      if (active) {
        posture["flowLogsEnabled"] = active->count(vpcs[i].external_id) > 0;
      } else {
        if (!posture.contains("unknown")) posture["unknown"] = nlohmann::json::array();
        posture["unknown"].push_back("flowLogsEnabled");
      }
    }
  }
}

}  // namespace cw::providers::aws
