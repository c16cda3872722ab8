#include "auth/jwt.hpp"
#include "core/json_parse.hpp"

#include "core/crypto.hpp"

namespace cw::auth {

std::string key_id_for(const std::string& secret) { return crypto::sha256_hex(secret).substr(0, 16); }

JwtCodec::JwtCodec(std::vector<SigningKey> keys) : keys_(std::move(keys)) {}

std::string JwtCodec::sign(const nlohmann::json& claims) const {
  const SigningKey& key = keys_.front();
  nlohmann::json header{{"alg", "HS256"}, {"typ", "JWT"}};
  if (!key.kid.empty()) header["kid"] = key.kid;
  std::string input = crypto::base64url_encode(header.dump()) + "." + crypto::base64url_encode(claims.dump());
  return input + "." + crypto::base64url_encode(crypto::hmac_sha256(key.secret, input));
}

std::optional<nlohmann::json> JwtCodec::verify_signature(std::string_view token) const {
  if (token.size() > 8192) return std::nullopt;
  auto dot1 = token.find('.');
  if (dot1 == std::string_view::npos) return std::nullopt;
  auto dot2 = token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) return std::nullopt;
  std::string header_raw, payload_raw, signature;
  if (!crypto::base64url_decode(token.substr(0, dot1), header_raw) ||
      !crypto::base64url_decode(token.substr(dot1 + 1, dot2 - dot1 - 1), payload_raw) ||
      !crypto::base64url_decode(token.substr(dot2 + 1), signature))
    return std::nullopt;
  auto header = parse_untrusted_json(header_raw);
  if (!header.is_object() || !header.contains("alg") || header["alg"] != "HS256") return std::nullopt;
  if (header.contains("crit")) return std::nullopt;  // we understand no critical extensions
  std::string kid;
  if (header.contains("kid")) {
    if (!header["kid"].is_string()) return std::nullopt;
    kid = header["kid"].get<std::string>();
  }
  const SigningKey* key = nullptr;
  for (const auto& k : keys_) {
    if (k.kid == kid) key = &k;
  }
  if (!key) return std::nullopt;
  std::string expected = crypto::hmac_sha256(key->secret, token.substr(0, dot2));
  if (!crypto::constant_time_equal(expected, signature)) return std::nullopt;
  auto claims = parse_untrusted_json(payload_raw);
  if (!claims.is_object()) return std::nullopt;
  return claims;
}

std::optional<nlohmann::json> JwtCodec::verify(std::string_view token, Millis now) const {
  auto verified = verify_signature(token);
  if (!verified) return std::nullopt;
  const nlohmann::json& claims = *verified;
  long long now_s = now / 1000;
  // A token without an expiry would be good forever: exp is required.
  if (!claims.contains("exp") || !claims["exp"].is_number() || claims["exp"].get<double>() <= now_s)
    return std::nullopt;
  for (const char* time_claim : {"nbf", "iat"}) {
    if (claims.contains(time_claim) &&
        (!claims[time_claim].is_number() || claims[time_claim].get<double>() > now_s + kClockSkewSeconds))
      return std::nullopt;
  }
  if (claims.value("iss", nlohmann::json()) != kTokenIssuer) return std::nullopt;
  const auto& aud = claims.value("aud", nlohmann::json());
  bool for_us = aud == kTokenAudience;
  if (aud.is_array())
    for (const auto& a : aud) for_us = for_us || a == kTokenAudience;
  if (!for_us) return std::nullopt;
  return verified;
}

}  // namespace cw::auth
