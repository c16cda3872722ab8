#pragma once
/// Reading fields of Google Cloud JSON answers the same way in every GCP parser: a missing or null
/// field is empty (the caller decides whether that means unknown), a field of another type than
/// the API documents makes the whole answer ProviderError("InvalidResponse").
#include <nlohmann/json.hpp>

#include <string>

#include "core/clock.hpp"

namespace cw::providers::gcp::json_fields {

/// Throws ProviderError("InvalidResponse", "unexpected answer from Google Cloud: <what>").
[[noreturn]] void invalid(const std::string& what);

/// The body as a JSON object (bounded nesting), else InvalidResponse naming `what`.
nlohmann::json parse_object(const std::string& body, const char* what);

/// The string at `key`; "" when absent or null.
std::string str(const nlohmann::json& j, const char* key);
/// The string at `key`; InvalidResponse "<what> without <key>" when absent or empty.
std::string required_str(const nlohmann::json& j, const char* key, const char* what);
/// The boolean at `key`; `fallback` when absent or null.
bool boolean(const nlohmann::json& j, const char* key, bool fallback);
/// The array at `key`; an empty array when absent or null.
const nlohmann::json& array_at(const nlohmann::json& j, const char* key);
/// The object at `key`; an empty object when absent or null.
const nlohmann::json& object_at(const nlohmann::json& j, const char* key);
/// An object of strings (labels) at `key`; values of other types are kept as their JSON text.
nlohmann::json string_map(const nlohmann::json& j, const char* key);
/// The RFC 3339 time at `key` in ms; 0 when absent; InvalidResponse when not a time.
Millis timestamp(const nlohmann::json& j, const char* key);

/// "a/b/c" → "c".
std::string last_segment(const std::string& path);

}  // namespace cw::providers::gcp::json_fields
