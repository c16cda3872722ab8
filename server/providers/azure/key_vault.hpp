#pragma once
/// Key Vault keys read through Azure Resource Manager (Microsoft.KeyVault/vaults/keys): metadata
/// only — key type, state, rotation policy — never key material, and without the vault's data
/// plane (its access policies, RBAC data actions or firewall do not apply to these reads).
///
/// Every key in a vault is customer-managed, and Key Vault rotates RSA and EC keys as well as
/// symmetric ones (standard vaults hold no "oct" keys at all), so unlike AWS and GCP every key gets
/// `keyRotationEnabled`: true when its rotation policy has a "rotate" lifetime action with a
/// trigger (CIS Azure 3.0 asks for one on every key), false when the policy has none or there is
/// no policy.
#include <nlohmann/json.hpp>

#include <string>

#include "providers/provider.hpp"

namespace cw::providers::azure {

/// What a key record needs of its vault (an item of the vaults list).
struct Vault {
  std::string id, name, location;
};
/// "InvalidResponse" for a vault without an id.
Vault parse_vault(const nlohmann::json& vault);

/// Whether `key`'s properties.rotationPolicy rotates it automatically.
bool rotation_policy_rotates(const nlohmann::json& key);

/// A key of `vault` (type "key", spec.kind "keyVaultKey"). `key` is the key's own GET answer,
/// which carries kty and rotationPolicy; when only the list item could be read
/// (`rotation_policy_read` false: the list leaves rotationPolicy out), rotation stays unknown
/// (posture.unknown). "InvalidResponse" for a key without an id or outside the vault.
ResourceRecord key_vault_key_record(const nlohmann::json& key, const Vault& vault, bool rotation_policy_read);

/// A key id of the keys list that is a path under `vault` (the key's own GET follows it with our
/// token); false for anything else.
bool is_key_of_vault(const std::string& key_id, const Vault& vault);

}  // namespace cw::providers::azure
