#pragma once
/// ApiError is the one exception a request handler throws to end a request with a client-visible
/// error. It carries the API error code of API.md; the HTTP layer maps it to the error envelope in
/// exactly one place (http/pipeline.cpp). Anything else that escapes a handler becomes a 500
/// INTERNAL_ERROR whose message never leaks internals.
#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <stdexcept>
#include <string>

namespace cw {

enum class ErrorCode {
  kValidation,
  kInvalidJson,
  kAuthentication,
  kAuthorization,
  kNotFound,
  kMethodNotAllowed,
  kConflict,
  kGone,                // 410: a share link used up, an upload expired
  kPreconditionFailed,  // 412: tus without `Tus-Resumable: 1.0.0`
  kPayloadTooLarge,
  kUnsupportedMediaType,
  kHeadersTooLarge,
  kRateLimited,
  kChecksumMismatch,       // 460 (tus checksum extension): the body did not match Upload-Checksum
  kSharePasswordRequired,  // 401: a protected share link asked for without its password
  kSharePasswordWrong,     // 401
  kInfected,               // 403: a quarantined vault file
  kExternalService,
  kServiceUnavailable,
  kInternal,
};

/// The wire name ("VALIDATION_ERROR") and HTTP status of a code.
const char* error_code_name(ErrorCode code);
int error_code_status(ErrorCode code);

class ApiError : public std::runtime_error {
 public:
  ApiError(ErrorCode code, const std::string& message);
  ApiError(ErrorCode code, const std::string& message, const nlohmann::json& details);

  ErrorCode code() const { return code_; }
  /// Null when the error has no details.
  const nlohmann::json& details() const;
  /// Seconds for Retry-After (rate limiting), 0 when not applicable.
  int retry_after() const { return retry_after_; }
  ApiError& with_retry_after(int seconds) {
    retry_after_ = seconds;
    return *this;
  }

 private:
  ErrorCode code_;
  std::shared_ptr<const nlohmann::json> details_;
  int retry_after_ = 0;
};

/// A VALIDATION_ERROR naming one field, the common case.
ApiError field_error(const std::string& field, const std::string& reason);
ApiError not_found(const std::string& what);

}  // namespace cw
