#include "http/message.hpp"

#include "core/json_text.hpp"

#include <nlohmann/json.hpp>

namespace cw::http {

std::optional<std::string_view> Request::header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return std::string_view(value);
  }
  return std::nullopt;
}

void Response::set_header(std::string name, std::string value) {
  for (auto& [n, v] : headers) {
    if (n == name) {
      v = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

bool percent_decode(std::string_view in, std::string& out, bool plus_is_space) {
  out.clear();
  out.reserve(in.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      int hi = hex(in[i + 1]);
      int lo = hex(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      char decoded = static_cast<char>(hi * 16 + lo);
      if (decoded == '\0') return false;
      out += decoded;
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return true;
}

bool parse_target(std::string_view target, std::string& path, std::map<std::string, std::string>& query) {
  auto qpos = target.find('?');
  std::string_view raw_path = target.substr(0, qpos);
  if (raw_path.empty() || raw_path[0] != '/') return false;
  if (!percent_decode(raw_path, path, false)) return false;
  if (qpos == std::string_view::npos) return true;
  std::string_view qs = target.substr(qpos + 1);
  while (!qs.empty()) {
    auto amp = qs.find('&');
    std::string_view pair = qs.substr(0, amp);
    qs = amp == std::string_view::npos ? std::string_view{} : qs.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    std::string key, value;
    if (!percent_decode(pair.substr(0, eq), key, true)) return false;
    if (eq != std::string_view::npos && !percent_decode(pair.substr(eq + 1), value, true)) return false;
    query.emplace(std::move(key), std::move(value));
  }
  return true;
}

Response ok(const nlohmann::json& data, int status) {
  Response r;
  r.status = status;
  r.body = dump_json(nlohmann::json{{"success", true}, {"data", data}});
  return r;
}

Response created(const nlohmann::json& data) { return ok(data, 201); }

Response ok_list(const nlohmann::json& items, const nlohmann::json& meta) {
  Response r;
  r.body = dump_json(nlohmann::json{{"success", true}, {"data", items}, {"meta", meta}});
  return r;
}

Response raw_json(std::string body) {
  Response r;
  r.body = std::move(body);
  return r;
}

Response no_content() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

}  // namespace cw::http
