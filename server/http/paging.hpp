#pragma once
/// List parameters of API.md: `limit` 1–500 (default 50), an opaque `cursor`, `sort=field|-field`.
#include <optional>
#include <string>
#include <vector>

#include "http/context.hpp"

namespace cw::http {

struct PageRequest {
  int limit = 50;
  std::string cursor;  // decoded; empty for the first page
};

/// Throws VALIDATION_ERROR for a bad limit or a cursor that was not issued by us.
PageRequest parse_page(const RequestContext& ctx);
std::string encode_cursor(const std::string& raw);
/// For short lists paged by position: the offset a cursor stands for (0 on the first page),
/// and the cursor of the page after `offset + count` items (null at the end).
long long cursor_offset(const PageRequest& page);
nlohmann::json next_offset_cursor(long long offset, size_t count, long long total);

/// Keyset paging: the sort value of a page's last row and that row's id. Encoded as one cursor;
/// decoding checks the value is what the sort column holds, so a forged cursor is a 400, never a
/// number that overflows later.
struct KeysetPosition {
  std::string value, id;
};
enum class KeysetValue { kText, kInteger, kNumber };
std::string encode_keyset_cursor(const std::string& value, const std::string& id);
/// The position a page's cursor stands for; nullopt on the first page. Throws VALIDATION_ERROR
/// (field `cursor`) for anything this API did not issue.
std::optional<KeysetPosition> keyset_position(const PageRequest& page, KeysetValue kind);

struct SortSpec {
  std::string field;
  bool descending = false;
};
/// `allowed` lists field names; the default applies when no sort is given.
SortSpec parse_sort(const RequestContext& ctx, const std::vector<std::string>& allowed, SortSpec fallback);

}  // namespace cw::http
