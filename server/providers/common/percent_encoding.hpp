#pragma once
/// Percent-encoding for query values and form bodies: RFC 3986 unreserved characters stay, every
/// other byte becomes %XX (upper-case hex). One function for every cloud and backend client.
#include <string>
#include <string_view>

namespace cw::providers::common {

std::string percent_encode(std::string_view text);

}  // namespace cw::providers::common
