#include "core/ids.hpp"

#include "core/crypto.hpp"

namespace cw {

std::string new_id(std::string_view prefix) {
  // Lower-case base32 (no 0/1/8/9 confusion with letters) keeps ids URL- and copy-friendly.
  static const char* kAlphabet = "abcdefghijklmnopqrstuvwxyz234567";
  std::string raw = crypto::random_bytes(15);  // 120 bits → 24 chars
  std::string out(prefix);
  out += '_';
  unsigned buffer = 0;
  int bits = 0;
  for (unsigned char c : raw) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += kAlphabet[(buffer >> bits) & 31];
    }
  }
  return out;
}

}  // namespace cw
