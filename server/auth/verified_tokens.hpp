#pragma once
/// Access tokens whose signature was already checked, with the claims authentication needs.
/// A JWT never changes, so re-checking its HMAC and re-parsing its JSON on every request of a
/// session is wasted work; what can change — expiry, the user's role and membership — is still
/// checked on every request. Bounded: when full it starts over.
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace cw::auth {

struct VerifiedClaims {
  std::string subject;       // "sub": the user id
  std::string organization;  // "org"
  long long expires_at_s;    // "exp"
  std::string session;       // "sid": the sign-in (refresh-token family) the token belongs to
};

class VerifiedTokens {
 public:
  static constexpr size_t kMaxEntries = 20'000;

  /// The claims of a token verified before and not expired at `now_s`.
  std::optional<VerifiedClaims> find(std::string_view token, long long now_s) const;
  void remember(std::string_view token, VerifiedClaims claims);

 private:
  /// Lets find() look up a string_view without building a std::string per request.
  struct TokenHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  mutable std::mutex mutex_;
  std::unordered_map<std::string, VerifiedClaims, TokenHash, std::equal_to<>> entries_;
};

}  // namespace cw::auth
