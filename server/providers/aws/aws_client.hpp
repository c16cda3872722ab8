#pragma once
/// The signed-call helper every AWS service module shares: it knows the account's regions and
/// endpoint overrides, holds the credentials (assuming the configured role when there is one) and
/// speaks the three wire protocols the provider needs over the shared HTTP client, so retries,
/// throttling, the per-account breaker and the rate limit apply to every call:
///   * query/ec2: form-encoded POST (STS, EC2, RDS, CloudWatch), XML answers;
///   * rest: method + path + query (S3 with x-amz-content-sha256 and single-encoded paths, Lambda);
///   * json: POST with X-Amz-Target (Cost Explorer, JSON 1.1).
/// An AWS error answer becomes a ProviderError with the AWS code (see xml_responses.hpp); the
/// credentials never appear in errors.
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "providers/aws/sigv4.hpp"
#include "providers/common/http_client.hpp"
#include "providers/provider.hpp"

namespace cw::providers::aws {

/// Role to assume with the base keys (credentials roleArn/externalId).
struct RoleToAssume {
  std::string role_arn;
  std::string external_id;  // empty when none
  std::string session_name;
};

/// True for what can be an AWS region name ("us-east-1", "us-gov-west-1"): lowercase letters,
/// digits and single hyphens. A region becomes part of a host name and of the signature's scope,
/// and it comes from outside (settings, a resource's stored region, a bucket's location).
bool is_region_name(std::string_view region);

class AwsClient {
 public:
  AwsClient(const ProviderAccount& account, const Clock& clock, common::HttpClient& http);

  const std::vector<std::string>& regions() const { return regions_; }
  const Clock& clock() const { return clock_; }
  /// The override for `service` when set, else `default_url`.
  std::string endpoint(const std::string& service, const std::string& default_url) const {
    return endpoints_.url_for(service, default_url);
  }
  bool endpoint_overridden(const std::string& service) const { return endpoints_.overridden(service); }
  /// https://<service>.<region>.amazonaws.com unless overridden.
  std::string regional_endpoint(const std::string& service, const std::string& region) const;

  /// Query-protocol POST of `form` ("Action=…&Version=…&…", already encoded) to `endpoint`.
  /// `retry_answer` names answers to ask again, with the shared client's backoff, as it does for
  /// throttling (IAM's "report still being generated"); when the attempts run out the last such
  /// answer is returned.
  common::HttpResponse query(const std::string& service, const std::string& region, const std::string& endpoint,
                             const std::string& form,
                             const std::function<bool(const common::HttpResponse&)>& retry_answer = {});

  struct RestCall {
    std::string method = "GET";
    std::string endpoint;    // scheme://host[:port]
    std::string path = "/";  // as sent: already URI-encoded once
    Pairs query;             // decoded
    Pairs headers;           // extra headers to send and sign
    std::string body;
    bool s3 = false;  // S3 signing rules (content hash header, no double encoding)
  };
  /// A REST call; answers with a status outside 2xx are returned when `allow_error` accepts
  /// them (e.g. S3's 404 for "no encryption configuration"), otherwise thrown as ProviderError.
  common::HttpResponse rest(const std::string& service, const std::string& region, const RestCall& call,
                            const std::function<bool(const common::HttpResponse&)>& allow_error = {});

  /// JSON-protocol POST (`target` → X-Amz-Target, `json_version` "1.0" or "1.1").
  common::HttpResponse json(const std::string& service, const std::string& region, const std::string& endpoint,
                            const std::string& target, const std::string& json_version, const std::string& body);

  /// The credentials to sign with: the base keys, or the role's temporary credentials (assumed
  /// on first use and again ~5 minutes before they expire).
  Credentials credentials();

 private:
  common::HttpResponse send(const std::string& service, const std::string& region, common::HttpRequest request,
                            SigningParams params, const std::string& path, const Pairs& query,
                            const std::function<bool(const common::HttpResponse&)>& allow_error,
                            const std::function<bool(const common::HttpResponse&)>& retry_answer = {});
  Credentials assume_role();

  std::string account_id_;
  const Clock& clock_;
  common::HttpClient& http_;
  common::Endpoints endpoints_;
  std::vector<std::string> regions_;
  Credentials base_;
  std::optional<RoleToAssume> role_;

  std::mutex role_mutex_;  // guards the cached role credentials
  Credentials role_credentials_;
  Millis role_expires_at_ = 0;
};

/// "http://host:port/path" → "host:port" (the Host header SigV4 signs).
std::string host_of(const std::string& url);

}  // namespace cw::providers::aws
