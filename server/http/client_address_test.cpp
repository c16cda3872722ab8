#include <gtest/gtest.h>

#include "http/client_address.hpp"

namespace cw::http {
namespace {

TrustedProxies proxies(std::string_view list) {
  std::string error;
  auto parsed = TrustedProxies::parse(list, error);
  EXPECT_TRUE(parsed) << error;
  return parsed.value_or(TrustedProxies());
}

TEST(TrustedProxies, ParsesAddressesAndRangesOfBothFamilies) {
  auto p = proxies("10.0.0.0/8, 192.168.1.7 ,fd00::/8,::1");
  EXPECT_TRUE(p.contains("10.200.3.4"));
  EXPECT_TRUE(p.contains("::ffff:10.1.1.1"));  // a v4 peer on a dual-stack socket
  EXPECT_FALSE(p.contains("11.0.0.1"));
  EXPECT_TRUE(p.contains("192.168.1.7"));
  EXPECT_FALSE(p.contains("192.168.1.8"));
  EXPECT_TRUE(p.contains("fd12:3456::1"));
  EXPECT_TRUE(p.contains("::1"));
  EXPECT_FALSE(p.contains("::2"));
  EXPECT_FALSE(p.contains("not an address"));
  EXPECT_TRUE(proxies("").empty());
  EXPECT_TRUE(proxies("172.16.0.0/12").contains("172.31.255.255"));
  EXPECT_FALSE(proxies("172.16.0.0/12").contains("172.32.0.0"));
}

TEST(TrustedProxies, RefusesBadEntriesByName) {
  for (const char* bad : {"10.0.0.0/33", "10.0.0.0/", "nonsense", "1.2.3.4/x", "::1/129"}) {
    std::string error;
    EXPECT_FALSE(TrustedProxies::parse(bad, error)) << bad;
    EXPECT_NE(error.find(bad), std::string::npos) << error;
  }
}

TEST(TrustedProxies, BelievesForwardedForOnlyFromTrustedProxies) {
  auto p = proxies("10.0.0.0/8");
  // Not through a trusted proxy: the header is whatever the client wanted it to be.
  EXPECT_EQ(p.client_address("203.0.113.9", "1.1.1.1"), "203.0.113.9");
  // Through the proxy: the hop it saw.
  EXPECT_EQ(p.client_address("10.0.0.2", "198.51.100.7"), "198.51.100.7");
  // A client that forged an entry before the proxy appended the real one: the right-most
  // untrusted entry is the client, the forged one is ignored.
  EXPECT_EQ(p.client_address("10.0.0.2", "1.1.1.1, 198.51.100.7"), "198.51.100.7");
  // Two trusted proxies in a row.
  EXPECT_EQ(p.client_address("10.0.0.2", "198.51.100.7, 10.0.0.9"), "198.51.100.7");
  // Garbage stops the walk at the last address that could be vouched for.
  EXPECT_EQ(p.client_address("10.0.0.2", "198.51.100.7, <script>"), "10.0.0.2");
  EXPECT_EQ(p.client_address("10.0.0.2", std::nullopt), "10.0.0.2");
  EXPECT_EQ(TrustedProxies().client_address("10.0.0.2", "198.51.100.7"), "10.0.0.2");
}

}  // namespace
}  // namespace cw::http
