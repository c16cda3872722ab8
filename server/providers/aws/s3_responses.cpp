#include "providers/aws/s3_responses.hpp"

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

}  // namespace cw::providers::aws
