#pragma once
/// Parsing JSON that comes from outside (request bodies, WebSocket messages, tokens, provider
/// answers). nlohmann's parser is iterative, but dump(), comparison and copies of the tree recurse
/// once per level: 100,000 nested arrays in a 200 KB body overflow the stack. So nesting is
/// checked on the text, before any tree exists.
#include <nlohmann/json.hpp>

#include <string_view>

namespace cw {

/// Deeper than any document CloudWeave or a cloud API writes, far below what recursion survives.
inline constexpr int kMaxJsonDepth = 64;

/// Whether arrays and objects in `text` nest at most `max_depth` levels (strings are skipped, so
/// brackets inside them do not count). Linear, allocates nothing; says nothing about validity.
bool json_nesting_within(std::string_view text, int max_depth = kMaxJsonDepth);

/// The parsed document, or a discarded value when `text` is not JSON or nests too deep.
nlohmann::json parse_untrusted_json(std::string_view text, int max_depth = kMaxJsonDepth);

}  // namespace cw
