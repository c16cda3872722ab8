#include "http/paging.hpp"

#include <charconv>
#include <cmath>

#include "core/crypto.hpp"
#include "core/error.hpp"

namespace cw::http {

PageRequest parse_page(const RequestContext& ctx) {
  PageRequest page;
  if (auto limit = ctx.query("limit")) {
    int value = 0;
    bool digits = !limit->empty() && limit->size() <= 4;
    for (char c : *limit) digits = digits && c >= '0' && c <= '9';
    if (digits) value = std::stoi(*limit);
    if (!digits || value < 1 || value > 500) throw field_error("limit", "must be an integer between 1 and 500");
    page.limit = value;
  }
  if (auto cursor = ctx.query("cursor"); cursor && !cursor->empty()) {
    std::string raw;
    if (!crypto::base64url_decode(*cursor, raw) || raw.rfind("cw1:", 0) != 0)
      throw field_error("cursor", "is not a cursor returned by this API");
    page.cursor = raw.substr(4);
  }
  return page;
}

std::string encode_cursor(const std::string& raw) { return crypto::base64url_encode("cw1:" + raw); }

namespace {
ApiError foreign_cursor() { return field_error("cursor", "is not a cursor returned by this API"); }

/// A whole number in range, digits only (with an optional minus): "1e3", "+1" and 25 digits fail.
bool parse_integer(std::string_view text, long long& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return !text.empty() && ec == std::errc() && end == text.data() + text.size();
}
}  // namespace

long long cursor_offset(const PageRequest& page) {
  if (page.cursor.empty()) return 0;
  long long offset = 0;
  if (!parse_integer(page.cursor, offset) || offset < 0) throw foreign_cursor();
  return offset;
}

std::string encode_keyset_cursor(const std::string& value, const std::string& id) {
  return encode_cursor(value + '\x1f' + id);
}

std::optional<KeysetPosition> keyset_position(const PageRequest& page, KeysetValue kind) {
  if (page.cursor.empty()) return std::nullopt;
  auto sep = page.cursor.rfind('\x1f');
  if (sep == std::string::npos || sep + 1 == page.cursor.size()) throw foreign_cursor();
  KeysetPosition at{page.cursor.substr(0, sep), page.cursor.substr(sep + 1)};
  if (kind == KeysetValue::kInteger) {
    long long v = 0;
    if (!parse_integer(at.value, v)) throw foreign_cursor();
  } else if (kind == KeysetValue::kNumber) {
    double v = 0;
    auto [end, ec] = std::from_chars(at.value.data(), at.value.data() + at.value.size(), v);
    if (at.value.empty() || ec != std::errc() || end != at.value.data() + at.value.size() || !std::isfinite(v))
      throw foreign_cursor();
  }
  return at;
}

nlohmann::json next_offset_cursor(long long offset, size_t count, long long total) {
  long long next = offset + static_cast<long long>(count);
  return next < total ? nlohmann::json(encode_cursor(std::to_string(next))) : nlohmann::json(nullptr);
}

SortSpec parse_sort(const RequestContext& ctx, const std::vector<std::string>& allowed, SortSpec fallback) {
  auto sort = ctx.query("sort");
  if (!sort || sort->empty()) return fallback;
  SortSpec spec;
  spec.descending = (*sort)[0] == '-';
  spec.field = spec.descending ? sort->substr(1) : *sort;
  for (const auto& a : allowed) {
    if (a == spec.field) return spec;
  }
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  throw field_error("sort", "must be one of: " + list + " (prefix - for descending)");
}

}  // namespace cw::http
