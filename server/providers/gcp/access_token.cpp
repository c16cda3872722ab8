#include "providers/gcp/access_token.hpp"
#include "core/json_parse.hpp"

#include <nlohmann/json.hpp>

#include "providers/gcp/jwt.hpp"
#include "providers/provider.hpp"

namespace cw::providers::gcp {
namespace {
constexpr Millis kRefreshMarginMs = 5 * 60 * 1000;
}

AccessTokenSource::AccessTokenSource(const ServiceAccountKey& key, std::string token_url, std::string account,
                                     common::HttpClient& http, const Clock& clock)
    : key_(key), token_url_(std::move(token_url)), account_(std::move(account)), http_(http), clock_(clock) {}

std::string AccessTokenSource::token() {
  std::lock_guard lock(mutex_);  // held across the exchange: one exchange serves every waiter
  if (!token_.empty() && clock_.now_ms() < refresh_at_) return token_;

  common::HttpRequest req{.method = "POST",
                          .url = token_url_,
                          .headers = {{"Content-Type", "application/x-www-form-urlencoded"}},
                          .body = {}};
  // Signed per attempt so a retried exchange never carries a stale iat.
  req.prepare = [this](common::HttpRequest& r) {
    r.body = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=" +
             make_assertion(key_, clock_.now_ms() / 1000);
  };
  common::HttpResponse r = http_.send(account_, req);
  nlohmann::json body = parse_untrusted_json(r.body);
  if (r.status < 200 || r.status >= 300) {
    // RFC 6749 §5.2: {"error": "invalid_grant", "error_description": "…"}.
    if (body.is_object() && body.contains("error") && body["error"].is_string())
      throw ProviderError(
          body["error"].get<std::string>(),
          "token exchange refused: " + body.value("error_description", body["error"].get<std::string>()),
          r.status >= 500 || r.status == 429);
    throw ProviderError("AuthFailure", "token exchange failed with HTTP " + std::to_string(r.status),
                        r.status >= 500 || r.status == 429);
  }
  if (!body.is_object() || !body.contains("access_token") || !body["access_token"].is_string() ||
      body["access_token"].get_ref<const std::string&>().empty())
    throw ProviderError("InvalidResponse", "token endpoint answered without an access_token");
  long long expires_in = 3600;
  if (body.contains("expires_in")) {
    if (!body["expires_in"].is_number_integer())
      throw ProviderError("InvalidResponse", "token endpoint answered a non-integer expires_in");
    expires_in = body["expires_in"].get<long long>();
  }
  token_ = body["access_token"].get<std::string>();
  refresh_at_ = clock_.now_ms() + expires_in * 1000 - kRefreshMarginMs;
  return token_;
}

void AccessTokenSource::invalidate(const std::string& stale) {
  std::lock_guard lock(mutex_);
  if (token_ == stale) token_.clear();
}

}  // namespace cw::providers::gcp
