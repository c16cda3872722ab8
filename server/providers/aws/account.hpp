#pragma once
/// The AWS account as an inventory record: type "account", region "global", spec.kind "account",
/// external_id the 12-digit account id (STS GetCallerIdentity), name its alias or the id, and the
/// account-level posture of iam.hpp (when `read_iam`) and cloudtrail.hpp (when
/// `read_cloudtrail`). A fact the credentials may not read is left out and named under
/// posture.unknown.
#include "providers/aws/aws_client.hpp"

namespace cw::providers::aws {

ResourceRecord aws_account_record(AwsClient& aws, bool read_iam, bool read_cloudtrail);

}  // namespace cw::providers::aws
