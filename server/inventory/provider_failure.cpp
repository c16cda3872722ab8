#include "inventory/provider_failure.hpp"

#include <array>
#include <string_view>

#include <nlohmann/json.hpp>

namespace cw::inventory {

namespace {
bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

template <size_t N>
bool one_of(std::string_view code, const std::array<std::string_view, N>& codes) {
  for (auto c : codes)
    if (c == code) return true;
  return false;
}

// Codes that say "the request was wrong": AWS query APIs, Azure ARM, Google (status names) and
// the simulated cloud, which speaks AWS.
constexpr std::array<std::string_view, 14> kInvalidInput = {
    "InvalidParameterValue", "InvalidParameter",    "InvalidParameterCombination", "ValidationError",
    "ValidationException",   "MissingParameter",    "UnsupportedOperation",        "InvalidRequestContent",
    "InvalidResourceName",   "InvalidResourceType", "LocationNotAvailableForResourceType",
    "BadRequest",            "INVALID_ARGUMENT",    "OUT_OF_RANGE"};

// Codes that say "not in the state (or name) this needs".
constexpr std::array<std::string_view, 11> kConflict = {
    "IncorrectInstanceState", "IncorrectState", "InvalidState",    "ResourceInUse",   "Conflict",
    "AlreadyExists",          "ALREADY_EXISTS", "ABORTED",         "FAILED_PRECONDITION",
    "AnotherOperationInProgress", "OperationNotAllowedInCurrentState"};
}  // namespace

ErrorCode classify_provider_code(const std::string& code) {
  if (one_of(code, kInvalidInput) || ends_with(code, ".Malformed"))
    return ErrorCode::kValidation;
  if (one_of(code, kConflict) || ends_with(code, "AlreadyExists") || ends_with(code, ".Duplicate") ||
      ends_with(code, "InUse") || ends_with(code, "InUseException") || ends_with(code, "InvalidState"))
    return ErrorCode::kConflict;
  // "NotFound", "ResourceNotFound", "InvalidInstanceID.NotFound", "ResourceNotFoundException", "NOT_FOUND"
  if (code == "NOT_FOUND" || ends_with(code, "NotFound") || ends_with(code, "NotFoundException"))
    return ErrorCode::kNotFound;
  return ErrorCode::kExternalService;
}

ApiError provider_failure(const providers::ProviderError& e, const std::string& provider, const std::string& field) {
  nlohmann::json details{{"provider", provider}, {"providerCode", e.code()}, {"retryable", e.retryable()}};
  ErrorCode code = classify_provider_code(e.code());
  if (code == ErrorCode::kValidation) details["fields"] = {{field, e.what()}};
  return ApiError(code, provider + ": " + e.what(), details);
}

}  // namespace cw::inventory
