#pragma once
/// test_connection for AWS: the identity from STS GetCallerIdentity, then one cheap read per
/// service the provider uses. A probe answered AccessDenied/UnauthorizedOperation lists its
/// permission under `limitations`; a probe that works under `permissions`; anything else under
/// `errors`.
#include <string>
#include <vector>

#include "providers/aws/aws_client.hpp"

namespace cw::providers::aws {

/// `services` are the services in use (settings.services); each is probed with one cheap read:
/// ec2:DescribeInstances, s3:ListAllMyBuckets, rds:DescribeDBInstances, lambda:ListFunctions,
/// iam:GetAccountSummary, cloudtrail:DescribeTrails, kms:ListKeys, cloudwatch:GetMetricData,
/// ce:GetCostAndUsage.
ConnectionTest aws_connection_test(AwsClient& aws, const std::vector<std::string>& services);

}  // namespace cw::providers::aws
