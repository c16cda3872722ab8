#pragma once
/// Authenticated calls to Azure Resource Manager through the shared HTTP client (retries with
/// Retry-After on 429/5xx, per-account breaker and rate limit). Adds the bearer token, retries once
/// with a fresh token when ARM answers 401 ExpiredAuthenticationToken, and maps ARM error bodies to
/// ProviderError. nextLink URLs are only followed on the management endpoint (the token must not
/// travel elsewhere); a link recorded against https://management.azure.com is moved onto an
/// overridden endpoint (emulators, replay servers).
#include <initializer_list>
#include <string>

#include "providers/azure/token_source.hpp"
#include "providers/common/http_client.hpp"

namespace cw::providers::azure {

inline constexpr const char* kPublicManagementUrl = "https://management.azure.com";

class ArmClient {
 public:
  ArmClient(common::HttpClient& http, TokenSource& tokens, std::string account, std::string management_url);

  /// `target` is a path ("/subscriptions/…?api-version=…") or an absolute nextLink. Throws the ARM
  /// error unless the status is one of `ok`.
  common::HttpResponse call(const std::string& method, const std::string& target, const std::string& body = "",
                            std::initializer_list<long> ok = {200});
  /// The absolute URL of `target`; "InvalidResponse" for a link outside the management endpoint.
  std::string resolve(const std::string& target) const;

 private:
  common::HttpResponse send(const std::string& method, const std::string& url, const std::string& body,
                            const std::string& token);

  common::HttpClient& http_;
  TokenSource& tokens_;
  std::string account_, management_url_;
};

}  // namespace cw::providers::azure
