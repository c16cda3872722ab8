#pragma once
/// Reading an AWS JSON answer (json and rest-json protocols). Bodies come from outside: a body
/// that is not a JSON object is ProviderError("MalformedResponse"); a member of the wrong type
/// reads as absent.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace cw::providers::aws {

/// The body as a JSON object; `what` names the call in the error ("ListKeys").
nlohmann::json json_object_of(std::string_view body, std::string_view what);

/// `obj[key]` when it is a string; "" otherwise.
std::string string_member(const nlohmann::json& obj, const char* key);

/// `obj[key]` when it is a boolean; nullopt otherwise.
std::optional<bool> bool_member(const nlohmann::json& obj, const char* key);

/// A timestamp member: epoch seconds (how the json protocol sends them) or an RFC 3339 string
/// (how the API examples write them); nullopt otherwise.
std::optional<Millis> time_member(const nlohmann::json& obj, const char* key);

}  // namespace cw::providers::aws
