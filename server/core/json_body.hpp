#pragma once
/// Reads fields of a request body with validation, collecting every bad field so the client gets
/// one VALIDATION_ERROR naming all of them: details = {"fields": {"email": "must be …"}}.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace cw {

/// Every new password (sign-up, members, password change, CLI) is this long.
constexpr size_t kMinPasswordLength = 10;
constexpr size_t kMaxPasswordLength = 256;

class JsonBody {
 public:
  explicit JsonBody(const nlohmann::json& body) : body_(body) {}

  /// A required string, trimmed; min/max count characters after trimming.
  std::string string(const char* field, size_t min_len = 1, size_t max_len = 255);
  std::optional<std::string> optional_string(const char* field, size_t min_len = 0, size_t max_len = 255);
  std::optional<bool> optional_bool(const char* field);
  /// A new password: required, not trimmed (spaces are part of it), of the lengths above.
  std::string new_password(const char* field);
  std::optional<std::string> optional_new_password(const char* field);
  /// An optional JSON object whose text is at most `max_bytes`.
  std::optional<nlohmann::json> optional_object(const char* field, size_t max_bytes);
  std::optional<long long> optional_int(const char* field, long long min, long long max);
  /// A required string that must be one of `allowed`.
  std::string one_of(const char* field, std::initializer_list<const char*> allowed);
  std::optional<std::string> optional_one_of(const char* field, std::initializer_list<const char*> allowed);
  bool has(const char* field) const { return body_.contains(field); }
  const nlohmann::json& raw() const { return body_; }

  void fail(const std::string& field, const std::string& reason);
  /// Throws VALIDATION_ERROR if any field failed.
  void finish() const;

 private:
  const nlohmann::json& body_;
  nlohmann::json errors_ = nlohmann::json::object();
};

/// Whether `s` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool valid_utf8(std::string_view s);

/// Trims ASCII whitespace and lower-cases; returns false if it is not a plausible address.
bool normalize_email(const std::string& in, std::string& out);

}  // namespace cw
