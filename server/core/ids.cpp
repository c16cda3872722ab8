#include "core/ids.hpp"

#include <pthread.h>

#include <chrono>
#include <cstring>
#include <system_error>

#include "core/crypto.hpp"

namespace cw {
namespace {

/// Random bytes for ids, taken from a per-thread pool that is filled 4,000 bytes at a time from
/// the OS generator: one getrandom call per 400 ids instead of one per id (a first sync of
/// 50,000 resources spent about 5% of its CPU in those calls). The bytes are as unpredictable as
/// before. A forked child empties the pool of the thread that forked, so it never repeats ids
/// its parent will also make (the other threads do not exist in the child).
struct RandomPool {
  std::string bytes;
  size_t used = 0;
};
thread_local RandomPool pool;

void take_random(unsigned char* out, size_t n) {
  static const int fork_hook = pthread_atfork(nullptr, nullptr, [] { pool.used = pool.bytes.size(); });
  if (fork_hook != 0) throw std::system_error(fork_hook, std::generic_category(), "pthread_atfork for id randomness");
  if (pool.used + n > pool.bytes.size()) {
    pool.bytes = crypto::random_bytes(4000);
    pool.used = 0;
  }
  std::memcpy(out, pool.bytes.data() + pool.used, n);
  pool.used += n;
}

}  // namespace

std::string new_id(std::string_view prefix) {
  // Time-ordered (like a ULID): 50 bits of milliseconds, then 80 random bits. New rows land at
  // the end of primary-key indexes instead of all over them, which keeps bulk inserts fast;
  // the random part keeps ids unguessable. Lower-case base32 keeps them URL- and copy-friendly.
  static const char* kAlphabet = "abcdefghijklmnopqrstuvwxyz234567";
  auto ms = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
  std::string out(prefix);
  out += '_';
  for (int shift = 45; shift >= 0; shift -= 5) out += kAlphabet[(ms >> shift) & 31];
  unsigned char raw[10];  // 80 bits → 16 chars
  take_random(raw, sizeof raw);
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
