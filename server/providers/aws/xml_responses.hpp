#pragma once
/// Parsers for the AWS XML wire responses the provider reads (pugixml): the error envelopes of the
/// ec2, query (STS, RDS, …) and rest-xml (S3) protocols, STS GetCallerIdentity/AssumeRole and EC2
/// DescribeInstances mapped onto ResourceRecords (other EC2 lists: ec2_responses.hpp). Untrusted input: malformed XML
/// or a missing required element throws ProviderError("MalformedResponse"), never crashes.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "providers/aws/aws_errors.hpp"
#include "providers/aws/sigv4.hpp"
#include "providers/provider.hpp"

namespace cw::providers::aws {

/// The error in an ec2 (<Response><Errors><Error>), query (<ErrorResponse><Error>) or rest-xml
/// (<Error>) body; nullopt when the body is not one of those.
std::optional<AwsError> parse_error(std::string_view body);

/// A ProviderError for a failed call: the AWS code and message when the body has them, else
/// "HTTP<status>". Retryable for throttling and 5xx.
ProviderError error_from_response(long status, std::string_view body);

struct CallerIdentity {
  std::string account;
  std::string arn;
  std::string user_id;
};
CallerIdentity parse_get_caller_identity(std::string_view body);

/// STS AssumeRole: the temporary credentials and when they expire.
struct AssumedRole {
  Credentials credentials;
  Millis expires_at = 0;
};
AssumedRole parse_assume_role(std::string_view body);

/// EC2 instance-state name → CloudWeave status (pending→provisioning, running, stopping/stopped→
/// stopped, shutting-down/terminated→terminated, anything else → error).
std::string map_instance_state(std::string_view ec2_state);

/// One page of DescribeInstances: every instance of every reservation, and the nextToken.
/// `region` is the region queried (empty: taken from the availability zone). The body is taken
/// by value and parsed where it lies: pages are big, and the caller is done with them.
ResourcePage parse_describe_instances(std::string body, const std::string& region);

/// RunInstances: the launched instances (mapped like DescribeInstances items).
std::vector<ResourceRecord> parse_run_instances(std::string_view body, const std::string& region);

/// Start/Stop/TerminateInstances: the EC2 state name ("pending", "stopping", "shutting-down"…)
/// `instance_id` is in now.
std::string parse_instance_state_change(std::string_view body, const std::string& instance_id);

}  // namespace cw::providers::aws
