#pragma once
/// Parsers for the AWS XML wire responses the provider reads (pugixml): the error envelopes of the
/// ec2, query (STS, RDS, …) and rest-xml (S3) protocols, STS GetCallerIdentity and EC2
/// DescribeInstances mapped onto ResourceRecords. Untrusted input: malformed XML or a missing
/// required element throws ProviderError("MalformedResponse"), never crashes.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "providers/provider.hpp"

namespace cw::providers::aws {

struct AwsError {
  std::string code;
  std::string message;
  std::string request_id;
};

/// The error in an ec2 (<Response><Errors><Error>), query (<ErrorResponse><Error>) or rest-xml
/// (<Error>) body; nullopt when the body is not one of those.
std::optional<AwsError> parse_error(std::string_view body);

/// Throttling codes AWS services use (retried by the client).
bool is_throttling_code(std::string_view code);

/// A ProviderError for a failed call: the AWS code and message when the body has them, else
/// "HTTP<status>". Retryable for throttling and 5xx.
ProviderError error_from_response(long status, std::string_view body);

struct CallerIdentity {
  std::string account;
  std::string arn;
  std::string user_id;
};
CallerIdentity parse_get_caller_identity(std::string_view body);

/// EC2 instance-state name → CloudWeave status (pending→provisioning, running, stopping/stopped→
/// stopped, shutting-down/terminated→terminated, anything else → error).
std::string map_instance_state(std::string_view ec2_state);

/// One page of DescribeInstances: every instance of every reservation, and the nextToken.
/// `region` is the region queried (empty: taken from the availability zone).
ResourcePage parse_describe_instances(std::string_view body, const std::string& region);

}  // namespace cw::providers::aws
