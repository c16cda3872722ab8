#include "core/clock.hpp"

#include <gtest/gtest.h>

namespace cw {
namespace {

TEST(HttpDate, IsTheImfFixdateOfRfc9110) {
  EXPECT_EQ(format_http_date(1'255'297'753'000), "Sun, 11 Oct 2009 21:49:13 GMT");  // Azure's example
  EXPECT_EQ(format_http_date(parse_rfc3339("2014-06-25T16:00:00Z").value()), "Wed, 25 Jun 2014 16:00:00 GMT");  // tus's
}

TEST(Rfc3339, FormatsUtcWithMilliseconds) {
  EXPECT_EQ(format_rfc3339(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_rfc3339(1795322161025), "2026-11-22T04:36:01.025Z");
}

TEST(Rfc3339, ParsesOffsetsAndFractions) {
  EXPECT_EQ(parse_rfc3339("2026-11-22T04:36:01.025Z"), 1795322161025);
  EXPECT_EQ(parse_rfc3339("2026-11-22T05:36:01.025+01:00"), 1795322161025);
  EXPECT_EQ(parse_rfc3339("2026-11-22T04:36:01Z"), 1795322161000);
  EXPECT_EQ(parse_rfc3339("2000-02-29T00:00:00Z"), 951782400000);
}

TEST(Rfc3339, RejectsMalformedInput) {
  for (const char* bad : {"", "2026-11-22", "2026-13-01T00:00:00Z", "2026-11-22T04:36:01", "2026-11-22T04:36:01.Z",
                          "2026-11-22T04:36:01Zjunk", "yesterday"})
    EXPECT_FALSE(parse_rfc3339(bad).has_value()) << bad;
}

}  // namespace
}  // namespace cw
