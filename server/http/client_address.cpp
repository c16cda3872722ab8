#include "http/client_address.hpp"

#include <arpa/inet.h>

#include <cstring>

namespace cw::http {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

/// An address as 16 bytes (IPv4 mapped into IPv6, so "::ffff:10.0.0.1" and "10.0.0.1" match).
std::optional<std::array<unsigned char, 16>> address_bytes(std::string_view text, bool* is_v4 = nullptr) {
  std::string s(trim(text));
  std::array<unsigned char, 16> out{};
  in_addr v4;
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) {
    out[10] = out[11] = 0xff;
    std::memcpy(out.data() + 12, &v4, 4);
    if (is_v4) *is_v4 = true;
    return out;
  }
  in6_addr v6;
  if (inet_pton(AF_INET6, s.c_str(), &v6) == 1) {
    std::memcpy(out.data(), &v6, 16);
    if (is_v4) *is_v4 = false;
    return out;
  }
  return std::nullopt;
}

}  // namespace

std::optional<TrustedProxies> TrustedProxies::parse(std::string_view list, std::string& error) {
  TrustedProxies out;
  while (!list.empty()) {
    auto comma = list.find(',');
    std::string_view entry = trim(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    if (entry.empty()) continue;
    auto slash = entry.find('/');
    bool v4 = false;
    auto bytes = address_bytes(entry.substr(0, slash), &v4);
    Network n;
    int max_bits = v4 ? 32 : 128;
    int bits = max_bits;
    if (bytes && slash != std::string_view::npos) {
      std::string_view digits = entry.substr(slash + 1);
      bits = digits.empty() || digits.size() > 3 ? -1 : 0;
      for (char c : digits) bits = (bits >= 0 && c >= '0' && c <= '9') ? bits * 10 + (c - '0') : -1;
    }
    if (!bytes || bits < 0 || bits > max_bits) {
      error = "'" + std::string(entry) + "' is not an IP address or CIDR range";
      return std::nullopt;
    }
    n.bytes = *bytes;
    n.prefix_bits = v4 ? 96 + bits : bits;
    out.networks_.push_back(n);
  }
  return out;
}

bool TrustedProxies::contains(std::string_view address) const {
  auto bytes = address_bytes(address);
  if (!bytes) return false;
  for (const auto& n : networks_) {
    int full = n.prefix_bits / 8, rest = n.prefix_bits % 8;
    if (std::memcmp(bytes->data(), n.bytes.data(), full) != 0) continue;
    if (rest == 0) return true;
    unsigned char mask = static_cast<unsigned char>(0xff << (8 - rest));
    if (((*bytes)[full] & mask) == (n.bytes[full] & mask)) return true;
  }
  return false;
}

std::string TrustedProxies::client_address(const std::string& peer,
                                           std::optional<std::string_view> forwarded_for) const {
  if (!forwarded_for || !contains(peer)) return peer;
  std::string client = peer;
  std::string_view rest = *forwarded_for;
  while (!rest.empty()) {
    auto comma = rest.rfind(',');
    std::string_view hop = trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
    if (!address_bytes(hop)) break;  // garbage: keep the last address we could vouch for
    client = std::string(hop);
    if (!contains(client)) break;  // the first untrusted hop is the client
  }
  return client;
}

}  // namespace cw::http
