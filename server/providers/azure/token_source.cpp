#include "providers/azure/token_source.hpp"

#include <cctype>
#include <cstdlib>

#include "providers/azure/arm_responses.hpp"

namespace cw::providers::azure {

TokenSource::TokenSource(common::HttpClient& http, const Clock& clock, std::string account, std::string login_url,
                         ServicePrincipal principal, std::string scope)
    : http_(http),
      clock_(clock),
      account_(std::move(account)),
      login_url_(std::move(login_url)),
      principal_(std::move(principal)),
      scope_(std::move(scope)) {}

std::string TokenSource::token() {
  // Held during the fetch on purpose: concurrent callers wait for one token instead of each
  // asking AAD for their own.
  std::lock_guard lock(mutex_);
  if (!token_.empty() && clock_.now_ms() < refresh_at_) return token_;
  common::HttpRequest req;
  req.method = "POST";
  req.url = login_url_ + "/" + percent_encode(principal_.tenant_id) + "/oauth2/v2.0/token";
  req.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}};
  req.body = "grant_type=client_credentials&client_id=" + percent_encode(principal_.client_id) +
             "&client_secret=" + percent_encode(principal_.client_secret) + "&scope=" + percent_encode(scope_);
  common::HttpResponse r = http_.send(account_, req);
  if (r.status != 200) throw aad_error(r.status, r.body);
  nlohmann::json j = parse_json(r.body, "the token answer");
  if (!j.is_object() || !j.contains("access_token") || !j["access_token"].is_string() ||
      j["access_token"].get_ref<const std::string&>().empty())
    throw ProviderError("InvalidResponse", "unexpected Azure answer: the token answer has no access_token");
  // expires_in is a number in v2.0 answers and a numeric string in v1.0 ones.
  Millis lifetime_s = 3600;
  if (j.contains("expires_in")) {
    const auto& e = j["expires_in"];
    if (e.is_number())
      lifetime_s = e.get<Millis>();
    else if (e.is_string())
      lifetime_s = std::atoll(e.get<std::string>().c_str());
  }
  token_ = j["access_token"].get<std::string>();
  refresh_at_ = clock_.now_ms() + std::max<Millis>(0, lifetime_s * 1000 - kRefreshMargin);
  return token_;
}

void TokenSource::invalidate(const std::string& token) {
  std::lock_guard lock(mutex_);
  if (token == token_) token_.clear();
}

}  // namespace cw::providers::azure
