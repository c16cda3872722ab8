#pragma once
/// Deterministic, platform-independent randomness for the simulated cloud. Everything the
/// simulator invents is a pure function of a key built from (seed, what, index, time…), so the
/// same account looks the same on every replica, after every restart and in every test.
/// std:: distributions are implementation-defined, so they are not used: values come from the
/// SplitMix64 finalizer, which is also a bijection on 64-bit integers — `unmix` inverts it, which
/// is how an external id such as `i-0…` leads back to its inventory index.
#include <cstdint>
#include <string_view>

namespace cw::providers::simulated {

/// SplitMix64 finalizer: a bijective 64-bit mixing function.
constexpr std::uint64_t mix(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

namespace detail {
/// Multiplicative inverse modulo 2^64 of an odd number (Newton's iteration doubles the bits).
constexpr std::uint64_t inverse_odd(std::uint64_t a) {
  std::uint64_t x = a;  // correct to 3 bits for odd a
  for (int i = 0; i < 6; ++i) x *= 2 - a * x;
  return x;
}
/// Inverse of y = x ^ (x >> s).
constexpr std::uint64_t unxorshift(std::uint64_t y, int s) {
  std::uint64_t x = y;
  for (int i = s; i < 64; i += s) x = y ^ (x >> s);
  return x;
}
}  // namespace detail

constexpr std::uint64_t unmix(std::uint64_t z) {
  z = detail::unxorshift(z, 31);
  z *= detail::inverse_odd(0x94d049bb133111ebULL);
  z = detail::unxorshift(z, 27);
  z *= detail::inverse_odd(0xbf58476d1ce4e5b9ULL);
  return detail::unxorshift(z, 30);
}
static_assert(unmix(mix(0x1234567890abcdefULL)) == 0x1234567890abcdefULL);
static_assert(unmix(mix(7)) == 7);

/// Order-dependent combination of two keys.
constexpr std::uint64_t combine(std::uint64_t a, std::uint64_t b) {
  return mix(a ^ (b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2)));
}

/// FNV-1a of the bytes, then mixed.
constexpr std::uint64_t hash_text(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return mix(h);
}

template <typename... Rest>
constexpr std::uint64_t key(std::uint64_t first, Rest... rest) {
  std::uint64_t k = first;
  ((k = combine(k, static_cast<std::uint64_t>(rest))), ...);
  return k;
}

/// [0, 1) from the top 53 bits.
constexpr double unit(std::uint64_t h) { return static_cast<double>(h >> 11) * 0x1.0p-53; }

/// A small stream of numbers from one key (SplitMix64 generator).
class Rng {
 public:
  explicit constexpr Rng(std::uint64_t seed) : state_(seed) {}
  constexpr std::uint64_t next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    return mix(state_);
  }
  constexpr double uniform() { return unit(next()); }
  /// Integer in [lo, hi].
  constexpr std::int64_t range(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  constexpr double between(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  constexpr bool chance(double p) { return uniform() < p; }
  /// Index into `weights` chosen with probability proportional to the weight.
  template <typename Weights>
  constexpr size_t weighted(const Weights& weights) {
    double total = 0;
    for (const auto& w : weights) total += w;
    double x = uniform() * total;
    size_t i = 0, last = 0;
    for (const auto& w : weights) {
      if (x < w) return i;
      x -= w;
      if (w > 0) last = i;
      ++i;
    }
    return last;  // rounding left x just past the end: the last choice that has a weight
  }
  template <typename T, size_t N>
  constexpr const T& pick(const T (&items)[N]) {
    return items[next() % N];
  }

 private:
  std::uint64_t state_;
};

}  // namespace cw::providers::simulated
