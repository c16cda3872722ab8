#include "monitoring/chunk.hpp"

#include <bit>
#include <cstring>

namespace cw::monitoring {

namespace {

std::uint64_t to_bits(double v) {
  std::uint64_t b;
  std::memcpy(&b, &v, sizeof b);
  return b;
}

double from_bits(std::uint64_t b) {
  double v;
  std::memcpy(&v, &b, sizeof v);
  return v;
}

// Delta-of-delta buckets (Prometheus' chunkenc): a marker of 1–4 bits, then the signed value in
// 14, 17 or 20 bits, or 64 bits for anything larger.
struct Bucket {
  std::uint64_t marker;
  int marker_bits;
  int value_bits;
};
constexpr Bucket kBuckets[] = {{0b10, 2, 14}, {0b110, 3, 17}, {0b1110, 4, 20}};

bool fits(std::int64_t v, int bits) {
  const std::int64_t limit = std::int64_t{1} << (bits - 1);
  return v >= -limit + 1 && v <= limit;  // as Prometheus: the range is symmetric around 0
}

std::int64_t sign_extend(std::uint64_t v, int bits) {
  if (bits == 64) return static_cast<std::int64_t>(v);
  const std::uint64_t sign = std::uint64_t{1} << (bits - 1);
  return static_cast<std::int64_t>((v ^ sign) - sign);
}

}  // namespace

ChunkEncoder::ChunkEncoder(int columns) : columns_(columns) {
  if (columns < 1 || columns > kMaxColumns) throw std::invalid_argument("a chunk has 1 to 4 value columns");
  buf_.reserve(64);
}

void ChunkEncoder::write_bits(std::uint64_t value, int n) {
  // Most significant bit first; whole bytes where possible.
  while (n > 0) {
    const int used = static_cast<int>(bits_ & 7);
    if (used == 0) buf_.push_back(0);
    const int room = 8 - used;
    const int take = n < room ? n : room;
    const auto part = static_cast<std::uint8_t>((value >> (n - take)) & ((1u << take) - 1));
    buf_.back() |= static_cast<std::uint8_t>(part << (room - take));
    bits_ += static_cast<std::uint64_t>(take);
    n -= take;
  }
}

void ChunkEncoder::write_time(Millis t) {
  if (count_ == 0) {
    write_bits(static_cast<std::uint64_t>(t), 64);
    first_t_ = t;
    return;
  }
  const std::int64_t delta = t - last_t_;
  if (count_ == 1) {
    write_bits(static_cast<std::uint64_t>(delta), 64);
  } else {
    const std::int64_t dod = delta - last_delta_;
    if (dod == 0) {
      write_bits(0, 1);
    } else {
      bool written = false;
      for (const Bucket& b : kBuckets) {
        if (!fits(dod, b.value_bits)) continue;
        write_bits(b.marker, b.marker_bits);
        write_bits(static_cast<std::uint64_t>(dod) & ((std::uint64_t{1} << b.value_bits) - 1), b.value_bits);
        written = true;
        break;
      }
      if (!written) {
        write_bits(0b1111, 4);
        write_bits(static_cast<std::uint64_t>(dod), 64);
      }
    }
  }
  last_delta_ = delta;
}

void ChunkEncoder::write_value(int c, double v) {
  const std::uint64_t bits = to_bits(v);
  if (count_ == 0) {
    write_bits(bits, 64);
    last_bits_[c] = bits;
    leading_[c] = 0xff;  // no window yet
    return;
  }
  const std::uint64_t x = bits ^ last_bits_[c];
  last_bits_[c] = bits;
  if (x == 0) {
    write_bits(0, 1);
    return;
  }
  write_bits(1, 1);
  int leading = std::countl_zero(x), trailing = std::countr_zero(x);
  if (leading > 31) leading = 31;  // 5 bits hold it
  if (leading_[c] != 0xff && leading >= leading_[c] && trailing >= trailing_[c]) {
    write_bits(0, 1);
    const int sig = 64 - leading_[c] - trailing_[c];
    write_bits(x >> trailing_[c], sig);
    return;
  }
  const int sig = 64 - leading - trailing;
  write_bits(1, 1);
  write_bits(static_cast<std::uint64_t>(leading), 5);
  write_bits(static_cast<std::uint64_t>(sig & 63), 6);  // 64 is written as 0
  write_bits(x >> trailing, sig);
  leading_[c] = leading;
  trailing_[c] = trailing;
}

void ChunkEncoder::append(Millis t, const double* values) {
  if (count_ > 0 && t <= last_t_)
    throw OutOfOrderSample("sample at " + std::to_string(t) + " is not after the chunk's last (" +
                           std::to_string(last_t_) + ")");
  if (count_ >= kMaxSamples) throw std::length_error("chunk is full");
  write_time(t);
  for (int c = 0; c < columns_; ++c) write_value(c, values[c]);
  last_t_ = t;
  ++count_;
}

std::string ChunkEncoder::bytes() const {
  std::string out;
  out.reserve(size());
  out.push_back(static_cast<char>(columns_));
  out.push_back(static_cast<char>(count_ & 0xff));
  out.push_back(static_cast<char>((count_ >> 8) & 0xff));
  out.append(reinterpret_cast<const char*>(buf_.data()), buf_.size());
  return out;
}

int chunk_columns(const std::string& bytes) {
  if (bytes.size() < 3) throw std::invalid_argument("chunk too short");
  const int columns = static_cast<std::uint8_t>(bytes[0]);
  if (columns < 1 || columns > ChunkEncoder::kMaxColumns) throw std::invalid_argument("chunk column count");
  return columns;
}

namespace detail {

std::uint64_t BitReader::read_slow(int n) {
  std::uint64_t v = 0;
  while (n > 0) {
    if (have_ == 0) refill();
    const int take = n < have_ ? n : have_;
    const std::uint64_t part = take == 64 ? buf_ : buf_ >> (64 - take);  // the buffer's top bits
    v = take == 64 ? part : (v << take) | part;
    buf_ = take == 64 ? 0 : buf_ << take;
    have_ -= take;
    n -= take;
  }
  return v;
}

void BitReader::refill() {
  // Up to 8 whole bytes into the empty buffer, left-aligned.
  if (next_ >= size_) throw std::invalid_argument("chunk ends early");
  buf_ = 0;
  int bytes = 0;
  while (bytes < 8 && next_ < size_) {
    buf_ |= static_cast<std::uint64_t>(data_[next_++]) << (56 - 8 * bytes);
    ++bytes;
  }
  have_ = 8 * bytes;
}

}  // namespace detail

ChunkReader::ChunkReader(const std::string& bytes) : in_(bytes, 3), columns_(chunk_columns(bytes)) {
  count_ = static_cast<std::uint8_t>(bytes[1]) | (static_cast<std::uint8_t>(bytes[2]) << 8);
}

bool ChunkReader::next(ChunkSample& s) {
  if (i_ >= count_) return false;
  if (i_ == 0) {
    t_ = static_cast<Millis>(in_.read(64));
  } else if (i_ == 1) {
    delta_ = static_cast<std::int64_t>(in_.read(64));
    t_ += delta_;
  } else {
    std::int64_t dod = 0;
    if (in_.bit()) {
      int value_bits = 64;
      if (!in_.bit())
        value_bits = 14;
      else if (!in_.bit())
        value_bits = 17;
      else if (!in_.bit())
        value_bits = 20;
      dod = sign_extend(in_.read(value_bits), value_bits);
    }
    delta_ += dod;
    t_ += delta_;
  }
  s.t = t_;
  for (int c = 0; c < columns_; ++c) {
    if (i_ == 0) {
      last_[c] = in_.read(64);
    } else if (in_.bit()) {
      if (in_.bit()) {
        leading_[c] = static_cast<int>(in_.read(5));
        int sig = static_cast<int>(in_.read(6));
        if (sig == 0) sig = 64;
        trailing_[c] = 64 - leading_[c] - sig;
        if (trailing_[c] < 0) throw std::invalid_argument("chunk value window");
      }
      const int sig = 64 - leading_[c] - trailing_[c];
      last_[c] ^= in_.read(sig) << trailing_[c];
    }
    s.v[c] = from_bits(last_[c]);
  }
  ++i_;
  return true;
}

std::vector<ChunkSample> decode_chunk(const std::string& bytes) {
  ChunkReader reader(bytes);
  std::vector<ChunkSample> out(static_cast<std::size_t>(reader.count()));
  for (auto& s : out) reader.next(s);
  return out;
}

ChunkEncoder reopen_chunk(const std::string& bytes) {
  ChunkEncoder encoder(chunk_columns(bytes));
  for (const ChunkSample& s : decode_chunk(bytes)) encoder.append(s.t, s.v);
  return encoder;
}

}  // namespace cw::monitoring
