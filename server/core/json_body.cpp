#include "core/json_body.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace cw {

namespace {
std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}
}  // namespace

void JsonBody::fail(const std::string& field, const std::string& reason) {
  if (!errors_.contains(field)) errors_[field] = reason;
}

void JsonBody::finish() const {
  if (errors_.empty()) return;
  std::string message = "invalid fields:";
  for (auto it = errors_.begin(); it != errors_.end(); ++it) {
    message += " " + it.key() + " (" + it.value().get<std::string>() + ")";
  }
  throw ApiError(ErrorCode::kValidation, message, nlohmann::json{{"fields", errors_}});
}

std::optional<std::string> JsonBody::optional_string(const char* field, size_t min_len, size_t max_len) {
  auto it = body_.find(field);
  if (it == body_.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) {
    fail(field, "must be a string");
    return std::nullopt;
  }
  std::string value = trim(it->get<std::string>());
  for (unsigned char c : value) {
    if (c < 0x20 || c == 0x7f) {
      fail(field, "must not contain control characters");
      return std::nullopt;
    }
  }
  size_t length = 0;  // characters (code points), not bytes: "Zoë" is 3
  for (unsigned char c : value) length += (c & 0xC0) != 0x80;
  if (length < min_len) {
    fail(field, min_len <= 1 ? "must not be empty" : "must be at least " + std::to_string(min_len) + " characters");
    return std::nullopt;
  }
  if (length > max_len) {
    fail(field, "must be at most " + std::to_string(max_len) + " characters");
    return std::nullopt;
  }
  return value;
}

std::string JsonBody::string(const char* field, size_t min_len, size_t max_len) {
  if (!body_.contains(field) || body_[field].is_null()) {
    fail(field, "is required");
    return {};
  }
  return optional_string(field, std::max<size_t>(min_len, 1), max_len).value_or("");
}

std::optional<std::string> JsonBody::optional_new_password(const char* field) {
  auto it = body_.find(field);
  if (it == body_.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) {
    fail(field, "must be a string");
    return std::nullopt;
  }
  std::string p = it->get<std::string>();
  if (p.size() < kMinPasswordLength) {
    fail(field, "must be at least " + std::to_string(kMinPasswordLength) + " characters");
    return std::nullopt;
  }
  if (p.size() > kMaxPasswordLength) {
    fail(field, "must be at most " + std::to_string(kMaxPasswordLength) + " characters");
    return std::nullopt;
  }
  return p;
}

std::string JsonBody::new_password(const char* field) {
  if (!body_.contains(field)) {
    fail(field, "is required");
    return {};
  }
  return optional_new_password(field).value_or("");
}

std::optional<nlohmann::json> JsonBody::optional_object(const char* field, size_t max_bytes) {
  auto it = body_.find(field);
  if (it == body_.end() || it->is_null()) return std::nullopt;
  if (!it->is_object()) {
    fail(field, "must be an object");
    return std::nullopt;
  }
  if (it->dump().size() > max_bytes) {
    fail(field, "is too large");
    return std::nullopt;
  }
  return *it;
}

std::optional<bool> JsonBody::optional_bool(const char* field) {
  auto it = body_.find(field);
  if (it == body_.end() || it->is_null()) return std::nullopt;
  if (!it->is_boolean()) {
    fail(field, "must be true or false");
    return std::nullopt;
  }
  return it->get<bool>();
}

std::optional<long long> JsonBody::optional_int(const char* field, long long min, long long max) {
  auto it = body_.find(field);
  if (it == body_.end() || it->is_null()) return std::nullopt;
  if (!it->is_number_integer()) {
    fail(field, "must be an integer");
    return std::nullopt;
  }
  long long v = it->get<long long>();
  if (v < min || v > max) {
    fail(field, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  return v;
}

std::optional<std::string> JsonBody::optional_one_of(const char* field, std::initializer_list<const char*> allowed) {
  auto value = optional_string(field);
  if (!value) return std::nullopt;
  for (const char* a : allowed) {
    if (*value == a) return value;
  }
  std::string list;
  for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  fail(field, "must be one of: " + list);
  return std::nullopt;
}

std::string JsonBody::one_of(const char* field, std::initializer_list<const char*> allowed) {
  if (!body_.contains(field) || body_[field].is_null()) {
    fail(field, "is required");
    return {};
  }
  return optional_one_of(field, allowed).value_or("");
}

bool valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n;
    unsigned cp;
    if (c < 0x80) {
      ++i;
      continue;
    }
    if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else
      return false;
    if (i + n >= s.size()) return false;
    for (size_t k = 1; k <= n; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += n + 1;
  }
  return true;
}

bool normalize_email(const std::string& in, std::string& out) {
  out = trim(in);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto at = out.find('@');
  if (out.size() > 254 || at == std::string::npos || at == 0 || at != out.rfind('@')) return false;
  auto dot = out.find('.', at);
  if (dot == std::string::npos || dot == at + 1 || dot == out.size() - 1) return false;
  for (unsigned char c : out) {
    if (c <= ' ' || c == 0x7f) return false;
  }
  return true;
}

}  // namespace cw
