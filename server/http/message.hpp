#pragma once
/// HTTP request/response as the rest of the server sees them: plain structs, no Beast types, so
/// domain code compiles without Asio. Header names are stored lower-case.
#include <nlohmann/json_fwd.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/body_source.hpp"

namespace cw::http {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;                        // "GET"
  std::string target;                        // "/api/v1/users?limit=5"
  std::string path;                          // "/api/v1/users" (percent-decoded)
  std::map<std::string, std::string> query;  // decoded; a repeated key keeps the first value
  HeaderList headers;
  std::string body;
  std::string remote_address;

  std::optional<std::string_view> header(std::string_view lower_name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  HeaderList headers;
  std::string body;
  /// When set, the body comes from here instead of `body` (a file download, a long export),
  /// sent in bounded memory. See http/file_response.hpp.
  std::shared_ptr<BodySource> body_source;

  void set_header(std::string name, std::string value);
};

/// Splits a target into path and query; returns false for a malformed path (bad escape, NUL).
bool parse_target(std::string_view target, std::string& path, std::map<std::string, std::string>& query);
bool percent_decode(std::string_view in, std::string& out, bool plus_is_space);

// Envelope helpers (API.md): {"success": true, "data": …, "meta": …}.
Response ok(const nlohmann::json& data, int status = 200);
Response created(const nlohmann::json& data);
Response ok_list(const nlohmann::json& items, const nlohmann::json& meta);
/// 200 with a body that is already a rendered JSON envelope (a cached response).
Response raw_json(std::string body);
Response no_content();

}  // namespace cw::http
