#pragma once
/// A chunk of one series' samples, compressed as Gorilla (Pelkonen et al., VLDB 2015) and
/// Prometheus do: timestamps as delta-of-delta in variable-width buckets, values XOR-ed with the
/// previous one, reusing the previous leading/trailing-zero window when the new one fits.
///
/// A chunk has one or more value columns sharing the timestamps: raw samples have one (the
/// value); downsampled buckets have four (min, max, sum, count), so their aggregates stay exact.
/// Samples must come in strictly increasing time; an older or repeated timestamp is refused.
///
/// Layout: byte 0 = columns; bytes 1–2 = count (little-endian); then the bit stream, most
/// significant bit first.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace cw::monitoring {

class OutOfOrderSample : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

class ChunkEncoder {
 public:
  static constexpr int kMaxColumns = 4;
  static constexpr int kMaxSamples = 65535;

  explicit ChunkEncoder(int columns = 1);
  /// Appends a sample: `values` holds `columns` numbers. Throws OutOfOrderSample when `t` is not
  /// after the last sample's time, std::length_error when the chunk holds kMaxSamples.
  void append(Millis t, const double* values);
  void append(Millis t, double value) { append(t, &value); }

  int columns() const { return columns_; }
  int count() const { return count_; }
  Millis first_time() const { return first_t_; }
  Millis last_time() const { return last_t_; }
  /// The encoded chunk (header + bits so far); the encoder can go on appending after.
  std::string bytes() const;
  std::size_t size() const { return 3 + (bits_ + 7) / 8; }

 private:
  void write_bits(std::uint64_t value, int n);
  void write_time(Millis t);
  void write_value(int column, double v);

  int columns_;
  int count_ = 0;
  Millis first_t_ = 0, last_t_ = 0;
  std::int64_t last_delta_ = 0;
  std::uint64_t last_bits_[kMaxColumns] = {};
  int leading_[kMaxColumns] = {}, trailing_[kMaxColumns] = {};
  std::vector<std::uint8_t> buf_;
  std::uint64_t bits_ = 0;  // bits written
};

/// One decoded sample: time and `columns` values (unused ones are 0).
struct ChunkSample {
  Millis t = 0;
  double v[ChunkEncoder::kMaxColumns] = {};
};

namespace detail {
class BitReader {
 public:
  BitReader(const std::string& bytes, std::size_t offset)
      : data_(reinterpret_cast<const std::uint8_t*>(bytes.data())), size_(bytes.size()), next_(offset) {}
  /// n ≤ 64 bits, most significant first.
  std::uint64_t read(int n) {
    if (n <= have_) {  // the common case: the buffer holds them
      const std::uint64_t v = n == 64 ? buf_ : (n == 0 ? 0 : buf_ >> (64 - n));
      buf_ = n == 64 ? 0 : buf_ << n;
      have_ -= n;
      return v;
    }
    return read_slow(n);
  }
  bool bit() { return read(1) != 0; }

 private:
  std::uint64_t read_slow(int n);
  void refill();
  const std::uint8_t* data_;
  std::size_t size_, next_;
  std::uint64_t buf_ = 0;
  int have_ = 0;
};
}  // namespace detail

/// Reads a chunk's samples one at a time, without allocating.
class ChunkReader {
 public:
  /// Throws std::invalid_argument when the bytes are not a chunk (here or in next()).
  explicit ChunkReader(const std::string& bytes);
  bool next(ChunkSample& sample);
  int columns() const { return columns_; }
  int count() const { return count_; }

 private:
  detail::BitReader in_;
  int columns_, count_, i_ = 0;
  Millis t_ = 0;
  std::int64_t delta_ = 0;
  std::uint64_t last_[ChunkEncoder::kMaxColumns] = {};
  int leading_[ChunkEncoder::kMaxColumns] = {}, trailing_[ChunkEncoder::kMaxColumns] = {};
};

/// Decodes a chunk. Throws std::invalid_argument when the bytes are not a chunk.
std::vector<ChunkSample> decode_chunk(const std::string& bytes);
/// The column count a chunk was written with.
int chunk_columns(const std::string& bytes);

/// An encoder that continues `bytes` (decode + re-encode: chunks are small).
ChunkEncoder reopen_chunk(const std::string& bytes);

}  // namespace cw::monitoring
