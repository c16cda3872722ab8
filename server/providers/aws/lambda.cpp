#include "providers/aws/lambda.hpp"

#include <algorithm>

#include "providers/aws/json_responses.hpp"

namespace cw::providers::aws {

ResourcePage lambda_list(AwsClient& aws, const std::string& region, const std::string& marker, int page_size) {
  AwsClient::RestCall call;
  call.endpoint = aws.regional_endpoint("lambda", region);
  call.path = "/2015-03-31/functions/";
  call.query = {{"MaxItems", std::to_string(std::clamp(page_size, 1, 50))}};
  if (!marker.empty()) call.query.emplace_back("Marker", marker);
  return parse_list_functions(aws.rest("lambda", region, call).body, region);
}

}  // namespace cw::providers::aws
