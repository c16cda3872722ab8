#include "core/json_text.hpp"

#include <algorithm>

namespace cw {

std::string dump_json(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

namespace {

/// Text dump() copies unchanged: printable ASCII other than the quote and the backslash. dump()
/// checks every byte of every string for escapes and UTF-8; most of a resource's text (ids,
/// names, addresses, types) is plain, and copying it outright makes storing a synced page's
/// documents about twice as fast (bench/aws_replay_benchmark.cpp).
bool is_plain(const std::string& text) {
  return std::all_of(text.begin(), text.end(),
                     [](unsigned char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; });
}

void append_string(std::string& out, const std::string& text) {
  if (!is_plain(text)) {
    out += nlohmann::json(text).dump();  // escapes, and the UTF-8 check
    return;
  }
  out += '"';
  out += text;
  out += '"';
}

}  // namespace

void append_json_text(std::string& out, const nlohmann::json& document) {
  switch (document.type()) {
    case nlohmann::json::value_t::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, value] : document.get_ref<const nlohmann::json::object_t&>()) {
        if (!first) out += ',';
        first = false;
        append_string(out, key);
        out += ':';
        append_json_text(out, value);
      }
      out += '}';
      return;
    }
    case nlohmann::json::value_t::array: {
      out += '[';
      bool first = true;
      for (const auto& value : document) {
        if (!first) out += ',';
        first = false;
        append_json_text(out, value);
      }
      out += ']';
      return;
    }
    case nlohmann::json::value_t::string:
      append_string(out, document.get_ref<const std::string&>());
      return;
    case nlohmann::json::value_t::boolean:
      out += document.get<bool>() ? "true" : "false";
      return;
    default:  // numbers (dump's own shortest round-trip form), null
      out += document.dump();
  }
}

}  // namespace cw
