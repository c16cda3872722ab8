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

/// Decodes a chunk. Throws std::invalid_argument when the bytes are not a chunk.
std::vector<ChunkSample> decode_chunk(const std::string& bytes);
/// The column count a chunk was written with.
int chunk_columns(const std::string& bytes);

/// An encoder that continues `bytes` (decode + re-encode: chunks are small).
ChunkEncoder reopen_chunk(const std::string& bytes);

}  // namespace cw::monitoring
