#pragma once
/// Parsers for the AWS JSON wire responses the provider reads: the error shape of the json and
/// rest-json protocols, Lambda ListFunctions (→ function resources) and Cost Explorer
/// GetCostAndUsage (→ daily cost lines per service). Untrusted input: malformed JSON or a missing
/// required member throws ProviderError("MalformedResponse").
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "providers/aws/aws_errors.hpp"
#include "providers/provider.hpp"

namespace cw::providers::aws {

/// The error of a json/rest-json answer: the x-amzn-errortype header wins, else the body's
/// "__type" or "code"; namespace ("ns#") and URI (":http…") parts are dropped. nullopt when
/// neither says anything.
std::optional<AwsError> parse_json_error(std::string_view body, std::string_view error_type_header);

/// One page of Lambda ListFunctions and its NextMarker (empty when done).
ResourcePage parse_list_functions(std::string_view body, const std::string& region);

/// Cost Explorer GetCostAndUsage grouped by SERVICE: one line per day and service (metric
/// UnblendedCost), and the NextPageToken ("" when done).
struct CostPage {
  std::vector<CostLine> lines;
  std::string next_token;
};
CostPage parse_cost_and_usage(std::string_view body);

}  // namespace cw::providers::aws
