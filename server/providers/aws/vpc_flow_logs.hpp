#pragma once
/// Whether each VPC of a DescribeVpcs page has its traffic recorded (the rule
/// net-flow-logs-disabled): EC2 DescribeFlowLogs filtered on the page's VPC ids.
#include <string>
#include <vector>

#include "providers/aws/aws_client.hpp"

namespace cw::providers::aws {

/// Sets posture.flowLogsEnabled on each record of `vpcs` (all of `region`): true when an ACTIVE
/// flow log watches the VPC itself, false when none does. The ids are asked 200 to a call
/// (EC2's limit of values in one filter), following nextToken. DescribeFlowLogs denied: the fact
/// is left out and named in posture.unknown; any other failure is thrown.
void add_vpc_flow_logs(AwsClient& aws, const std::string& region, std::vector<ResourceRecord>& vpcs);

}  // namespace cw::providers::aws
