#include "providers/gcp/json_fields.hpp"

#include "core/json_parse.hpp"
#include "providers/provider.hpp"

namespace cw::providers::gcp::json_fields {

using nlohmann::json;

void invalid(const std::string& what) {
  throw ProviderError("InvalidResponse", "unexpected answer from Google Cloud: " + what);
}

json parse_object(const std::string& body, const char* what) {
  json j = parse_untrusted_json(body);
  if (j.is_discarded() || !j.is_object()) invalid(std::string(what) + " is not a JSON object");
  return j;
}

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return "";
  if (!it->is_string()) invalid(std::string("field ") + key + " is not a string");
  return it->get<std::string>();
}

std::string required_str(const json& j, const char* key, const char* what) {
  std::string s = str(j, key);
  if (s.empty()) invalid(std::string(what) + " without " + key);
  return s;
}

bool boolean(const json& j, const char* key, bool fallback) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return fallback;
  if (!it->is_boolean()) invalid(std::string("field ") + key + " is not a boolean");
  return it->get<bool>();
}

const json& array_at(const json& j, const char* key) {
  static const json kEmpty = json::array();
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return kEmpty;
  if (!it->is_array()) invalid(std::string("field ") + key + " is not an array");
  return *it;
}

const json& object_at(const json& j, const char* key) {
  static const json kEmpty = json::object();
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return kEmpty;
  if (!it->is_object()) invalid(std::string("field ") + key + " is not an object");
  return *it;
}

json string_map(const json& j, const char* key) {
  json out = json::object();
  for (const auto& [k, v] : object_at(j, key).items()) out[k] = v.is_string() ? v.get<std::string>() : v.dump();
  return out;
}

Millis timestamp(const json& j, const char* key) {
  std::string s = str(j, key);
  if (s.empty()) return 0;
  auto ms = parse_rfc3339(s);
  if (!ms) invalid(std::string("field ") + key + " is not an RFC 3339 time");
  return *ms;
}

std::string last_segment(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace cw::providers::gcp::json_fields
