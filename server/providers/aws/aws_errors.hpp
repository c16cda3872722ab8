#pragma once
/// An AWS error as the wire protocols report it (XML envelopes: xml_responses.hpp; JSON bodies and
/// the x-amzn-errortype header: json_responses.hpp), and which codes mean "slow down".
#include <string>
#include <string_view>

namespace cw::providers::aws {

struct AwsError {
  std::string code;
  std::string message;
  std::string request_id;
};

/// Throttling codes AWS services use (retried by the client).
bool is_throttling_code(std::string_view code);

/// Codes that mean the caller lacks a permission (ec2 UnauthorizedOperation, query AccessDenied,
/// CloudWatch AuthorizationError, JSON AccessDeniedException).
bool is_access_denied_code(std::string_view code);

}  // namespace cw::providers::aws
