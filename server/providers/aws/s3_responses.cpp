#include "providers/aws/s3_responses.hpp"

#include <pugixml.hpp>

#include "providers/provider.hpp"

namespace cw::providers::aws {
namespace {

pugi::xml_node root_of(pugi::xml_document& doc, std::string_view body, const char* root_name) {
  if (!doc.load_buffer(body.data(), body.size()))
    throw ProviderError("MalformedResponse", std::string("S3 answer is not XML (expected ") + root_name + ")");
  pugi::xml_node root = doc.child(root_name);
  if (!root) throw ProviderError("MalformedResponse", std::string("S3 answer is not a ") + root_name);
  return root;
}

}  // namespace

std::vector<S3Bucket> parse_list_buckets(std::string_view body) {
  pugi::xml_document doc;
  pugi::xml_node root = root_of(doc, body, "ListAllMyBucketsResult");
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
  std::string location = root_of(doc, body, "LocationConstraint").text().as_string();
  if (location.empty()) return "us-east-1";
  if (location == "EU") return "eu-west-1";
  return location;
}

std::string parse_bucket_encryption(std::string_view body) {
  pugi::xml_document doc;
  pugi::xml_node root = root_of(doc, body, "ServerSideEncryptionConfiguration");
  for (pugi::xml_node rule : root.children("Rule")) {
    std::string algorithm = rule.child("ApplyServerSideEncryptionByDefault").child_value("SSEAlgorithm");
    if (!algorithm.empty()) return algorithm;
  }
  return "";
}

bool parse_public_access_block(std::string_view body) {
  pugi::xml_document doc;
  pugi::xml_node root = root_of(doc, body, "PublicAccessBlockConfiguration");
  for (const char* flag : {"BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"})
    if (!root.child(flag).text().as_bool()) return false;
  return true;
}

std::string parse_bucket_versioning(std::string_view body) {
  pugi::xml_document doc;
  return root_of(doc, body, "VersioningConfiguration").child_value("Status");
}

}  // namespace cw::providers::aws
