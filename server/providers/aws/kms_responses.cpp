#include "providers/aws/kms_responses.hpp"

#include "providers/aws/json_answer.hpp"

namespace cw::providers::aws {
namespace {

using nlohmann::json;

const json& list_member(const json& doc, const char* key, const char* what) {
  static const json kEmpty = json::array();
  auto it = doc.find(key);
  if (it == doc.end()) return kEmpty;
  if (!it->is_array()) throw ProviderError("MalformedResponse", std::string(what) + ": " + key + " is not a list");
  return *it;
}

/// NextMarker when Truncated; a truncated page without one cannot be followed.
std::string next_marker(const json& doc, const char* what) {
  if (bool_member(doc, "Truncated") != true) return "";
  std::string marker = string_member(doc, "NextMarker");
  if (marker.empty())
    throw ProviderError("MalformedResponse", std::string(what) + " is truncated without a NextMarker");
  return marker;
}

}  // namespace

KmsKeyPage parse_list_keys(std::string_view body) {
  json doc = json_object_of(body, "ListKeys");
  KmsKeyPage page;
  for (const json& k : list_member(doc, "Keys", "ListKeys")) {
    if (!k.is_object() || string_member(k, "KeyId").empty())
      throw ProviderError("MalformedResponse", "ListKeys: a key has no KeyId");
    page.keys.push_back({string_member(k, "KeyId"), string_member(k, "KeyArn")});
  }
  page.next_marker = next_marker(doc, "ListKeys");
  return page;
}

KmsAliasPage parse_list_aliases(std::string_view body) {
  json doc = json_object_of(body, "ListAliases");
  KmsAliasPage page;
  for (const json& a : list_member(doc, "Aliases", "ListAliases")) {
    if (!a.is_object()) throw ProviderError("MalformedResponse", "ListAliases: an alias is not an object");
    std::string key = string_member(a, "TargetKeyId"), name = string_member(a, "AliasName");
    if (!key.empty() && !name.empty()) page.alias_of_key.emplace(key, name);  // aliases of no key: skipped
  }
  page.next_marker = next_marker(doc, "ListAliases");
  return page;
}

std::string map_key_state(const std::string& state) {
  if (state == "Enabled" || state == "Updating") return "running";
  if (state == "Disabled") return "stopped";
  if (state == "PendingDeletion" || state == "PendingReplicaDeletion") return "terminated";
  if (state == "Creating" || state == "PendingImport") return "provisioning";
  return "error";
}

ResourceRecord parse_describe_key(std::string_view body, const std::string& region) {
  json doc = json_object_of(body, "DescribeKey");
  auto meta = doc.find("KeyMetadata");
  if (meta == doc.end() || !meta->is_object() || string_member(*meta, "KeyId").empty())
    throw ProviderError("MalformedResponse", "DescribeKey answer has no KeyMetadata.KeyId");
  const json& m = *meta;
  ResourceRecord r;
  const std::string id = string_member(m, "KeyId");
  r.external_id = string_member(m, "Arn");
  if (r.external_id.empty()) r.external_id = id;
  r.provider = "aws";
  r.name = id;
  r.type = "key";
  r.region = region;
  const std::string state = string_member(m, "KeyState");
  r.status = map_key_state(state);
  r.spec["kind"] = "kmsKey";
  r.spec["keyId"] = id;
  std::string spec = string_member(m, "KeySpec");
  if (spec.empty()) spec = string_member(m, "CustomerMasterKeySpec");  // before KeySpec existed
  for (auto [key, value] : {std::pair{"keyManager", string_member(m, "KeyManager")},
                            {"keySpec", spec},
                            {"keyState", state},
                            {"keyUsage", string_member(m, "KeyUsage")},
                            {"origin", string_member(m, "Origin")},
                            {"description", string_member(m, "Description")}})
    if (!value.empty()) r.spec[key] = value;
  if (auto multi = bool_member(m, "MultiRegion")) r.spec["multiRegion"] = *multi;
  if (auto created = time_member(m, "CreationDate")) r.created_at = *created;
  return r;
}

bool key_rotation_applies(const ResourceRecord& key) {
  // A key described before KeySpec and Origin existed is symmetric and KMS-generated.
  return key.spec.value("keyManager", "") == "CUSTOMER" &&
         key.spec.value("keySpec", "SYMMETRIC_DEFAULT") == "SYMMETRIC_DEFAULT" &&
         key.spec.value("origin", "AWS_KMS") == "AWS_KMS" && key.status != "terminated";
}

bool parse_key_rotation_status(std::string_view body) {
  json doc = json_object_of(body, "GetKeyRotationStatus");
  std::optional<bool> enabled = bool_member(doc, "KeyRotationEnabled");
  if (!enabled) throw ProviderError("MalformedResponse", "GetKeyRotationStatus answer has no KeyRotationEnabled");
  return *enabled;
}

}  // namespace cw::providers::aws
