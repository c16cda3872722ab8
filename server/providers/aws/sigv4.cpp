#include "providers/aws/sigv4.hpp"

#include <algorithm>
#include <ctime>
#include <map>

#include "core/crypto.hpp"

namespace cw::providers::aws {
namespace {

constexpr char kAlgorithm[] = "AWS4-HMAC-SHA256";

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.' || c == '~';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/// Trims and collapses every run of whitespace (including folded continuation lines) to one space.
std::string canonical_header_value(std::string_view value) {
  std::string out;
  bool pending_space = false;
  for (char c : value) {
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

std::string normalize_segments(std::string_view path) {
  std::vector<std::string_view> kept;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view seg = path.substr(start, end - start);
    if (seg == "..") {
      if (!kept.empty()) kept.pop_back();
    } else if (!seg.empty() && seg != ".") {
      kept.push_back(seg);
    }
    start = end + 1;
  }
  std::string out;
  for (auto seg : kept) {
    out += '/';
    out += seg;
  }
  bool trailing = !path.empty() && path.back() == '/';
  if (out.empty() || trailing) out += '/';
  return out;
}

struct Canonical {
  std::string headers;         // "name:value\n" lines
  std::string signed_headers;  // "a;b;c"
};

Canonical canonicalize_headers(const Pairs& headers) {
  std::map<std::string, std::string> merged;  // sorted by lowercase name
  for (const auto& [name, value] : headers) {
    auto [it, inserted] = merged.try_emplace(lower(name), canonical_header_value(value));
    if (!inserted) it->second.append(",").append(canonical_header_value(value));
  }
  Canonical c;
  for (const auto& [name, value] : merged) {
    c.headers += name + ":" + value + "\n";
    if (!c.signed_headers.empty()) c.signed_headers += ';';
    c.signed_headers += name;
  }
  return c;
}

Pairs without_header(const Pairs& headers, std::string_view lower_name) {
  Pairs out;
  for (const auto& h : headers)
    if (lower(h.first) != lower_name) out.push_back(h);
  return out;
}

std::string scope_of(const std::string& date, const SigningParams& p) {
  return date + "/" + p.region + "/" + p.service + "/aws4_request";
}

/// Fills canonical_request, string_to_sign, signature and signed_headers.
void compute(const std::string& method, const std::string& path, const Pairs& query, const Pairs& headers,
             const std::string& payload_hash, const std::string& timestamp, const Credentials& creds,
             const SigningParams& p, SigningResult& r) {
  Canonical ch = canonicalize_headers(headers);
  r.signed_headers = ch.signed_headers;
  r.canonical_request = method + "\n" + canonical_uri(path, p.normalize_path, p.double_encode_path) + "\n" +
                        canonical_query(query) + "\n" + ch.headers + "\n" + ch.signed_headers + "\n" + payload_hash;
  std::string date = timestamp.substr(0, 8);
  r.string_to_sign = std::string(kAlgorithm) + "\n" + timestamp + "\n" + scope_of(date, p) + "\n" +
                     crypto::sha256_hex(r.canonical_request);
  r.signature = crypto::to_hex(
      crypto::hmac_sha256(signing_key(creds.secret_access_key, date, p.region, p.service), r.string_to_sign));
}

std::string payload_hash_of(const SigningRequest& request, const SigningParams& p) {
  return p.payload_hash.empty() ? crypto::sha256_hex(request.body) : p.payload_hash;
}

}  // namespace

std::string uri_encode(std::string_view text, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (unsigned char c : text) {
    if (is_unreserved(c) || (keep_slash && c == '/')) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

Pairs parse_query(std::string_view raw) {
  Pairs out;
  size_t start = 0;
  while (start < raw.size()) {
    size_t end = raw.find('&', start);
    if (end == std::string_view::npos) end = raw.size();
    std::string_view part = raw.substr(start, end - start);
    if (!part.empty()) {
      size_t eq = part.find('=');
      if (eq == std::string_view::npos)
        out.emplace_back(percent_decode(part), "");
      else
        out.emplace_back(percent_decode(part.substr(0, eq)), percent_decode(part.substr(eq + 1)));
    }
    start = end + 1;
  }
  return out;
}

std::string encode_query(const Pairs& query) {
  std::string out;
  for (const auto& [k, v] : query) {
    if (!out.empty()) out += '&';
    out += uri_encode(k, false) + "=" + uri_encode(v, false);
  }
  return out;
}

std::string canonical_uri(std::string_view path, bool normalize, bool double_encode) {
  std::string p = path.empty() ? std::string("/") : std::string(path);
  if (normalize) p = normalize_segments(p);
  return double_encode ? uri_encode(p, true) : p;
}

std::string canonical_query(const Pairs& query) {
  std::vector<std::pair<std::string, std::string>> encoded;
  encoded.reserve(query.size());
  for (const auto& [k, v] : query) encoded.emplace_back(uri_encode(k, false), uri_encode(v, false));
  std::sort(encoded.begin(), encoded.end());
  std::string out;
  for (const auto& [k, v] : encoded) {
    if (!out.empty()) out += '&';
    out += k + "=" + v;
  }
  return out;
}

std::string amz_date(Millis time) {
  std::time_t secs = static_cast<std::time_t>(time / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[20];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

std::string signing_key(std::string_view secret, std::string_view date, std::string_view region,
                        std::string_view service) {
  std::string k = crypto::hmac_sha256("AWS4" + std::string(secret), date);
  k = crypto::hmac_sha256(k, region);
  k = crypto::hmac_sha256(k, service);
  return crypto::hmac_sha256(k, "aws4_request");
}

SigningResult sign_headers(const SigningRequest& request, const Credentials& creds, const SigningParams& p) {
  SigningResult r;
  const std::string timestamp = amz_date(p.time);
  const std::string payload_hash = payload_hash_of(request, p);
  Pairs headers = without_header(request.headers, "x-amz-date");
  r.headers_to_add.emplace_back("X-Amz-Date", timestamp);
  const bool has_token_header = headers.size() != without_header(headers, "x-amz-security-token").size();
  if (!creds.session_token.empty() && !has_token_header && !p.omit_session_token)
    r.headers_to_add.emplace_back("X-Amz-Security-Token", creds.session_token);
  if (p.add_content_sha256) r.headers_to_add.emplace_back("X-Amz-Content-Sha256", payload_hash);
  for (const auto& h : r.headers_to_add) headers.push_back(h);

  compute(request.method, request.path, request.query, headers, payload_hash, timestamp, creds, p, r);
  r.authorization = std::string(kAlgorithm) + " Credential=" + creds.access_key_id + "/" +
                    scope_of(timestamp.substr(0, 8), p) + ", SignedHeaders=" + r.signed_headers +
                    ", Signature=" + r.signature;
  if (!creds.session_token.empty() && !has_token_header && p.omit_session_token)
    r.headers_to_add.emplace_back("X-Amz-Security-Token", creds.session_token);
  r.headers_to_add.emplace_back("Authorization", r.authorization);
  return r;
}

SigningResult presign_query(const SigningRequest& request, const Credentials& creds, const SigningParams& p) {
  SigningResult r;
  const std::string timestamp = amz_date(p.time);
  Pairs headers = without_header(request.headers, "x-amz-date");
  Canonical ch = canonicalize_headers(headers);

  Pairs auth = {{"X-Amz-Algorithm", kAlgorithm},
                {"X-Amz-Credential", creds.access_key_id + "/" + scope_of(timestamp.substr(0, 8), p)},
                {"X-Amz-Date", timestamp},
                {"X-Amz-SignedHeaders", ch.signed_headers},
                {"X-Amz-Expires", std::to_string(p.expires_seconds)}};
  if (!creds.session_token.empty() && !p.omit_session_token)
    auth.emplace_back("X-Amz-Security-Token", creds.session_token);
  Pairs query = request.query;
  query.insert(query.end(), auth.begin(), auth.end());

  compute(request.method, request.path, query, headers, payload_hash_of(request, p), timestamp, creds, p, r);
  if (!creds.session_token.empty() && p.omit_session_token)
    query.emplace_back("X-Amz-Security-Token", creds.session_token);
  query.emplace_back("X-Amz-Signature", r.signature);
  r.query_string = encode_query(query);
  return r;
}

void sign_in_place(SigningRequest& request, const Credentials& creds, const SigningParams& p) {
  SigningResult r = sign_headers(request, creds, p);
  request.headers = without_header(request.headers, "x-amz-date");
  request.headers = without_header(request.headers, "authorization");
  for (auto& h : r.headers_to_add) request.headers.push_back(std::move(h));
}

}  // namespace cw::providers::aws
