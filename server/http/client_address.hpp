#pragma once
/// Which address a request comes from. Behind a reverse proxy every request arrives from the
/// proxy, and X-Forwarded-For names the client; but any client can send that header, so it is
/// believed only from proxies the operator lists (CLOUDWEAVE_TRUSTED_PROXIES: addresses or CIDR
/// ranges). Rate limits, login throttling and the audit log all use the address found here.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cw::http {

class TrustedProxies {
 public:
  TrustedProxies() = default;
  /// "10.0.0.0/8, 127.0.0.1, ::1" → the list; nullopt with `error` set for a bad entry.
  static std::optional<TrustedProxies> parse(std::string_view list, std::string& error);

  bool empty() const { return networks_.empty(); }
  bool contains(std::string_view address) const;
  /// The client: `peer` unless it is a trusted proxy; then X-Forwarded-For is read from the
  /// right, skipping trusted proxies, and the first other address is the client. A malformed
  /// entry stops the walk at the last address that could be trusted.
  std::string client_address(const std::string& peer, std::optional<std::string_view> forwarded_for) const;

 private:
  struct Network {
    std::array<unsigned char, 16> bytes{};  // IPv4 as IPv4-mapped IPv6
    int prefix_bits = 128;
  };
  std::vector<Network> networks_;
};

}  // namespace cw::http
