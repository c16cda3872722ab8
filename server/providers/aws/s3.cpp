#include "providers/aws/s3.hpp"

#include "providers/aws/xml_answer.hpp"
#include "providers/aws/xml_responses.hpp"

namespace cw::providers::aws {
namespace {

using common::HttpResponse;

/// Where requests for `bucket` go: the override with the bucket in the path, or the bucket's
/// virtual host (path style for names with dots, which break the TLS wildcard).
AwsClient::RestCall bucket_call(AwsClient& aws, const std::string& bucket, const std::string& region) {
  AwsClient::RestCall call;
  call.s3 = true;
  std::string encoded = uri_encode(bucket, false);
  if (aws.endpoint_overridden("s3")) {
    call.endpoint = aws.endpoint("s3", "");
    call.path = "/" + encoded;
  } else if (bucket.find('.') != std::string::npos) {
    call.endpoint = "https://s3." + region + ".amazonaws.com";
    call.path = "/" + encoded;
  } else {
    call.endpoint = "https://" + bucket + ".s3." + region + ".amazonaws.com";
    call.path = std::string(1, '/');  // (not = "/": GCC 12 warns falsely once this is inlined)
  }
  return call;
}

std::string error_code(const HttpResponse& r) {
  auto e = parse_error(r.body);
  return e ? e->code : "";
}

/// A bucket sub-resource GET (?encryption, …): the body, or "" when S3 says it is not configured
/// (`absent_code`); nullopt when the store will not tell: permission denied, NotImplemented or
/// MethodNotAllowed (S3-compatible stores without the sub-resource), or
/// another document (S3-compatible stores such as s3rver ignore sub-resources they lack and
/// answer the bucket listing).
std::optional<std::string> bucket_setting(AwsClient& aws, const std::string& bucket, const std::string& region,
                                          const std::string& sub_resource, const std::string& absent_code,
                                          const char* root) {
  AwsClient::RestCall call = bucket_call(aws, bucket, region);
  call.query = {{sub_resource, ""}};
  bool absent = false, unknown = false;
  HttpResponse r = aws.rest("s3", region, call, [&](const HttpResponse& answer) {
    std::string code = error_code(answer);
    absent = !absent_code.empty() && code == absent_code;
    unknown = is_access_denied_code(code) || code == "NotImplemented" || code == "MethodNotAllowed" ||
              answer.status == 501 || answer.status == 405;
    return absent || unknown;
  });
  if (absent) return "";
  if (unknown) return std::nullopt;
  pugi::xml_document doc;
  if (std::string_view(xml_root(doc, r.body, nullptr, "S3 ?" + sub_resource).name()) == root) return r.body;
  return std::nullopt;
}

/// Whether the bucket policy denies requests without TLS: false with no policy; nullopt when S3
/// will not tell (access denied, or a store without bucket policies). The policy is JSON, not a
/// sub-resource document, so bucket_setting does not apply.
std::optional<bool> bucket_policy_https_only(AwsClient& aws, const std::string& bucket, const std::string& region) {
  AwsClient::RestCall call = bucket_call(aws, bucket, region);
  call.query = {{"policy", ""}};
  bool absent = false, unknown = false;
  HttpResponse r = aws.rest("s3", region, call, [&](const HttpResponse& answer) {
    std::string code = error_code(answer);
    absent = code == "NoSuchBucketPolicy";
    unknown = is_access_denied_code(code) || code == "NotImplemented" || code == "MethodNotAllowed" ||
              answer.status == 501 || answer.status == 405;
    return absent || unknown;
  });
  if (absent) return false;
  if (unknown) return std::nullopt;
  // S3-compatible stores without bucket policies answer the bucket listing instead.
  if (r.body.empty() || r.body.front() != '{') return std::nullopt;
  return policy_denies_insecure_transport(r.body);
}

bool valid_bucket_name(const std::string& name) {
  if (name.size() < 3 || name.size() > 63) return false;
  for (char c : name)
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-' ||
          c == '.'))
      return false;
  auto alnum = [](char c) {
    return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c));
  };
  return alnum(name.front()) && alnum(name.back());
}

std::string bucket_region(AwsClient& aws, const std::string& name) {
  // GetBucketLocation answers for any bucket when asked in us-east-1.
  AwsClient::RestCall call = bucket_call(aws, name, "us-east-1");
  call.query = {{"location", ""}};
  return parse_bucket_location(aws.rest("s3", "us-east-1", call).body);
}

}  // namespace

std::vector<S3Bucket> s3_list_buckets(AwsClient& aws) {
  AwsClient::RestCall call;
  call.s3 = true;
  call.endpoint = aws.endpoint("s3", "https://s3.amazonaws.com");
  return parse_list_buckets(aws.rest("s3", "us-east-1", call).body);
}

ResourceRecord s3_describe_bucket(AwsClient& aws, const S3Bucket& bucket) {
  ResourceRecord r;
  r.external_id = kS3ArnPrefix + bucket.name;
  r.provider = "aws";
  r.name = bucket.name;
  r.type = "storage";
  r.status = "running";
  r.created_at = bucket.created_at;
  r.region = bucket_region(aws, bucket.name);
  r.spec["kind"] = "s3Bucket";
  nlohmann::json unknown = nlohmann::json::array();

  if (auto enc =
          bucket_setting(aws, bucket.name, r.region, "encryption", "ServerSideEncryptionConfigurationNotFoundError",
                         "ServerSideEncryptionConfiguration")) {
    std::string algorithm = enc->empty() ? "" : parse_bucket_encryption(*enc);
    r.posture["encrypted"] = !algorithm.empty();
    if (!algorithm.empty()) r.spec["encryption"] = algorithm;
  } else {
    unknown.push_back("encrypted");
  }
  if (auto block = bucket_setting(aws, bucket.name, r.region, "publicAccessBlock",
                                  "NoSuchPublicAccessBlockConfiguration", "PublicAccessBlockConfiguration")) {
    // Without a complete block, ACLs or a bucket policy can make the bucket public.
    bool blocked = !block->empty() && parse_public_access_block(*block);
    r.posture["publicAccessBlocked"] = blocked;
    r.posture["publicAccess"] = !blocked;
  } else {
    unknown.push_back("publicAccess");
  }
  if (auto versioning = bucket_setting(aws, bucket.name, r.region, "versioning", "", "VersioningConfiguration")) {
    std::string status = versioning->empty() ? "" : parse_bucket_versioning(*versioning);
    r.posture["versioning"] = status == "Enabled";
    r.spec["versioning"] = status.empty() ? "Disabled" : status;
  } else {
    unknown.push_back("versioning");
  }
  if (auto status = bucket_setting(aws, bucket.name, r.region, "policyStatus", "NoSuchBucketPolicy", "PolicyStatus")) {
    r.posture["policyPublic"] = !status->empty() && parse_policy_status(*status);  // no policy: not public by policy
  } else {
    unknown.push_back("policyPublic");
  }
  if (auto logging = bucket_setting(aws, bucket.name, r.region, "logging", "", "BucketLoggingStatus")) {
    r.posture["loggingEnabled"] = !logging->empty() && parse_bucket_logging(*logging);
  } else {
    unknown.push_back("loggingEnabled");
  }
  if (auto https = bucket_policy_https_only(aws, bucket.name, r.region)) {
    r.posture["httpsOnly"] = *https;
  } else {
    unknown.push_back("httpsOnly");
  }
  if (!unknown.empty()) r.posture["unknown"] = unknown;
  return r;
}

std::optional<ResourceRecord> s3_find_bucket(AwsClient& aws, const std::string& name) {
  for (const S3Bucket& b : s3_list_buckets(aws))
    if (b.name == name) return s3_describe_bucket(aws, b);
  return std::nullopt;
}

ResourceRecord s3_create_bucket(AwsClient& aws, const NewResource& resource) {
  if (!valid_bucket_name(resource.name))
    throw ProviderError("InvalidBucketName",
                        "bucket names are 3-63 lowercase letters, digits, dots or hyphens, starting and ending "
                        "with a letter or digit: \"" +
                            resource.name + "\"");
  const std::string region = resource.region.empty() ? aws.regions().front() : resource.region;
  AwsClient::RestCall call = bucket_call(aws, resource.name, region);
  call.method = "PUT";
  if (region != "us-east-1")  // us-east-1 is the default and refuses an explicit constraint
    call.body = "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><LocationConstraint>" +
                region + "</LocationConstraint></CreateBucketConfiguration>";
  aws.rest("s3", region, call);
  return s3_describe_bucket(aws, {resource.name, aws.clock().now_ms()});
}

ResourceRecord s3_delete_bucket(AwsClient& aws, const std::string& name) {
  std::string region = bucket_region(aws, name);
  AwsClient::RestCall call = bucket_call(aws, name, region);
  call.method = "DELETE";
  aws.rest("s3", region, call);
  ResourceRecord r;
  r.external_id = kS3ArnPrefix + name;
  r.provider = "aws";
  r.name = name;
  r.type = "storage";
  r.region = region;
  r.status = "terminated";
  r.spec["kind"] = "s3Bucket";
  return r;
}

}  // namespace cw::providers::aws
