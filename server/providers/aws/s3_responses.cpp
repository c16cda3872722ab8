#include "providers/aws/s3_responses.hpp"

#include <algorithm>
#include <cctype>

#include "providers/aws/xml_answer.hpp"
#include "providers/provider.hpp"

namespace cw::providers::aws {

std::vector<S3Bucket> parse_list_buckets(std::string_view body) {
  pugi::xml_document doc;
  pugi::xml_node root = xml_root(doc, body, "ListAllMyBucketsResult", "S3 (ListAllMyBucketsResult)");
  std::vector<S3Bucket> buckets;
  for (pugi::xml_node b : root.child("Buckets").children("Bucket")) {
    S3Bucket bucket{b.child_value("Name"), parse_rfc3339(b.child_value("CreationDate")).value_or(0)};
    if (bucket.name.empty()) throw ProviderError("MalformedResponse", "ListBuckets: a bucket without a Name");
    buckets.push_back(std::move(bucket));
  }
  return buckets;
}

std::string parse_bucket_location(std::string_view body) {
  pugi::xml_document doc;
  std::string location = xml_root(doc, body, "LocationConstraint", "S3 (LocationConstraint)").text().as_string();
  if (location.empty()) return "us-east-1";
  if (location == "EU") return "eu-west-1";
  return location;
}

std::string parse_bucket_encryption(std::string_view body) {
  pugi::xml_document doc;
  pugi::xml_node root =
      xml_root(doc, body, "ServerSideEncryptionConfiguration", "S3 (ServerSideEncryptionConfiguration)");
  for (pugi::xml_node rule : root.children("Rule")) {
    std::string algorithm = rule.child("ApplyServerSideEncryptionByDefault").child_value("SSEAlgorithm");
    if (!algorithm.empty()) return algorithm;
  }
  return "";
}

bool parse_public_access_block(std::string_view body) {
  pugi::xml_document doc;
  pugi::xml_node root = xml_root(doc, body, "PublicAccessBlockConfiguration", "S3 (PublicAccessBlockConfiguration)");
  for (const char* flag : {"BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"})
    if (!root.child(flag).text().as_bool()) return false;
  return true;
}

std::string parse_bucket_versioning(std::string_view body) {
  pugi::xml_document doc;
  return xml_root(doc, body, "VersioningConfiguration", "S3 (VersioningConfiguration)").child_value("Status");
}

bool parse_policy_status(std::string_view body) {
  pugi::xml_document doc;
  std::string v = xml_root(doc, body, "PolicyStatus", "S3 (PolicyStatus)").child_value("IsPublic");
  // The API reference's own example answers "TRUE".
  std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return std::tolower(c); });
  return v == "true";
}

bool parse_bucket_logging(std::string_view body) {
  pugi::xml_document doc;
  return static_cast<bool>(
      xml_root(doc, body, "BucketLoggingStatus", "S3 (BucketLoggingStatus)").child("LoggingEnabled"));
}

bool policy_denies_insecure_transport(std::string_view policy) {
  auto doc = nlohmann::json::parse(policy, nullptr, false);
  if (!doc.is_object()) throw ProviderError("MalformedResponse", "S3 GetBucketPolicy: the policy is not JSON");
  auto statements = doc.value("Statement", nlohmann::json::array());
  if (statements.is_object()) statements = nlohmann::json::array({statements});  // one statement may stand alone
  for (const auto& st : statements) {
    if (!st.is_object() || st.value("Effect", "") != "Deny") continue;
    const auto condition = st.value("Condition", nlohmann::json::object());
    if (!condition.is_object()) continue;
    for (const auto& [op, tests] : condition.items()) {
      if (op != "Bool" || !tests.is_object()) continue;
      for (const auto& [key, value] : tests.items()) {
        std::string k = key;
        std::transform(k.begin(), k.end(), k.begin(), [](unsigned char c) { return std::tolower(c); });
        const bool is_false = (value.is_string() && value == "false") || (value.is_boolean() && !value.get<bool>()) ||
                              (value.is_array() && value.size() == 1 && value[0] == "false");
        if (k == "aws:securetransport" && is_false) return true;
      }
    }
  }
  return false;
}

}  // namespace cw::providers::aws
