#include "core/error.hpp"

#include <nlohmann/json.hpp>

namespace cw {

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kValidation:
      return "VALIDATION_ERROR";
    case ErrorCode::kInvalidJson:
      return "INVALID_JSON";
    case ErrorCode::kAuthentication:
      return "AUTHENTICATION_ERROR";
    case ErrorCode::kAuthorization:
      return "AUTHORIZATION_ERROR";
    case ErrorCode::kNotFound:
      return "NOT_FOUND";
    case ErrorCode::kMethodNotAllowed:
      return "METHOD_NOT_ALLOWED";
    case ErrorCode::kConflict:
      return "CONFLICT";
    case ErrorCode::kGone:
      return "GONE";
    case ErrorCode::kPreconditionFailed:
      return "PRECONDITION_FAILED";
    case ErrorCode::kPayloadTooLarge:
      return "PAYLOAD_TOO_LARGE";
    case ErrorCode::kUnsupportedMediaType:
      return "UNSUPPORTED_MEDIA_TYPE";
    case ErrorCode::kHeadersTooLarge:
      return "HEADERS_TOO_LARGE";
    case ErrorCode::kRateLimited:
      return "RATE_LIMITED";
    case ErrorCode::kChecksumMismatch:
      return "CHECKSUM_MISMATCH";
    case ErrorCode::kSharePasswordRequired:
      return "SHARE_PASSWORD_REQUIRED";
    case ErrorCode::kSharePasswordWrong:
      return "SHARE_PASSWORD_WRONG";
    case ErrorCode::kInfected:
      return "INFECTED";
    case ErrorCode::kExternalService:
      return "EXTERNAL_SERVICE_ERROR";
    case ErrorCode::kServiceUnavailable:
      return "SERVICE_UNAVAILABLE";
    case ErrorCode::kInternal:
      return "INTERNAL_ERROR";
  }
  return "INTERNAL_ERROR";
}

int error_code_status(ErrorCode code) {
  switch (code) {
    case ErrorCode::kValidation:
      return 400;
    case ErrorCode::kInvalidJson:
      return 400;
    case ErrorCode::kAuthentication:
      return 401;
    case ErrorCode::kAuthorization:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kMethodNotAllowed:
      return 405;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kGone:
      return 410;
    case ErrorCode::kPreconditionFailed:
      return 412;
    case ErrorCode::kPayloadTooLarge:
      return 413;
    case ErrorCode::kUnsupportedMediaType:
      return 415;
    case ErrorCode::kHeadersTooLarge:
      return 431;
    case ErrorCode::kRateLimited:
      return 429;
    case ErrorCode::kChecksumMismatch:
      return 460;
    case ErrorCode::kSharePasswordRequired:
    case ErrorCode::kSharePasswordWrong:
      return 401;
    case ErrorCode::kInfected:
      return 403;
    case ErrorCode::kExternalService:
      return 502;
    case ErrorCode::kServiceUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

ApiError::ApiError(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}

ApiError::ApiError(ErrorCode code, const std::string& message, const nlohmann::json& details)
    : std::runtime_error(message), code_(code), details_(std::make_shared<const nlohmann::json>(details)) {}

const nlohmann::json& ApiError::details() const {
  static const nlohmann::json kNull;
  return details_ ? *details_ : kNull;
}

ApiError field_error(const std::string& field, const std::string& reason) {
  return ApiError(ErrorCode::kValidation, field + ": " + reason, nlohmann::json{{"fields", {{field, reason}}}});
}

ApiError not_found(const std::string& what) { return ApiError(ErrorCode::kNotFound, what + " not found"); }

}  // namespace cw
