#include "accounts/provider_failure.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include <nlohmann/json.hpp>

namespace cw::accounts {

namespace {
template <size_t N>
bool one_of(std::string_view code, const std::array<std::string_view, N>& codes) {
  return std::ranges::find(codes, code) != codes.end();
}

// Codes that say "the request was wrong": AWS query APIs, Azure ARM, Google (status names) and
// the simulated cloud, which speaks AWS.
constexpr std::array<std::string_view, 14> kInvalidInput = {"InvalidParameterValue",
                                                            "InvalidParameter",
                                                            "InvalidParameterCombination",
                                                            "ValidationError",
                                                            "ValidationException",
                                                            "MissingParameter",
                                                            "UnsupportedOperation",
                                                            "InvalidRequestContent",
                                                            "InvalidResourceName",
                                                            "InvalidResourceType",
                                                            "LocationNotAvailableForResourceType",
                                                            "BadRequest",
                                                            "INVALID_ARGUMENT",
                                                            "OUT_OF_RANGE"};

// Codes that say "not in the state (or name) this needs".
constexpr std::array<std::string_view, 11> kConflict = {"IncorrectInstanceState",
                                                        "IncorrectState",
                                                        "InvalidState",
                                                        "ResourceInUse",
                                                        "Conflict",
                                                        "AlreadyExists",
                                                        "ALREADY_EXISTS",
                                                        "ABORTED",
                                                        "FAILED_PRECONDITION",
                                                        "AnotherOperationInProgress",
                                                        "OperationNotAllowedInCurrentState"};
}  // namespace

ErrorCode classify_provider_code(const std::string& code_text) {
  std::string_view code = code_text;
  if (one_of(code, kInvalidInput) || code.ends_with(".Malformed")) return ErrorCode::kValidation;
  if (one_of(code, kConflict) || code.ends_with("AlreadyExists") || code.ends_with(".Duplicate") ||
      code.ends_with("InUse") || code.ends_with("InUseException") || code.ends_with("InvalidState"))
    return ErrorCode::kConflict;
  // "NotFound", "ResourceNotFound", "InvalidInstanceID.NotFound", "ResourceNotFoundException", "NOT_FOUND"
  if (code == "NOT_FOUND" || code.ends_with("NotFound") || code.ends_with("NotFoundException"))
    return ErrorCode::kNotFound;
  return ErrorCode::kExternalService;
}

ApiError provider_failure(const providers::ProviderError& e, const std::string& provider, const std::string& field) {
  nlohmann::json details{{"provider", provider}, {"providerCode", e.code()}, {"retryable", e.retryable()}};
  ErrorCode code = classify_provider_code(e.code());
  if (code == ErrorCode::kValidation) details["fields"] = {{field, e.what()}};
  // The message is the cloud's own words only: the provider kind is in `details`, and the
  // simulated kind's name would be wrong on a row the UI shows as AWS.
  return ApiError(code, e.what(), details);
}

}  // namespace cw::accounts
