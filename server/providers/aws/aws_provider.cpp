#include "providers/aws/aws_provider.hpp"

#include <algorithm>

#include "providers/aws/sigv4.hpp"
#include "providers/aws/xml_responses.hpp"

namespace cw::providers::aws {
namespace {

using common::HttpClient;
using common::HttpRequest;
using common::HttpResponse;

/// "http://host:port/path" → "host:port" (the Host header SigV4 signs).
std::string host_of(const std::string& url) {
  size_t start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  size_t end = url.find('/', start);
  return url.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

class AwsProvider final : public CloudProvider {
 public:
  AwsProvider(const ProviderAccount& account, ProviderDeps deps, HttpClient& http)
      : account_id_(account.account_id), clock_(deps.clock), http_(http),
        endpoints_(account.settings.value("endpoints", nlohmann::json())) {
    const auto& c = account.credentials;
    creds_ = {c.value("accessKeyId", ""), c.value("secretAccessKey", ""), c.value("sessionToken", "")};
    for (const auto& r : account.settings.value("regions", nlohmann::json::array())) regions_.push_back(r);
    if (regions_.empty()) regions_.push_back("us-east-1");
  }

  ConnectionTest test_connection() override {
    ConnectionTest t;
    try {
      HttpResponse r = call("sts", "us-east-1", endpoints_.url_for("sts", "https://sts.amazonaws.com"),
                            "Action=GetCallerIdentity&Version=2011-06-15");
      CallerIdentity id = parse_get_caller_identity(r.body);
      t.valid = true;
      t.identity = {{"accountId", id.account}, {"arn", id.arn}, {"userId", id.user_id}};
      t.permissions.push_back("sts:GetCallerIdentity");
      t.regions = regions_;
      t.services = {"sts", "ec2"};
    } catch (const ProviderError& e) {
      t.errors.push_back(e.code() + ": " + e.what());
    }
    return t;
  }

  ResourcePage list_resources(const std::string& page_token, int page_size) override {
    size_t region_index = 0;
    std::string ec2_token;
    if (!page_token.empty()) {
      size_t colon = page_token.find(':');
      try {
        region_index = std::stoul(page_token.substr(0, colon));
      } catch (const std::exception&) {
        throw ProviderError("InvalidParameterValue", "bad page token");
      }
      if (colon == std::string::npos || region_index >= regions_.size())
        throw ProviderError("InvalidParameterValue", "bad page token");
      ec2_token = page_token.substr(colon + 1);
    }
    const std::string& region = regions_[region_index];
    std::string body = "Action=DescribeInstances&Version=2016-11-15&MaxResults=" +
                       std::to_string(std::clamp(page_size, 5, 1000));
    if (!ec2_token.empty()) body += "&NextToken=" + uri_encode(ec2_token, false);
    HttpResponse r = call("ec2", region, endpoints_.url_for("ec2", "https://ec2." + region + ".amazonaws.com"), body);
    ResourcePage page = parse_describe_instances(r.body, region);
    if (!page.next_token.empty())
      page.next_token = std::to_string(region_index) + ":" + page.next_token;
    else if (region_index + 1 < regions_.size())
      page.next_token = std::to_string(region_index + 1) + ":";
    return page;
  }

  std::optional<ResourceRecord> get_resource(const std::string&) override { unsupported("get_resource"); }
  ResourceRecord create_resource(const NewResource&) override { unsupported("create_resource"); }
  ResourceRecord update_resource(const std::string&, const ResourcePatch&) override { unsupported("update_resource"); }
  ResourceRecord delete_resource(const std::string&) override { unsupported("delete_resource"); }
  ResourceRecord run_action(const std::string&, Action) override { unsupported("run_action"); }
  std::vector<std::string> changed_since(Millis) override { unsupported("changed_since"); }
  std::vector<MetricPoint> metrics(const std::string&, const std::string&, Millis, Millis, Millis) override {
    unsupported("metrics");
  }
  std::vector<CostLine> costs(const std::string&, const std::string&) override { unsupported("costs"); }

 private:
  [[noreturn]] static void unsupported(const char* what) {
    throw ProviderError("UnsupportedOperation", std::string("aws provider: ") + what + " is not implemented yet");
  }

  /// A signed query-protocol POST; an AWS error answer becomes a ProviderError.
  HttpResponse call(const std::string& service, const std::string& region, const std::string& endpoint,
                    const std::string& form) {
    HttpRequest req{.method = "POST", .url = endpoint + "/", .headers = {}, .body = form};
    req.prepare = [this, service, region, endpoint](HttpRequest& r) {
      SigningRequest s{.method = r.method, .path = "/", .query = {},
                       .headers = {{"Host", host_of(endpoint)},
                                   {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}},
                       .body = r.body};
      sign_in_place(s, creds_, {.region = region, .service = service, .time = clock_.now_ms()});
      r.headers = s.headers;
    };
    req.retry_if = [](const HttpResponse& r) {
      auto e = r.status >= 400 ? parse_error(r.body) : std::nullopt;
      return e && is_throttling_code(e->code);
    };
    HttpResponse r = http_.send(account_id_, req);
    if (r.status < 200 || r.status >= 300) throw error_from_response(r.status, r.body);
    return r;
  }

  std::string account_id_;
  const Clock& clock_;
  HttpClient& http_;
  common::Endpoints endpoints_;
  Credentials creds_;
  std::vector<std::string> regions_;
};

}  // namespace

std::map<std::string, std::string> validate_credentials(const nlohmann::json& c) {
  std::map<std::string, std::string> problems;
  if (!c.is_object()) return {{"credentials", "must be an object"}};
  static const std::vector<std::string> kRequired = {"accessKeyId", "secretAccessKey"};
  static const std::vector<std::string> kOptional = {"sessionToken", "roleArn", "externalId"};
  for (const auto& k : kRequired)
    if (!c.contains(k) || !c[k].is_string() || c[k].get_ref<const std::string&>().empty())
      problems[k] = "is required (a non-empty string)";
  for (const auto& k : kOptional)
    if (c.contains(k) && !c[k].is_string()) problems[k] = "must be a string";
  for (const auto& [k, v] : c.items())
    if (std::find(kRequired.begin(), kRequired.end(), k) == kRequired.end() &&
        std::find(kOptional.begin(), kOptional.end(), k) == kOptional.end())
      problems[k] = "is not a known field";
  if (c.contains("roleArn") && c["roleArn"].is_string() &&
      c["roleArn"].get_ref<const std::string&>().rfind("arn:aws", 0) != 0)
    problems["roleArn"] = "must be an IAM role ARN (arn:aws…:iam::<account>:role/<name>)";
  if (c.contains("externalId") && !c.contains("roleArn")) problems["externalId"] = "needs roleArn";
  return problems;
}

ProviderKind aws_kind(common::HttpClient& http) {
  ProviderKind kind;
  kind.name = "aws";
  kind.validate = [](const nlohmann::json& credentials) { return validate_credentials(credentials); };
  kind.create = [&http](const ProviderAccount& account, ProviderDeps deps) -> std::unique_ptr<CloudProvider> {
    if (auto problems = validate_credentials(account.credentials); !problems.empty())
      throw ProviderError("InvalidParameterValue",
                          "Invalid AWS credentials: " + problems.begin()->first + " " + problems.begin()->second);
    std::string endpoint_problem = common::validate_endpoints(account.settings.value("endpoints", nlohmann::json()));
    if (!endpoint_problem.empty()) throw ProviderError("InvalidParameterValue", "endpoints: " + endpoint_problem);
    return std::make_unique<AwsProvider>(account, deps, http);
  };
  return kind;
}

}  // namespace cw::providers::aws
