#include "http/range.hpp"

#include <limits>
#include <optional>

namespace cw::http {

namespace {

using Kind = ByteRangeResult::Kind;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals_ascii(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] + 32) : a[i];
    if (x != b[i]) return false;
  }
  return true;
}

// Digits only. A number too big for 64 bits saturates instead of failing: a first byte past
// any real size is then simply unsatisfiable, and a huge last byte or suffix means "to the end".
std::optional<uint64_t> parse_number(std::string_view s) {
  if (s.empty()) return std::nullopt;
  uint64_t value = 0;
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    uint64_t digit = static_cast<uint64_t>(c - '0');
    value = value > (kMax - digit) / 10 ? kMax : value * 10 + digit;
  }
  return value;
}

}  // namespace

ByteRangeResult parse_byte_range(std::string_view header, uint64_t size) {
  ByteRangeResult whole;  // kWholeBody
  header = trim(header);
  auto eq = header.find('=');
  if (eq == std::string_view::npos || !iequals_ascii(trim(header.substr(0, eq)), "bytes")) return whole;
  std::string_view set = header.substr(eq + 1);

  // Every element must parse before we act on any: a broken header is ignored as a whole.
  std::optional<ByteRangeResult> only;
  int count = 0;
  while (!set.empty()) {
    auto comma = set.find(',');
    std::string_view spec = trim(set.substr(0, comma));
    set = comma == std::string_view::npos ? std::string_view{} : set.substr(comma + 1);
    if (spec.empty()) continue;  // "1#" lists allow empty elements
    auto dash = spec.find('-');
    if (dash == std::string_view::npos) return whole;
    std::string_view first_text = trim(spec.substr(0, dash));
    std::string_view last_text = trim(spec.substr(dash + 1));
    ByteRangeResult r;
    if (first_text.empty()) {  // "-n": the last n bytes
      auto suffix = parse_number(last_text);
      if (!suffix) return whole;
      if (*suffix == 0) {
        r.kind = Kind::kUnsatisfiable;
      } else {
        r.kind = Kind::kPartial;
        r.first = *suffix >= size ? 0 : size - *suffix;
        r.last = size - 1;
      }
    } else {
      auto first = parse_number(first_text);
      if (!first) return whole;
      std::optional<uint64_t> last;
      if (!last_text.empty()) {
        last = parse_number(last_text);
        if (!last || *last < *first) return whole;  // "5-2" is invalid, not empty
      }
      if (*first >= size) {
        r.kind = Kind::kUnsatisfiable;
      } else {
        r.kind = Kind::kPartial;
        r.first = *first;
        r.last = last && *last < size ? *last : size - 1;
      }
    }
    ++count;
    only = r;
  }
  if (count == 0 || size == 0) return whole;
  if (count > 1) return whole;  // see the header: several ranges → the whole body
  return *only;
}

}  // namespace cw::http
