#pragma once
/// Azure AD (Microsoft Entra ID) client-credentials tokens for one service principal: POST
/// {login}/{tenantId}/oauth2/v2.0/token with the client id and secret, for one scope (ARM's
/// https://management.azure.com/.default, or Azure Monitor's metrics data plane). The token is cached until 5 minutes
/// before it expires, shared by all threads of the provider (one fetch at a time), and can be dropped when ARM says it
/// expired early. AAD error answers become ProviderError with AAD's code and description; the secret never appears in
/// an error.
#include <mutex>
#include <string>

#include "core/clock.hpp"
#include "providers/common/http_client.hpp"
#include "providers/common/percent_encoding.hpp"

namespace cw::providers::azure {

struct ServicePrincipal {
  std::string tenant_id, client_id, client_secret;
};

class TokenSource {
 public:
  /// `account` keys the shared client's breaker and rate limit; `login_url` has no trailing slash.
  TokenSource(common::HttpClient& http, const Clock& clock, std::string account, std::string login_url,
              ServicePrincipal principal, std::string scope = kArmScope);

  static constexpr const char* kArmScope = "https://management.azure.com/.default";
  static constexpr const char* kMetricsScope = "https://metrics.monitor.azure.com/.default";

  /// A valid bearer token (cached or freshly fetched).
  std::string token();
  /// Forgets `token` if it is still the cached one (ARM answered that it expired).
  void invalidate(const std::string& token);

  static constexpr Millis kRefreshMargin = 5 * 60 * 1000;

 private:
  common::HttpClient& http_;
  const Clock& clock_;
  std::string account_, login_url_;
  ServicePrincipal principal_;
  std::string scope_;
  std::mutex mutex_;
  std::string token_;
  Millis refresh_at_ = 0;
};

/// Percent-encoding of form bodies and query values (providers/common/percent_encoding.hpp).
using common::percent_encode;

}  // namespace cw::providers::azure
