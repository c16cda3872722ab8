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

struct SigningKey {
  std::string kid;     // empty: tokens without a kid header use this key
  std::string secret;  // raw bytes
};

class JwtCodec {
 public:
  /// The first key signs; all keys verify.
  explicit JwtCodec(std::vector<SigningKey> keys);

  std::string sign(const nlohmann::json& claims) const;
  /// The claims if signature, algorithm, kid, `exp` and `nbf` check out at `now`.
  std::optional<nlohmann::json> verify(std::string_view token, Millis now) const;

 private:
  std::vector<SigningKey> keys_;
};

/// kid for a secret: the first 16 hex digits of its SHA-256 (stable, reveals nothing).
std::string key_id_for(const std::string& secret);

}  // namespace cw::auth
