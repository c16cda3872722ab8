#include "providers/azure/arm_client.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "core/log.hpp"
#include "providers/azure/arm_responses.hpp"

namespace cw::providers::azure {
namespace {

bool starts_with_origin(const std::string& url, const std::string& origin) {
  return url.rfind(origin, 0) == 0 &&
         (url.size() == origin.size() || url[origin.size()] == '/' || url[origin.size()] == '?');
}

/// ARM's answer to a token that expired before we refreshed it (clock skew, a long operation).
bool expired_token_answer(const common::HttpResponse& r) {
  if (r.status != 401) return false;
  if (r.header("www-authenticate").find("expired") != std::string::npos) return true;
  return arm_error(r.status, r.body).code() == "ExpiredAuthenticationToken";
}

}  // namespace

ArmClient::ArmClient(common::HttpClient& http, TokenSource& tokens, std::string account, std::string management_url)
    : http_(http), tokens_(tokens), account_(std::move(account)), management_url_(std::move(management_url)) {}

std::string ArmClient::resolve(const std::string& target) const {
  if (!target.empty() && target[0] == '/') return management_url_ + target;
  if (starts_with_origin(target, management_url_)) return target;
  if (starts_with_origin(target, kPublicManagementUrl))
    return management_url_ + target.substr(std::string(kPublicManagementUrl).size());
  throw ProviderError("InvalidResponse", "unexpected Azure answer: a nextLink outside the management endpoint");
}

common::HttpResponse ArmClient::send(const std::string& method, const std::string& url, const std::string& body,
                                     const std::string& token) {
  common::HttpRequest req;
  req.method = method;
  req.url = url;
  req.headers = {{"Authorization", "Bearer " + token}, {"Accept", "application/json"}};
  if (method != "GET" && method != "DELETE") req.headers.emplace_back("Content-Type", "application/json");
  req.body = body;
  common::HttpResponse r = http_.send(account_, req);
  // ARM tells how much of the subscription's read/write budget is left; worth a note when low.
  std::string remaining = r.header("x-ms-ratelimit-remaining-subscription-reads");
  if (!remaining.empty() && remaining.size() < 3 && log::enabled(log::Level::kDebug))
    log::debug("azure: subscription read budget low", {{"account", account_}, {"remaining", remaining}});
  return r;
}

common::HttpResponse ArmClient::call(const std::string& method, const std::string& target, const std::string& body,
                                     std::initializer_list<long> ok) {
  std::string url = resolve(target);
  std::string token = tokens_.token();
  common::HttpResponse r = send(method, url, body, token);
  if (expired_token_answer(r)) {  // once: a second expired answer is a real problem
    tokens_.invalidate(token);
    r = send(method, url, body, tokens_.token());
  }
  if (std::find(ok.begin(), ok.end(), r.status) == ok.end()) throw arm_error(r.status, r.body);
  return r;
}

}  // namespace cw::providers::azure
