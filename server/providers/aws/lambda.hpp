#pragma once
/// Lambda (rest-json, 2015-03-31) for the provider: functions as "function" resources.
#include <string>

#include "providers/aws/aws_client.hpp"

namespace cw::providers::aws {

/// One ListFunctions page of `region`; `marker` is Lambda's NextMarker ("" first).
ResourcePage lambda_list(AwsClient& aws, const std::string& region, const std::string& marker, int page_size);

}  // namespace cw::providers::aws
