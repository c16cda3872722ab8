#include <gtest/gtest.h>

#include "core/error.hpp"
#include "http/paging.hpp"

namespace cw::http {
namespace {

PageRequest page_at(const std::string& raw) { return PageRequest{50, raw}; }

TEST(KeysetCursor, RoundTripsWhatItIssued) {
  std::string cursor = encode_keyset_cursor("1700000000000", "res_1");
  ASSERT_EQ(cursor.rfind("Y3cxO", 0), 0u);  // base64url of "cw1:"
  auto at = keyset_position(page_at("1700000000000\x1fres_1"), KeysetValue::kInteger);
  ASSERT_TRUE(at);
  EXPECT_EQ(at->value, "1700000000000");
  EXPECT_EQ(at->id, "res_1");
  EXPECT_FALSE(keyset_position(page_at(""), KeysetValue::kText));
}

TEST(KeysetCursor, ForgedNumbersAreA400NotAnOverflow) {
  // Each of these once threw out_of_range from stod/stoll: a 500.
  for (const char* value : {"1e999", "-1e400", "nan", "inf", "", "1.5x", " 1"}) {
    SCOPED_TRACE(value);
    EXPECT_THROW(keyset_position(page_at(std::string(value) + "\x1fres_1"), KeysetValue::kNumber), ApiError);
    EXPECT_THROW(keyset_position(page_at(std::string(value) + "\x1fres_1"), KeysetValue::kInteger), ApiError);
  }
  // 25 digits: a (large) money amount, but no time in milliseconds.
  EXPECT_NO_THROW(keyset_position(page_at("9999999999999999999999999\x1fres_1"), KeysetValue::kNumber));
  EXPECT_THROW(keyset_position(page_at("9999999999999999999999999\x1fres_1"), KeysetValue::kInteger), ApiError);
  EXPECT_THROW(keyset_position(page_at("1.5\x1fres_1"), KeysetValue::kInteger), ApiError);
  EXPECT_NO_THROW(keyset_position(page_at("1.5\x1fres_1"), KeysetValue::kNumber));
  EXPECT_THROW(keyset_position(page_at("no separator"), KeysetValue::kText), ApiError);
  EXPECT_THROW(keyset_position(page_at("value\x1f"), KeysetValue::kText), ApiError);
}

TEST(OffsetCursor, RefusesOverflowAndSigns) {
  EXPECT_EQ(cursor_offset(page_at("120")), 120);
  for (const char* raw : {"9999999999999999999999999", "-5", "+5", "1e3", "x"}) {
    SCOPED_TRACE(raw);
    EXPECT_THROW(cursor_offset(page_at(raw)), ApiError);
  }
}

}  // namespace
}  // namespace cw::http
