#pragma once
/// Reading fields of an ARM answer that may be missing, null or of another type than documented:
/// every such field reads as empty, so parsers decide what "absent" means instead of crashing.
#include <nlohmann/json.hpp>

#include <cctype>
#include <string>

#include "providers/provider.hpp"

namespace cw::providers::azure::arm_fields {

/// An answer the parsers cannot read: the page fails with what was wrong.
[[noreturn]] inline void invalid(const std::string& what) {
  throw ProviderError("InvalidResponse", "unexpected Azure answer: " + what);
}

/// The string at `key`; "" when `j` is not an object or the field is absent or not a string.
inline std::string str(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) return "";
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

/// The object at `key`; an empty object otherwise.
inline const nlohmann::json& obj(const nlohmann::json& j, const char* key) {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  if (!j.is_object()) return kEmpty;
  auto it = j.find(key);
  return it != j.end() && it->is_object() ? *it : kEmpty;
}

/// The array at `key`; an empty array otherwise.
inline const nlohmann::json& arr(const nlohmann::json& j, const char* key) {
  static const nlohmann::json kEmpty = nlohmann::json::array();
  if (!j.is_object()) return kEmpty;
  auto it = j.find(key);
  return it != j.end() && it->is_array() ? *it : kEmpty;
}

/// ARM compares names case-insensitively ("Administrative", "Rotate", resource types).
inline std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace cw::providers::azure::arm_fields
