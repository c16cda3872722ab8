#pragma once
/// Checking text from outside (page tokens, dates) before a number is read from it.
#include <algorithm>
#include <string_view>

namespace cw {

/// True when `s` is one or more ASCII digits. (std::isdigit on a plain char is undefined for
/// bytes above 127, which any client can send.)
inline bool all_digits(std::string_view s) {
  return !s.empty() && std::ranges::all_of(s, [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace cw
