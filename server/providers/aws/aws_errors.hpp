#pragma once
/// An AWS error as the wire protocols report it (XML envelopes: xml_responses.hpp; JSON bodies and
/// the x-amzn-errortype header: json_responses.hpp), and which codes mean "slow down".
#include <optional>
#include <string>
#include <string_view>

#include "providers/provider.hpp"

namespace cw::providers::aws {

struct AwsError {
  std::string code;
  std::string message;
  std::string request_id;
};

/// The ProviderError for a failed call: the AWS code and message (and request id) when the answer
/// had them, else "HTTP<status>". Retryable for throttling and 5xx.
ProviderError to_provider_error(long status, const std::optional<AwsError>& error);

/// Throttling codes AWS services use (retried by the client).
bool is_throttling_code(std::string_view code);

/// Codes that mean the caller lacks a permission (ec2 UnauthorizedOperation, query AccessDenied,
/// CloudWatch AuthorizationError, JSON AccessDeniedException).
bool is_access_denied_code(std::string_view code);

}  // namespace cw::providers::aws
