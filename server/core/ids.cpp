#include "core/ids.hpp"

#include <chrono>

#include "core/crypto.hpp"

namespace cw {

std::string new_id(std::string_view prefix) {
  // Time-ordered (like a ULID): 50 bits of milliseconds, then 80 random bits. New rows land at
  // the end of primary-key indexes instead of all over them, which keeps bulk inserts fast;
  // the random part keeps ids unguessable. Lower-case base32 keeps them URL- and copy-friendly.
  static const char* kAlphabet = "abcdefghijklmnopqrstuvwxyz234567";
  auto ms = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                           std::chrono::system_clock::now().time_since_epoch())
                                           .count());
  std::string out(prefix);
  out += '_';
  for (int shift = 45; shift >= 0; shift -= 5) out += kAlphabet[(ms >> shift) & 31];
  std::string raw = crypto::random_bytes(10);  // 80 bits → 16 chars
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
