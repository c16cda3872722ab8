#include "providers/common/outbound_policy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>

namespace cw::providers::common {

namespace {

enum class Kind { kPublic, kPrivate, kForbidden };

Kind classify_v4(const unsigned char b[4]) {
  if (b[0] == 169 && b[1] == 254) return Kind::kForbidden;  // link-local: instance metadata
  if (b[0] == 0 || (b[0] == 255 && b[1] == 255 && b[2] == 255 && b[3] == 255)) return Kind::kForbidden;
  if (b[0] == 127 || b[0] == 10 || (b[0] == 172 && (b[1] & 0xF0) == 16) || (b[0] == 192 && b[1] == 168) ||
      (b[0] == 100 && (b[1] & 0xC0) == 64))
    return Kind::kPrivate;
  return Kind::kPublic;
}

Kind classify_v6(const unsigned char b[16]) {
  static const unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(b, kMapped, 12) == 0) return classify_v4(b + 12);
  static const unsigned char kAwsMetadata[16] = {0xfd, 0x00, 0x0e, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54};
  if (std::memcmp(b, kAwsMetadata, 16) == 0) return Kind::kForbidden;
  if (b[0] == 0xfe && (b[1] & 0xC0) == 0x80) return Kind::kForbidden;  // fe80::/10 link-local
  static const unsigned char kZero[16] = {};
  if (std::memcmp(b, kZero, 15) == 0) return b[15] == 1 ? Kind::kPrivate : Kind::kForbidden;  // ::1 / ::
  if ((b[0] & 0xFE) == 0xFC) return Kind::kPrivate;                                           // fc00::/7 unique local
  return Kind::kPublic;
}

}  // namespace

std::string outbound_refusal(const sockaddr* address, bool allow_private) {
  Kind kind;
  char text[INET6_ADDRSTRLEN] = "?";
  if (address->sa_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(address);
    kind = classify_v4(reinterpret_cast<const unsigned char*>(&in->sin_addr));
    inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
  } else if (address->sa_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(address);
    kind = classify_v6(in6->sin6_addr.s6_addr);
    inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
  } else {
    return "only IPv4 and IPv6 connections are made";
  }
  if (kind == Kind::kForbidden)
    return std::string("connections to ") + text + " are never made (link-local or cloud metadata address)";
  if (kind == Kind::kPrivate && !allow_private)
    return std::string("connections to ") + text +
           " (a loopback or private address) are refused unless CLOUDWEAVE_OUTBOUND_ALLOW_PRIVATE is set";
  return "";
}

}  // namespace cw::providers::common
