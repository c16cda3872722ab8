#pragma once
/// OAuth 2.0 access tokens for a service account: a signed JWT is exchanged at the token endpoint
/// (grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer) and the token is cached until five
/// minutes before it expires. Thread-safe: concurrent callers share one exchange.
#include <mutex>
#include <string>

#include "core/clock.hpp"
#include "providers/common/http_client.hpp"
#include "providers/gcp/service_account.hpp"

namespace cw::providers::gcp {

class AccessTokenSource {
 public:
  /// `token_url` is where the assertion is posted (the key's token_uri or an override); `account`
  /// keys the shared client's breaker and rate limit.
  AccessTokenSource(const ServiceAccountKey& key, std::string token_url, std::string account, common::HttpClient& http,
                    const Clock& clock);

  /// A valid token, exchanging a new assertion when none is cached or it is about to expire.
  /// Throws ProviderError with the OAuth error code ("invalid_grant", …) when refused.
  std::string token();
  /// Drops the cached token `stale` (after a 401) so the next token() exchanges again.
  void invalidate(const std::string& stale);

 private:
  const ServiceAccountKey& key_;
  std::string token_url_;
  std::string account_;
  common::HttpClient& http_;
  const Clock& clock_;
  std::mutex mutex_;
  std::string token_;
  Millis refresh_at_ = 0;
};

}  // namespace cw::providers::gcp
