#pragma once
/// Small JSON spellings shared by every API shape: optional times and strings become null.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "core/clock.hpp"

namespace cw {

inline nlohmann::json time_or_null(const std::optional<Millis>& t) {
  return t ? nlohmann::json(format_rfc3339(*t)) : nlohmann::json(nullptr);
}

inline nlohmann::json string_or_null(const std::string& s) {
  return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
}

}  // namespace cw
