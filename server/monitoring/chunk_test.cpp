#include "monitoring/chunk.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

namespace cw::monitoring {
namespace {

void expect_round_trip(const std::vector<std::pair<Millis, double>>& samples) {
  ChunkEncoder encoder;
  for (auto [t, v] : samples) encoder.append(t, v);
  const auto decoded = decode_chunk(encoder.bytes());
  ASSERT_EQ(decoded.size(), samples.size());
  for (size_t i = 0; i < samples.size(); ++i) {
    EXPECT_EQ(decoded[i].t, samples[i].first) << i;
    if (std::isnan(samples[i].second))
      EXPECT_TRUE(std::isnan(decoded[i].v[0])) << i;
    else
      EXPECT_EQ(decoded[i].v[0], samples[i].second) << i;  // bit-exact
  }
}

TEST(Chunk, RandomTimesAndValuesRoundTripBitExactly) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<Millis> gap(1, 5'000'000'000LL);  // up to 58 days: every dod bucket
  std::uniform_real_distribution<double> value(-1e12, 1e12);
  for (int round = 0; round < 20; ++round) {
    std::vector<std::pair<Millis, double>> samples;
    Millis t = 1'700'000'000'000LL;
    for (int i = 0; i < 500; ++i) {
      t += (i % 3 == 0) ? gap(rng) : 60'000 + static_cast<Millis>(rng() % 3) - 1;
      samples.emplace_back(t, (i % 5 == 0) ? std::floor(value(rng)) : value(rng));
    }
    expect_round_trip(samples);
  }
}

TEST(Chunk, ConstantRegularSeriesTakesAboutTwoBitsPerSample) {
  ChunkEncoder encoder;
  for (int i = 0; i < 120; ++i) encoder.append(1'700'000'000'000LL + i * 60'000LL, 42.5);
  // 3 header bytes + the first sample (16 bytes) + the first delta (8 bytes), then 1 bit for the
  // time and 1 for the value.
  EXPECT_LE(encoder.size(), 3u + 24u + (118u * 2 + 7) / 8 + 1);
  const auto decoded = decode_chunk(encoder.bytes());
  ASSERT_EQ(decoded.size(), 120u);
  EXPECT_EQ(decoded.back().t, 1'700'000'000'000LL + 119 * 60'000LL);
  EXPECT_EQ(decoded.back().v[0], 42.5);
}

TEST(Chunk, SpecialValuesRoundTrip) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  expect_round_trip({{1000, nan},
                     {2000, 1.0},
                     {3000, nan},
                     {4000, -inf},
                     {5000, inf},
                     {6000, -0.0},
                     {7000, 0.0},
                     {8000, std::numeric_limits<double>::denorm_min()},
                     {9000, std::numeric_limits<double>::max()},
                     {10'000, nan}});
}

TEST(Chunk, NegativeAndZeroTimesRoundTrip) { expect_round_trip({{-5000, 1}, {0, 2}, {1, 3}, {2, 4}}); }

TEST(Chunk, OutOfOrderAndRepeatedTimesAreRefusedAndLoseNothing) {
  ChunkEncoder encoder;
  encoder.append(1000, 1.0);
  encoder.append(2000, 2.0);
  EXPECT_THROW(encoder.append(2000, 3.0), OutOfOrderSample);
  EXPECT_THROW(encoder.append(1500, 3.0), OutOfOrderSample);
  encoder.append(3000, 3.0);
  const auto decoded = decode_chunk(encoder.bytes());
  ASSERT_EQ(decoded.size(), 3u);
  EXPECT_EQ(decoded[2].t, 3000);
  EXPECT_EQ(decoded[2].v[0], 3.0);
}

TEST(Chunk, SeveralColumnsShareTheTimes) {
  ChunkEncoder encoder(4);
  for (int i = 0; i < 50; ++i) {
    const double v[4] = {double(i), double(i * 2), double(i) * 1.5, 5.0};
    encoder.append(300'000LL * i, v);
  }
  const auto decoded = decode_chunk(encoder.bytes());
  ASSERT_EQ(decoded.size(), 50u);
  EXPECT_EQ(chunk_columns(encoder.bytes()), 4);
  EXPECT_EQ(decoded[49].v[0], 49.0);
  EXPECT_EQ(decoded[49].v[1], 98.0);
  EXPECT_EQ(decoded[49].v[2], 73.5);
  EXPECT_EQ(decoded[49].v[3], 5.0);
}

TEST(Chunk, ReopenedChunkContinuesWhereItStopped) {
  ChunkEncoder first;
  first.append(1000, 1.25);
  first.append(2000, 2.5);
  ChunkEncoder again = reopen_chunk(first.bytes());
  EXPECT_EQ(again.last_time(), 2000);
  again.append(3000, 3.75);
  EXPECT_THROW(again.append(3000, 1), OutOfOrderSample);
  const auto decoded = decode_chunk(again.bytes());
  ASSERT_EQ(decoded.size(), 3u);
  EXPECT_EQ(decoded[2].v[0], 3.75);
}

TEST(Chunk, GarbageIsRefused) {
  EXPECT_THROW(decode_chunk(""), std::invalid_argument);
  EXPECT_THROW(decode_chunk(std::string("\x09\x01\x00", 3)), std::invalid_argument);
  EXPECT_THROW(decode_chunk(std::string("\x01\x05\x00\xff", 4)), std::invalid_argument);  // claims 5 samples
}

}  // namespace
}  // namespace cw::monitoring
