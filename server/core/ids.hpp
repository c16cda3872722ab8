#pragma once
/// Opaque, unguessable, time-ordered ids with a readable type prefix: "usr_" + 26 base32 characters.
#include <string>
#include <string_view>

namespace cw {
std::string new_id(std::string_view prefix);
}
