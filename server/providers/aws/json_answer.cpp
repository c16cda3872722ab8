#include "providers/aws/json_answer.hpp"

#include <cmath>

#include "core/json_parse.hpp"
#include "providers/provider.hpp"

namespace cw::providers::aws {

nlohmann::json json_object_of(std::string_view body, std::string_view what) {
  nlohmann::json doc = parse_untrusted_json(body);
  if (doc.is_discarded() || !doc.is_object())
    throw ProviderError("MalformedResponse", std::string(what) + " response is not a JSON object");
  return doc;
}

std::string string_member(const nlohmann::json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<bool> bool_member(const nlohmann::json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_boolean()) return std::nullopt;
  return it->get<bool>();
}

std::optional<Millis> time_member(const nlohmann::json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) return std::nullopt;
  if (it->is_string()) return parse_rfc3339(it->get_ref<const std::string&>());
  if (!it->is_number()) return std::nullopt;
  double seconds = it->get<double>();
  // Beyond year 9999 (or negative): not a time AWS would send.
  if (!std::isfinite(seconds) || seconds < 0 || seconds > 253'402'300'799.0) return std::nullopt;
  return static_cast<Millis>(std::llround(seconds * 1000));
}

}  // namespace cw::providers::aws
