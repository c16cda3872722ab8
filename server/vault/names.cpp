#include "vault/names.hpp"

#include <utf8proc.h>

#include <cstdlib>
#include <memory>

#include "core/error.hpp"

namespace cw::vault {

namespace {

struct FreeDeleter {
  void operator()(utf8proc_uint8_t* p) const { std::free(p); }
};

std::string map_utf8(std::string_view raw, utf8proc_option_t options, const std::string& field) {
  utf8proc_uint8_t* out = nullptr;
  auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(raw.data()),
                        static_cast<utf8proc_ssize_t>(raw.size()), &out, options);
  std::unique_ptr<utf8proc_uint8_t, FreeDeleter> owned(out);
  if (n < 0) throw field_error(field, "must be valid UTF-8");
  return std::string(reinterpret_cast<char*>(out), static_cast<size_t>(n));
}

bool forbidden(utf8proc_int32_t c) {
  if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) return true;  // C0, DEL, C1 controls (NUL included)
  if (c == '/' || c == '\\') return true;
  if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)) return true;  // embeddings, overrides, isolates
  return c == 0x200E || c == 0x200F || c == 0x061C;                               // LRM, RLM, ALM
}

/// Bytes of `s` that hold whole characters, at most `limit`.
size_t whole_characters(const std::string& s, size_t limit) {
  if (s.size() <= limit) return s.size();
  size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
  return cut;
}

}  // namespace

std::string normalize_name(std::string_view raw, const std::string& field) {
  std::string name = map_utf8(raw, static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE), field);
  // Trim spaces: " report.pdf" and "report.pdf " look alike in every listing.
  size_t first = name.find_first_not_of(' ');
  size_t last = name.find_last_not_of(' ');
  name = first == std::string::npos ? "" : name.substr(first, last - first + 1);
  if (name.empty()) throw field_error(field, "must not be empty");
  if (name == "." || name == "..") throw field_error(field, "cannot be . or ..");
  if (name.size() > kMaxNameBytes)
    throw field_error(field, "must be at most " + std::to_string(kMaxNameBytes) + " bytes of UTF-8");
  for (size_t i = 0; i < name.size();) {
    utf8proc_int32_t c = 0;
    auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(name.data() + i),
                              static_cast<utf8proc_ssize_t>(name.size() - i), &c);
    if (n <= 0) throw field_error(field, "must be valid UTF-8");
    if (forbidden(c)) {
      if (c == '/' || c == '\\') throw field_error(field, "cannot contain / or \\");
      throw field_error(field, "cannot contain control or text-direction characters");
    }
    i += static_cast<size_t>(n);
  }
  return name;
}

std::string numbered_name(const std::string& name, int n, bool is_file) {
  std::string stem = name, extension;
  if (is_file) {
    size_t dot = name.rfind('.');
    if (dot != std::string::npos && dot > 0) {  // ".bashrc" has no extension
      stem = name.substr(0, dot);
      extension = name.substr(dot);
    }
  }
  std::string suffix = " (" + std::to_string(n) + ")" + extension;
  if (suffix.size() >= kMaxNameBytes) suffix = " (" + std::to_string(n) + ")";  // an absurd extension goes
  stem.resize(whole_characters(stem, kMaxNameBytes - suffix.size()));
  return stem + suffix;
}

std::string fold_case(std::string_view name) {
  return map_utf8(name, static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD), "name");
}

}  // namespace cw::vault
