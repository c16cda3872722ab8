#pragma once
/// Small, well-known primitives used across domains: secure randomness (libsodium), SHA-256 and
/// HMAC-SHA-256 (OpenSSL), base64 and hex codecs, and constant-time comparison.
#include <memory>
#include <string>
#include <string_view>

namespace cw::crypto {

std::string random_bytes(size_t n);
/// n random bytes, base64url without padding: the form of tokens and key secrets.
std::string random_token(size_t n_bytes);

std::string sha256(std::string_view data);  // raw 32 bytes
std::string sha256_hex(std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view data);  // raw 32 bytes

/// SHA-256 of data that arrives in pieces (an upload). Copyable, so a caller can keep the state
/// at a known offset and go back to it when the next piece turns out to be bad.
class Sha256Stream {
 public:
  Sha256Stream();
  ~Sha256Stream();
  Sha256Stream(const Sha256Stream& other);
  Sha256Stream& operator=(const Sha256Stream& other);
  Sha256Stream(Sha256Stream&&) noexcept;
  Sha256Stream& operator=(Sha256Stream&&) noexcept;

  void update(std::string_view data);
  /// The digest of everything so far (raw 32 bytes); the stream can go on afterwards.
  std::string digest() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

std::string to_hex(std::string_view raw);
std::string base64url_encode(std::string_view raw);
/// Standard base64 (RFC 4648 §4) with padding.
std::string base64_encode(std::string_view raw);
/// Standard base64 with padding; false for anything else (whitespace included).
bool base64_decode(std::string_view text, std::string& out);
/// Rejects padding and characters outside the base64url alphabet: returns false.
bool base64url_decode(std::string_view text, std::string& out);

bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace cw::crypto
