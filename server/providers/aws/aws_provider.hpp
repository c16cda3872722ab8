#pragma once
/// The "aws" provider kind: real AWS wire protocols (SigV4, STS and EC2 query APIs) through the
/// shared HTTP client, so retries, the per-account breaker and rate limit apply.
///
/// Credentials: {accessKeyId, secretAccessKey, sessionToken?, roleArn?, externalId?} (unknown
/// fields are rejected). Settings: {regions: ["us-east-1", …] (default ["us-east-1"]),
/// endpoints: {"ec2": URL, "sts": URL, …}} — an endpoint override points a service at an emulator
/// or a replay server.
///
/// Implemented so far: test_connection (STS GetCallerIdentity) and list_resources (EC2
/// DescribeInstances, region after region, NextToken paging; the page token is
/// "<region index>:<EC2 NextToken>"). Everything else fails with "UnsupportedOperation".
/// roleArn/externalId are validated but AssumeRole is not performed yet.
#include "providers/common/http_client.hpp"
#include "providers/provider.hpp"

namespace cw::providers::aws {

/// `http` is the app's shared client; it must outlive every provider created from the kind.
ProviderKind aws_kind(common::HttpClient& http);

std::map<std::string, std::string> validate_credentials(const nlohmann::json& credentials);

}  // namespace cw::providers::aws
