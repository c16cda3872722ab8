#include "providers/aws/aws_client.hpp"

#include "providers/aws/json_responses.hpp"
#include "providers/aws/xml_responses.hpp"

namespace cw::providers::aws {
namespace {

using common::HttpRequest;
using common::HttpResponse;

/// Temporary credentials are renewed this long before AWS says they expire.
constexpr Millis kRenewBeforeMs = 5 * 60'000;
constexpr int kRoleSessionSeconds = 3600;

/// The AWS error in a failed answer: an XML envelope (ec2, query, rest-xml) or, failing that, a
/// JSON body (Lambda, Cost Explorer).
std::optional<AwsError> error_of(const HttpResponse& r) {
  std::optional<AwsError> error = parse_error(r.body);
  if (!error) error = parse_json_error(r.body, r.header("x-amzn-errortype"));
  return error;
}

bool throttled(const HttpResponse& r) {
  if (r.status < 400) return false;
  auto e = error_of(r);
  return e && is_throttling_code(e->code);
}

}  // namespace

bool is_region_name(std::string_view region) {
  if (region.empty() || region.size() > 32 || region.front() < 'a' || region.front() > 'z' || region.back() == '-')
    return false;
  for (size_t i = 0; i < region.size(); ++i) {
    char c = region[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && region[i - 1] != '-');
    if (!ok) return false;
  }
  return true;
}

std::string host_of(const std::string& url) {
  size_t start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  size_t end = url.find('/', start);
  return url.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

AwsClient::AwsClient(const ProviderAccount& account, const Clock& clock, common::HttpClient& http)
    : account_id_(account.account_id),
      clock_(clock),
      http_(http),
      endpoints_(account.settings.value("endpoints", nlohmann::json())) {
  const auto& c = account.credentials;
  base_ = {c.value("accessKeyId", ""), c.value("secretAccessKey", ""), c.value("sessionToken", "")};
  if (c.contains("roleArn"))
    role_ = RoleToAssume{c.value("roleArn", ""), c.value("externalId", ""), "cloudweave-" + account.account_id};
  for (const auto& r : account.settings.value("regions", nlohmann::json::array())) regions_.push_back(r);
  if (regions_.empty()) regions_.push_back("us-east-1");
}

std::string AwsClient::regional_endpoint(const std::string& service, const std::string& region) const {
  return endpoints_.url_for(service, "https://" + service + "." + region + ".amazonaws.com");
}

Credentials AwsClient::credentials() {
  if (!role_) return base_;
  std::lock_guard lock(role_mutex_);
  if (clock_.now_ms() >= role_expires_at_ - kRenewBeforeMs) role_credentials_ = assume_role();
  return role_credentials_;
}

Credentials AwsClient::assume_role() {
  std::string form = "Action=AssumeRole&Version=2011-06-15&RoleArn=" + uri_encode(role_->role_arn, false) +
                     "&RoleSessionName=" + uri_encode(role_->session_name, false) +
                     "&DurationSeconds=" + std::to_string(kRoleSessionSeconds);
  if (!role_->external_id.empty()) form += "&ExternalId=" + uri_encode(role_->external_id, false);
  HttpRequest req{
      .method = "POST", .url = endpoint("sts", "https://sts.amazonaws.com") + "/", .headers = {}, .body = form};
  req.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
  SigningParams params{.region = "us-east-1", .service = "sts"};
  // Signed with the base keys (not credentials(): that would recurse).
  const Credentials base = base_;
  req.prepare = [this, base, params](HttpRequest& r) mutable {
    SigningRequest s{
        .method = r.method,
        .path = "/",
        .query = {},
        .headers = {{"Host", host_of(r.url)}, {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}},
        .body = r.body};
    params.time = clock_.now_ms();
    sign_in_place(s, base, params);
    r.headers = s.headers;
  };
  req.retry_if = throttled;
  HttpResponse r = http_.send(account_id_, req);
  if (r.status < 200 || r.status >= 300) {
    ProviderError e = error_from_response(r.status, r.body);
    throw ProviderError(e.code(), "AssumeRole " + role_->role_arn + " failed: " + e.what(), e.retryable());
  }
  AssumedRole assumed = parse_assume_role(r.body);
  role_expires_at_ = assumed.expires_at;
  return assumed.credentials;
}

HttpResponse AwsClient::send(const std::string& service, const std::string& region, HttpRequest request,
                             SigningParams params, const std::string& path, const Pairs& query,
                             const std::function<bool(const HttpResponse&)>& allow_error,
                             const std::function<bool(const HttpResponse&)>& retry_answer) {
  // Checked here, before the URL built from it is called: every call of every service passes.
  if (!is_region_name(region))
    throw ProviderError("InvalidParameterValue", "not an AWS region name: \"" + region + "\"");
  const Credentials creds = credentials();
  params.region = region;
  params.service = service;
  Pairs base_headers = request.headers;
  base_headers.insert(base_headers.begin(), {"Host", host_of(request.url)});
  request.headers.clear();
  request.prepare = [this, creds, params, path, query, base_headers](HttpRequest& r) mutable {
    SigningRequest s{.method = r.method, .path = path, .query = query, .headers = base_headers, .body = r.body};
    params.time = clock_.now_ms();
    sign_in_place(s, creds, params);
    r.headers = s.headers;
  };
  if (retry_answer)
    request.retry_if = [retry_answer](const HttpResponse& r) { return throttled(r) || retry_answer(r); };
  else
    request.retry_if = throttled;
  HttpResponse r = http_.send(account_id_, request);
  if (r.status >= 200 && r.status < 300) return r;
  if (allow_error && allow_error(r)) return r;
  ProviderError e = to_provider_error(r.status, error_of(r));
  if (role_ && (e.code() == "ExpiredToken" || e.code() == "ExpiredTokenException")) {
    std::lock_guard lock(role_mutex_);
    role_expires_at_ = 0;  // the next call assumes the role again
  }
  throw e;
}

HttpResponse AwsClient::query(const std::string& service, const std::string& region, const std::string& endpoint,
                              const std::string& form, const std::function<bool(const HttpResponse&)>& retry_answer) {
  HttpRequest req{.method = "POST", .url = endpoint + "/", .headers = {}, .body = form};
  req.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
  return send(service, region, std::move(req), {}, "/", {}, {}, retry_answer);
}

HttpResponse AwsClient::rest(const std::string& service, const std::string& region, const RestCall& call,
                             const std::function<bool(const HttpResponse&)>& allow_error) {
  std::string url = call.endpoint + call.path;
  if (!call.query.empty()) url += "?" + encode_query(call.query);
  HttpRequest req{.method = call.method, .url = url, .headers = call.headers, .body = call.body};
  SigningParams params;
  if (call.s3) {
    params.normalize_path = false;
    params.double_encode_path = false;
    params.add_content_sha256 = true;
  }
  return send(service, region, std::move(req), params, call.path, call.query, allow_error);
}

HttpResponse AwsClient::json(const std::string& service, const std::string& region, const std::string& endpoint,
                             const std::string& target, const std::string& json_version, const std::string& body) {
  HttpRequest req{.method = "POST", .url = endpoint + "/", .headers = {}, .body = body};
  req.headers = {{"Content-Type", "application/x-amz-json-" + json_version}, {"X-Amz-Target", target}};
  return send(service, region, std::move(req), {}, "/", {}, {});
}

}  // namespace cw::providers::aws
