#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include "providers/common/outbound_policy.hpp"

namespace cw::providers::common {
namespace {

std::string refusal(const char* text, bool allow_private) {
  sockaddr_storage storage{};
  if (inet_pton(AF_INET, text, &reinterpret_cast<sockaddr_in*>(&storage)->sin_addr) == 1) {
    storage.ss_family = AF_INET;
  } else {
    EXPECT_EQ(inet_pton(AF_INET6, text, &reinterpret_cast<sockaddr_in6*>(&storage)->sin6_addr), 1) << text;
    storage.ss_family = AF_INET6;
  }
  return outbound_refusal(reinterpret_cast<const sockaddr*>(&storage), allow_private);
}

TEST(OutboundPolicy, MetadataAndLinkLocalAreNeverReached) {
  for (const char* a : {"169.254.169.254", "169.254.0.1", "fd00:ec2::254", "fe80::1", "::ffff:169.254.169.254",
                        "0.0.0.0", "::", "255.255.255.255"}) {
    SCOPED_TRACE(a);
    EXPECT_NE(refusal(a, true), "");
    EXPECT_NE(refusal(a, false), "");
  }
  EXPECT_NE(refusal("169.254.169.254", true).find("169.254.169.254"), std::string::npos);
}

TEST(OutboundPolicy, PrivateRangesOnlyWhenTheOperatorAllows) {
  for (const char* a : {"127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
                        "100.64.0.1", "::1", "fd12::1", "::ffff:10.0.0.1"}) {
    SCOPED_TRACE(a);
    EXPECT_NE(refusal(a, false).find("CLOUDWEAVE_OUTBOUND_ALLOW_PRIVATE"), std::string::npos);
    EXPECT_EQ(refusal(a, true), "");
  }
}

TEST(OutboundPolicy, PublicAddressesAreReached) {
  for (const char* a : {"52.94.236.248", "172.32.0.1", "100.128.0.1", "8.8.8.8", "2600:1f18::1"}) {
    SCOPED_TRACE(a);
    EXPECT_EQ(refusal(a, false), "");
  }
}

}  // namespace
}  // namespace cw::providers::common
