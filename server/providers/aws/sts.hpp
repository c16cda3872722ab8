#pragma once
/// STS GetCallerIdentity for the provider: who the credentials are, and so which account they
/// reach. Needs no permission (AWS answers it for any valid credentials): the connection test's
/// first call and the account record's id.
#include "providers/aws/aws_client.hpp"
#include "providers/aws/xml_responses.hpp"

namespace cw::providers::aws {

CallerIdentity sts_caller_identity(AwsClient& aws);

}  // namespace cw::providers::aws
