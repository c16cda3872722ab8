#include "providers/aws/kms.hpp"

#include <algorithm>

#include "providers/aws/aws_errors.hpp"
#include "providers/aws/kms_responses.hpp"
#include "providers/common/paging.hpp"

namespace cw::providers::aws {
namespace {

std::string kms_call(AwsClient& aws, const std::string& region, const std::string& action,
                     const nlohmann::json& input) {
  return aws.json("kms", region, aws.regional_endpoint("kms", region), "TrentService." + action, "1.1", input.dump())
      .body;
}

/// Key id → alias for every alias of the region; empty when ListAliases is denied.
std::map<std::string, std::string> region_aliases(AwsClient& aws, const std::string& region) {
  std::map<std::string, std::string> aliases;
  try {
    common::follow_pages("ListAliases", [&](const std::string& marker) {
      nlohmann::json input = {{"Limit", 100}};
      if (!marker.empty()) input["Marker"] = marker;
      KmsAliasPage page = parse_list_aliases(kms_call(aws, region, "ListAliases", input));
      aliases.insert(page.alias_of_key.begin(), page.alias_of_key.end());  // the first alias of a key wins
      return page.next_marker;
    });
  } catch (const ProviderError& e) {
    if (!is_access_denied_code(e.code())) throw;
    aliases.clear();
  }
  return aliases;
}

/// What ListKeys alone says about a key DescribeKey may not read: it exists (a deleted key is not
/// listed), and nothing more.
ResourceRecord listed_key(const KmsKeyRef& key, const std::string& region) {
  ResourceRecord r;
  r.external_id = key.arn.empty() ? key.id : key.arn;
  r.provider = "aws";
  r.name = key.id;
  r.type = "key";
  r.region = region;
  r.status = "running";
  r.spec["kind"] = "kmsKey";
  r.spec["keyId"] = key.id;
  r.posture["unknown"] = {"keyRotationEnabled"};
  return r;
}

}  // namespace

KmsKeyPage kms_list_keys(AwsClient& aws, const std::string& region, const std::string& marker, int limit) {
  nlohmann::json input = {{"Limit", std::clamp(limit, 1, 1000)}};
  if (!marker.empty()) input["Marker"] = marker;
  return parse_list_keys(kms_call(aws, region, "ListKeys", input));
}

ResourcePage kms_list(AwsClient& aws, const std::string& region, const std::string& marker, int page_size) {
  KmsKeyPage keys;
  try {
    keys = kms_list_keys(aws, region, marker, page_size);
  } catch (const ProviderError& e) {
    if (is_access_denied_code(e.code())) return {};
    throw;
  }
  ResourcePage page;
  page.next_token = keys.next_marker;
  if (keys.keys.empty()) return page;
  const std::map<std::string, std::string> aliases = region_aliases(aws, region);
  for (const KmsKeyRef& key : keys.keys) {
    ResourceRecord r;
    try {
      r = parse_describe_key(kms_call(aws, region, "DescribeKey", {{"KeyId", key.id}}), region);
    } catch (const ProviderError& e) {
      if (e.code() == "NotFoundException") continue;  // deleted since it was listed
      if (!is_access_denied_code(e.code())) throw;
      r = listed_key(key, region);  // the key policy does not let us describe it
    }
    if (auto alias = aliases.find(key.id); alias != aliases.end()) r.name = alias->second;
    if (key_rotation_applies(r)) {
      try {
        r.posture["keyRotationEnabled"] =
            parse_key_rotation_status(kms_call(aws, region, "GetKeyRotationStatus", {{"KeyId", key.id}}));
      } catch (const ProviderError& e) {
        // Denied, or the key changed since DescribeKey (disabled, deleted, material gone).
        if (!is_access_denied_code(e.code()) && e.code() != "UnsupportedOperationException" &&
            e.code() != "KMSInvalidStateException" && e.code() != "NotFoundException")
          throw;
        r.posture["unknown"] = {"keyRotationEnabled"};
      }
    }
    page.items.push_back(std::move(r));
  }
  return page;
}

}  // namespace cw::providers::aws
