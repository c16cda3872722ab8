#pragma once
/// Small, well-known primitives used across domains: secure randomness (libsodium), SHA-256 and
/// HMAC-SHA-256 (OpenSSL), base64url and hex codecs, and constant-time comparison.
#include <string>
#include <string_view>

namespace cw::crypto {

std::string random_bytes(size_t n);
/// n random bytes, base64url without padding: the form of tokens and key secrets.
std::string random_token(size_t n_bytes);

std::string sha256(std::string_view data);  // raw 32 bytes
std::string sha256_hex(std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view data);  // raw 32 bytes

std::string to_hex(std::string_view raw);
std::string base64url_encode(std::string_view raw);
/// Rejects padding and characters outside the base64url alphabet: returns false.
bool base64url_decode(std::string_view text, std::string& out);

bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace cw::crypto
