#pragma once
/// Compact JSON text of a document, byte for byte what nlohmann's dump() writes (keys in their
/// map order, no spaces, UTF-8 left as is), for the documents every sync stores by the thousand.
#include <nlohmann/json.hpp>

#include <string>

namespace cw {

/// Appends `document`'s text to `out`. Throws as dump() does for text that is not UTF-8.
/// The one serialiser: invalid UTF-8 from clients is replaced, never a throw.
std::string dump_json(const nlohmann::json& value);

void append_json_text(std::string& out, const nlohmann::json& document);

}  // namespace cw
