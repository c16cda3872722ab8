#pragma once
/// JWT access tokens signed with HMAC-SHA-256. The algorithm is pinned: a token whose header says
/// anything but HS256 ("none", RS256 with our secret as a "public key", …) is rejected. The `kid`
/// header selects the key, so a new signing key can be introduced while tokens signed with the
/// previous one stay valid until they expire.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"

namespace cw::auth {

/// Who issues CloudWeave's access tokens and who they are for: a token must name both.
inline constexpr const char* kTokenIssuer = "cloudweave";
inline constexpr const char* kTokenAudience = "cloudweave-api";
/// How far a token's `iat`/`nbf` may lie in the future (clocks of replicas and clients drift).
inline constexpr long long kClockSkewSeconds = 60;

struct SigningKey {
  std::string kid;     // empty: tokens without a kid header use this key
  std::string secret;  // raw bytes
};

class JwtCodec {
 public:
  /// The first key signs; all keys verify.
  explicit JwtCodec(std::vector<SigningKey> keys);

  std::string sign(const nlohmann::json& claims) const;
  /// The claims if signature, algorithm and kid check out, `exp` is present and in the future,
  /// `iss` and `aud` name CloudWeave, and neither `iat` nor `nbf` lies in the future at `now`.
  std::optional<nlohmann::json> verify(std::string_view token, Millis now) const;
  /// The claims if only signature, algorithm and kid check out (what any JWS library checks).
  std::optional<nlohmann::json> verify_signature(std::string_view token) const;

 private:
  std::vector<SigningKey> keys_;
};

/// kid for a secret: the first 16 hex digits of its SHA-256 (stable, reveals nothing).
std::string key_id_for(const std::string& secret);

}  // namespace cw::auth
