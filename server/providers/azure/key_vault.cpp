#include "providers/azure/key_vault.hpp"

#include <algorithm>
#include <cctype>
#include <cstddef>

#include "providers/azure/arm_fields.hpp"

namespace cw::providers::azure {
namespace {

using arm_fields::arr;
using arm_fields::lower;
using arm_fields::obj;
using arm_fields::str;
using nlohmann::json;

using arm_fields::invalid;

}  // namespace

Vault parse_vault(const json& vault) {
  const std::string id = str(vault, "id");
  if (id.empty()) invalid("a key vault without an id");
  // The id becomes the path of the keys list, sent with our token: an ARM path and nothing else.
  if (lower(id).rfind("/subscriptions/", 0) != 0 || id.find_first_of("?#% \t\r\n") != std::string::npos ||
      id.find("..") != std::string::npos || id.back() == '/')
    invalid("a key vault id that is not a resource path");
  return {id, str(vault, "name"), str(vault, "location")};
}

bool is_key_of_vault(const std::string& key_id, const Vault& vault) {
  const std::string prefix = lower(vault.id + "/keys/");
  if (key_id.size() <= prefix.size() || lower(key_id).rfind(prefix, 0) != 0) return false;
  // Key names are 1-127 letters, digits and dashes.
  return std::all_of(key_id.begin() + static_cast<std::ptrdiff_t>(prefix.size()), key_id.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; });
}

bool rotation_policy_rotates(const json& key) {
  const json& policy = obj(obj(key, "properties"), "rotationPolicy");
  for (const json& action : arr(policy, "lifetimeActions")) {
    if (lower(str(obj(action, "action"), "type")) != "rotate") continue;
    // A rotate action fires on a trigger; without one nothing ever rotates the key.
    const json& trigger = obj(action, "trigger");
    if (!str(trigger, "timeAfterCreate").empty() || !str(trigger, "timeBeforeExpiry").empty()) return true;
  }
  return false;
}

ResourceRecord key_vault_key_record(const json& key, const Vault& vault, bool rotation_policy_read) {
  const std::string id = str(key, "id");
  if (id.empty()) invalid("a Key Vault key without an id");
  if (!is_key_of_vault(id, vault)) invalid("a key that is not in vault " + vault.name);
  const json& props = obj(key, "properties");
  const json& attributes = obj(props, "attributes");
  ResourceRecord rec;
  rec.external_id = id;
  rec.provider = "azure";
  rec.name = str(key, "name");
  rec.type = "key";
  rec.region = vault.location.empty() ? str(key, "location") : vault.location;
  rec.status = attributes.value("enabled", json(true)) == json(false) ? "stopped" : "running";
  if (attributes.contains("created") && attributes["created"].is_number_integer())
    rec.created_at = attributes["created"].get<Millis>() * 1000;  // seconds since the epoch
  for (const auto& [k, v] : obj(key, "tags").items())
    if (v.is_string()) rec.tags[k] = v;
  rec.spec["kind"] = "keyVaultKey";
  rec.spec["vault"] = vault.name;
  if (!str(props, "kty").empty()) rec.spec["kty"] = str(props, "kty");
  if (props.contains("keySize") && props["keySize"].is_number_integer()) rec.spec["keySize"] = props["keySize"];
  if (!str(props, "curveName").empty()) rec.spec["curveName"] = str(props, "curveName");
  if (rotation_policy_read)
    rec.posture["keyRotationEnabled"] = rotation_policy_rotates(key);
  else
    rec.posture["unknown"] = json::array({"keyRotationEnabled"});
  return rec;
}

}  // namespace cw::providers::azure
