#include "providers/aws/aws_provider.hpp"

#include <algorithm>
#include <map>

#include "core/digits.hpp"
#include "providers/aws/account.hpp"
#include "providers/aws/aws_client.hpp"
#include "providers/aws/cloudwatch.hpp"
#include "providers/aws/connection_probes.hpp"
#include "providers/aws/cost_explorer.hpp"
#include "providers/aws/ec2.hpp"
#include "providers/aws/iam.hpp"
#include "providers/aws/kms.hpp"
#include "providers/aws/lambda.hpp"
#include "providers/aws/rds.hpp"
#include "providers/aws/s3.hpp"

namespace cw::providers::aws {
namespace {

/// What an account may be limited to (settings.services): the inventory's services, CloudWatch
/// (metrics) and Cost Explorer (costs). Absent: all of them.
const std::vector<std::string> kServices = {"ec2", "s3",  "rds",        "lambda", "cloudwatch",
                                            "ce",  "iam", "cloudtrail", "kms"};

/// One paged list of the inventory: a global one (S3, the account, IAM users) or a per-region list.
enum class Source {
  kS3Buckets,
  kAccount,
  kUsers,
  kInstances,
  kVolumes,
  kSnapshots,
  kAddresses,
  kSecurityGroups,
  kVpcs,
  kDbInstances,
  kFunctions,
  kKeys
};

struct SourceRef {
  Source source;
  std::string region;  // empty for the global lists
};

class AwsProvider final : public CloudProvider, public ResourceActions, public MetricsSource, public CostSource {
 public:
  ResourceActions* resource_actions() override { return this; }
  // An account limited to some services (settings.services) offers only what they cover, so
  // nothing calls CloudWatch or Cost Explorer for an account that was never meant to reach them.
  MetricsSource* metrics_source() override { return uses("cloudwatch") ? this : nullptr; }
  CostSource* cost_source() override { return uses("ce") ? this : nullptr; }
  std::string kind() const override { return "aws"; }
  AwsProvider(const ProviderAccount& account, ProviderDeps deps, common::HttpClient& http)
      : aws_(account, deps.clock, http) {
    for (const auto& s : account.settings.value("services", nlohmann::json(kServices)))
      services_.push_back(s.get<std::string>());
    if (uses("s3")) sources_.push_back({Source::kS3Buckets, ""});
    // The account record carries IAM's and CloudTrail's account-level facts: it is listed when
    // either service is used, and reads only those that are.
    if (uses("iam") || uses("cloudtrail")) sources_.push_back({Source::kAccount, ""});
    if (uses("iam")) sources_.push_back({Source::kUsers, ""});
    for (const auto& region : aws_.regions()) {
      if (uses("ec2"))
        for (Source s : {Source::kInstances, Source::kVolumes, Source::kSnapshots, Source::kAddresses,
                         Source::kSecurityGroups, Source::kVpcs})
          sources_.push_back({s, region});
      if (uses("rds")) sources_.push_back({Source::kDbInstances, region});
      if (uses("lambda")) sources_.push_back({Source::kFunctions, region});
      if (uses("kms")) sources_.push_back({Source::kKeys, region});
    }
  }

  ConnectionTest test_connection() override { return aws_connection_test(aws_, services_); }

  /// The page token is "<source index>:<that source's own token>", the sources being S3, the
  /// account, IAM users and then each region's EC2 instances, volumes, snapshots, Elastic IPs,
  /// security groups, VPCs, RDS, Lambda and KMS lists.
  ResourcePage list_resources(const std::string& page_token, int page_size) override {
    size_t index = 0;
    std::string token;
    if (!page_token.empty()) {
      size_t colon = page_token.find(':');
      bool ok = colon != std::string::npos && all_digits(std::string_view(page_token).substr(0, colon));
      if (ok) index = std::stoul(page_token.substr(0, std::min<size_t>(colon, 9)));
      if (!ok || index >= sources_.size()) throw ProviderError("InvalidParameterValue", "bad page token");
      token = page_token.substr(colon + 1);
    }
    if (sources_.empty()) return {};
    ResourcePage page = list_source(sources_[index], token, std::max(page_size, 1));
    if (!page.next_token.empty())
      page.next_token = std::to_string(index) + ":" + page.next_token;
    else if (index + 1 < sources_.size())
      page.next_token = std::to_string(index + 1) + ":";
    return page;
  }

  std::optional<ResourceRecord> get_resource(const std::string& id) override {
    if (id.rfind("i-", 0) == 0) return ec2_find_instance(aws_, id);
    if (id.rfind(kS3ArnPrefix, 0) == 0) return s3_find_bucket(aws_, id.substr(kS3ArnPrefix.size()));
    if (id.rfind("arn:aws:rds:", 0) == 0) return rds_find(aws_, id);
    throw UnsupportedOperation(
        "aws provider: get_resource reads EC2 instances, S3 buckets and RDS "
        "DB instances; not " +
        id);
  }

  ResourceRecord create_resource(const NewResource& r) override {
    if (r.type == "server") return ec2_run_instance(aws_, r);
    if (r.type == "storage") return s3_create_bucket(aws_, r);
    throw UnsupportedOperation("aws provider: creates servers (EC2 RunInstances) and storage (S3 buckets), not " +
                               r.type);
  }

  ResourceRecord update_resource(const std::string&, const ResourcePatch&) override {
    throw UnsupportedOperation(
        "aws provider: resources are changed in AWS itself; CloudWeave "
        "reads the result at the next sync");
  }

  ResourceRecord delete_resource(const std::string& id) override {
    if (id.rfind("i-", 0) == 0) return ec2_change_instance(aws_, id, "TerminateInstances");
    if (id.rfind(kS3ArnPrefix, 0) == 0) return s3_delete_bucket(aws_, id.substr(kS3ArnPrefix.size()));
    if (id.rfind("vol-", 0) == 0 || id.rfind("snap-", 0) == 0 || id.rfind("eipalloc-", 0) == 0)
      return ec2_delete(aws_, id);
    throw UnsupportedOperation(
        "aws provider: deletes EC2 instances, EBS volumes and snapshots, Elastic IPs and S3 buckets, not " + id);
  }

  ResourceRecord run_action(const std::string& id, Action action) override {
    if (id.rfind("i-", 0) != 0)
      throw UnsupportedOperation("aws provider: start/stop/reboot apply to EC2 instances, not " + id);
    switch (action) {
      case Action::kStart:
        return ec2_change_instance(aws_, id, "StartInstances");
      case Action::kStop:
        return ec2_change_instance(aws_, id, "StopInstances");
      case Action::kReboot:
        return ec2_change_instance(aws_, id, "RebootInstances");
    }
    throw UnsupportedOperation("aws provider: unknown action");
  }

  std::vector<MetricPoint> metrics(const std::string& id, const std::string& region, const std::string& metric,
                                   Millis from, Millis to, Millis step_ms) override {
    std::optional<std::string> aws_metric = ec2_metric_name(metric);
    if (id.rfind("i-", 0) != 0 || !aws_metric)
      throw UnsupportedOperation(
          "aws provider: metrics are read for EC2 instances (cpu_utilization, "
          "network_in/out_bytes, disk_read/write_bytes); not " +
          metric + " of " + id);
    if (to < from || step_ms <= 0) throw ProviderError("InvalidParameterValue", "bad metrics window");
    if (!region.empty()) return cloudwatch_instance_metric(aws_, region, id, *aws_metric, from, to, step_ms);
    // Region unknown: CloudWatch is regional, so find the instance first (one call per region).
    std::optional<ResourceRecord> instance = ec2_find_instance(aws_, id);
    if (!instance)
      throw ProviderError("InvalidInstanceID.NotFound", "no EC2 instance " + id + " in the account's regions");
    return cloudwatch_instance_metric(aws_, instance->region, id, *aws_metric, from, to, step_ms);
  }

  /// Collection: the instances' metrics of each region, 500 to a GetMetricData call.
  std::vector<Series> metrics_batch(const std::vector<Request>& requests, Millis from, Millis to,
                                    Millis step_ms) override {
    std::vector<Series> out(requests.size());
    std::map<std::string, std::vector<size_t>> by_region;
    for (size_t i = 0; i < requests.size(); ++i) {
      const Request& r = requests[i];
      if (r.external_id.rfind("i-", 0) != 0 || !ec2_metric_name(r.metric))
        out[i].unsupported = true;
      else if (r.region.empty())
        out[i].points = metrics(r.external_id, r.region, r.metric, from, to, step_ms);  // looks the region up
      else
        by_region[r.region].push_back(i);
    }
    for (const auto& [region, indexes] : by_region) {
      for (size_t start = 0; start < indexes.size(); start += kMaxMetricDataQueries) {
        const size_t n = std::min(kMaxMetricDataQueries, indexes.size() - start);
        std::vector<InstanceMetricQuery> queries;
        for (size_t k = 0; k < n; ++k) {
          const Request& r = requests[indexes[start + k]];
          queries.push_back({r.external_id, *ec2_metric_name(r.metric)});
        }
        auto answers = cloudwatch_instance_metrics(aws_, region, queries, from, to, step_ms);
        for (size_t k = 0; k < n; ++k) out[indexes[start + k]].points = std::move(answers[k]);
      }
    }
    return out;
  }

  std::vector<CostLine> costs(const std::string& from_date, const std::string& to_date) override {
    return ce_daily_costs(aws_, from_date, to_date);
  }

 private:
  ResourcePage list_source(const SourceRef& ref, const std::string& token, int page_size) {
    switch (ref.source) {
      case Source::kS3Buckets:
        return list_buckets(token, page_size);
      case Source::kAccount:
        return {{aws_account_record(aws_, uses("iam"), uses("cloudtrail"))}, ""};
      case Source::kUsers: {
        // One GetAccountAuthorizationDetails per sync (the provider lives for one): read with the
        // first page, kept for the ListUsers pages that may follow.
        if (token.empty() || !admin_grants_read_) {
          admin_grants_ = iam_admin_grants(aws_);
          admin_grants_read_ = true;
        }
        ResourcePage page = iam_list_users(aws_, token, page_size);
        add_admin_wildcard(page.items, admin_grants_);
        return page;
      }
      case Source::kInstances:
        return ec2_list(aws_, Ec2List::kInstances, ref.region, token, page_size);
      case Source::kVolumes:
        return ec2_list(aws_, Ec2List::kVolumes, ref.region, token, page_size);
      case Source::kSnapshots:
        return ec2_list(aws_, Ec2List::kSnapshots, ref.region, token, page_size);
      case Source::kAddresses:
        return ec2_list(aws_, Ec2List::kAddresses, ref.region, token, page_size);
      case Source::kSecurityGroups:
        return ec2_list(aws_, Ec2List::kSecurityGroups, ref.region, token, page_size);
      case Source::kVpcs:
        return ec2_list(aws_, Ec2List::kVpcs, ref.region, token, page_size);
      case Source::kDbInstances:
        return rds_list(aws_, ref.region, token, page_size);
      case Source::kFunctions:
        return lambda_list(aws_, ref.region, token, page_size);
      case Source::kKeys:
        return kms_list(aws_, ref.region, token, page_size);
    }
    return {};
  }

  /// ListBuckets has no paging we can rely on everywhere: the token is the offset of the next
  /// bucket to describe (each costs four calls).
  ResourcePage list_buckets(const std::string& token, int page_size) {
    size_t offset = 0;
    if (!token.empty()) {
      if (!all_digits(token) || token.size() > 9) throw ProviderError("InvalidParameterValue", "bad page token");
      offset = std::stoul(token);
    }
    std::vector<S3Bucket> buckets = s3_list_buckets(aws_);
    ResourcePage page;
    size_t end = std::min(buckets.size(), offset + static_cast<size_t>(page_size));
    for (size_t i = offset; i < end; ++i) page.items.push_back(s3_describe_bucket(aws_, buckets[i]));
    if (end < buckets.size()) page.next_token = std::to_string(end);
    return page;
  }

  bool uses(const char* service) const {
    return std::find(services_.begin(), services_.end(), service) != services_.end();
  }

  AwsClient aws_;
  std::vector<std::string> services_;
  std::vector<SourceRef> sources_;
  std::optional<AdminGrants> admin_grants_;  // the users' administrative rights (nullopt: denied)
  bool admin_grants_read_ = false;
};

std::string validate_settings(const nlohmann::json& settings) {
  if (!settings.is_object()) return "settings must be an object";
  if (settings.contains("regions")) {
    const auto& r = settings["regions"];
    if (!r.is_array() || std::any_of(r.begin(), r.end(), [](const nlohmann::json& v) {
          return !v.is_string() || !is_region_name(v.get_ref<const std::string&>());
        }))
      return "regions must be a list of AWS region names (\"us-east-1\")";
  }
  if (settings.contains("services")) {
    const auto& s = settings["services"];
    if (!s.is_array() || std::any_of(s.begin(), s.end(), [](const nlohmann::json& v) {
          return !v.is_string() ||
                 std::find(kServices.begin(), kServices.end(), v.get<std::string>()) == kServices.end();
        }))
      return "services must be a list of ec2, s3, rds, lambda, cloudwatch, ce, iam, cloudtrail, kms";
  }
  std::string endpoints = common::validate_endpoints(settings.value("endpoints", nlohmann::json()));
  return endpoints.empty() ? "" : "endpoints: " + endpoints;
}

}  // namespace

std::map<std::string, std::string> validate_credentials(const nlohmann::json& c, const nlohmann::json& endpoints) {
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
  // AWS's access key ids are 16–128 upper-case letters and digits (AKIA… for a user's key,
  // ASIA… for a temporary one): a secret, or a key pasted with a space, is a mistake to catch now
  // rather than a connection test failing later. Behind endpoint overrides (an emulator, an
  // S3-compatible store) keys are the store's own: only spaces are refused there.
  if (!problems.count("accessKeyId")) {
    const auto& id = c["accessKeyId"].get_ref<const std::string&>();
    bool real_aws = !endpoints.is_object() || endpoints.empty();
    bool shape = id.size() <= 128 && std::none_of(id.begin(), id.end(), [](unsigned char ch) { return ch <= ' '; });
    if (real_aws)
      shape = shape && id.size() >= 16 && std::all_of(id.begin(), id.end(), [](char ch) {
                return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
              });
    if (!shape)
      problems["accessKeyId"] = real_aws ? "must be an AWS access key id: 16 or more upper-case letters and digits, "
                                           "like AKIAIOSFODNN7EXAMPLE"
                                         : "must not contain spaces";
  }
  if (!problems.count("secretAccessKey")) {
    const auto& secret = c["secretAccessKey"].get_ref<const std::string&>();
    if (secret.size() > 256 ||
        std::any_of(secret.begin(), secret.end(), [](unsigned char ch) { return ch <= ' ' || ch == 0x7f; }))
      problems["secretAccessKey"] = "must be the secret access key as AWS shows it: no spaces or line breaks";
  }
  if (c.contains("roleArn") && c["roleArn"].is_string() &&
      c["roleArn"].get_ref<const std::string&>().rfind("arn:aws", 0) != 0)
    problems["roleArn"] = "must be an IAM role ARN (arn:aws…:iam::<account>:role/<name>)";
  if (c.contains("externalId") && !c.contains("roleArn")) problems["externalId"] = "needs roleArn";
  return problems;
}

ProviderKind aws_kind(common::HttpClient& http) {
  ProviderKind kind;
  kind.name = "aws";
  kind.validate = [](const nlohmann::json& credentials, const nlohmann::json& endpoints) {
    return validate_credentials(credentials, endpoints);
  };
  kind.create = [&http](const ProviderAccount& account, ProviderDeps deps) -> std::unique_ptr<CloudProvider> {
    if (auto problems =
            validate_credentials(account.credentials, account.settings.value("endpoints", nlohmann::json()));
        !problems.empty())
      throw ProviderError("InvalidParameterValue",
                          "Invalid AWS credentials: " + problems.begin()->first + " " + problems.begin()->second);
    if (std::string problem = validate_settings(account.settings); !problem.empty())
      throw ProviderError("InvalidParameterValue", "AWS settings: " + problem);
    return std::make_unique<AwsProvider>(account, deps, http);
  };
  // Start, stop and reboot are implemented for virtual machines only (run_action).
  kind.actions = [](std::string_view type) {
    return type == "server" ? std::vector<std::string>{"start", "stop", "reboot"} : std::vector<std::string>{};
  };
  return kind;
}

}  // namespace cw::providers::aws
