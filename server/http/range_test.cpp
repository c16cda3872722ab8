#include "http/range.hpp"

#include <gtest/gtest.h>

namespace cw::http {
namespace {

using Kind = ByteRangeResult::Kind;

void expect_partial(std::string_view header, uint64_t size, uint64_t first, uint64_t last) {
  auto r = parse_byte_range(header, size);
  ASSERT_EQ(r.kind, Kind::kPartial) << header;
  EXPECT_EQ(r.first, first) << header;
  EXPECT_EQ(r.last, last) << header;
}

void expect_kind(std::string_view header, uint64_t size, Kind kind) {
  EXPECT_EQ(parse_byte_range(header, size).kind, kind) << header << " of " << size;
}

TEST(ByteRange, FirstToLast) {
  expect_partial("bytes=0-0", 100, 0, 0);
  expect_partial("bytes=10-19", 100, 10, 19);
  expect_partial("bytes=90-200", 100, 90, 99);  // a last byte past the end is clamped
  expect_partial("bytes=99-99", 100, 99, 99);
  EXPECT_EQ(parse_byte_range("bytes=10-19", 100).length(), 10u);
}

TEST(ByteRange, OpenEnded) {
  expect_partial("bytes=0-", 100, 0, 99);
  expect_partial("bytes=42-", 100, 42, 99);
  expect_kind("bytes=100-", 100, Kind::kUnsatisfiable);
}

TEST(ByteRange, Suffix) {
  expect_partial("bytes=-1", 100, 99, 99);
  expect_partial("bytes=-30", 100, 70, 99);
  expect_partial("bytes=-500", 100, 0, 99);  // longer than the body: all of it
  expect_kind("bytes=-0", 100, Kind::kUnsatisfiable);
}

TEST(ByteRange, PastTheEndIsUnsatisfiable) {
  expect_kind("bytes=100-200", 100, Kind::kUnsatisfiable);
  expect_kind("bytes=1000-", 100, Kind::kUnsatisfiable);
  expect_kind("bytes=99999999999999999999999-", 100, Kind::kUnsatisfiable);  // saturates
}

TEST(ByteRange, HugeNumbersSaturate) {
  expect_partial("bytes=5-99999999999999999999999", 100, 5, 99);
  expect_partial("bytes=-99999999999999999999999", 100, 0, 99);
}

TEST(ByteRange, TolerantSyntax) {
  expect_partial("  bytes = 1-2 ", 100, 1, 2);
  expect_partial("BYTES=1-2", 100, 1, 2);
  expect_partial("bytes=1 - 2", 100, 1, 2);
  expect_partial("bytes=,1-2,", 100, 1, 2);  // empty list elements are allowed
}

TEST(ByteRange, InvalidHeadersAreIgnored) {
  for (const char* header : {"", "bytes", "bytes=", "bytes=-", "bytes=a-b", "bytes=5-2", "bytes=1-2x", "items=0-1",
                             "bytes=0-1,x", "bytes 0-1", "bytes=--1", "bytes=+1-2"})
    expect_kind(header, 100, Kind::kWholeBody);
}

TEST(ByteRange, SeveralRangesGetTheWholeBody) {
  expect_kind("bytes=0-1,5-6", 100, Kind::kWholeBody);
  expect_kind("bytes=0-1, -5", 100, Kind::kWholeBody);
  expect_kind("bytes=200-300,400-", 100, Kind::kWholeBody);
}

TEST(ByteRange, EmptyBodyIgnoresRange) {
  expect_kind("bytes=0-", 0, Kind::kWholeBody);
  expect_kind("bytes=-5", 0, Kind::kWholeBody);
  expect_kind("bytes=0-0", 0, Kind::kWholeBody);
}

}  // namespace
}  // namespace cw::http
