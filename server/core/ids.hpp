#pragma once
/// Opaque, unguessable ids with a readable type prefix: "usr_3kq…" (16 random bytes, base32).
#include <string>
#include <string_view>

namespace cw {
std::string new_id(std::string_view prefix);
}
