// Key Vault keys on genuine answers: cloud-custodian's recorded vault list and rotation policies
// (KeyVaultKeyTest.test_key_vault_keys_rotation, server/tests/testdata/azure) and the official
// Microsoft.KeyVault 2023-07-01 listKeys/getKey examples of azure-rest-api-specs.
//
// ARM's key GET carries the rotation policy in properties.rotationPolicy, documented with the
// shape of the vault's own policy (lifetimeActions[].trigger/action, attributes). No ARM answer
// with a policy was recorded anywhere public, so the two recorded data-plane policies (one with a
// Rotate action, one with Notify only) are put into the getKey example's envelope, without the
// data plane's `id`, which ARM's RotationPolicy does not have.
#include "providers/azure/key_vault.hpp"

#include <gtest/gtest.h>

#include <optional>

#include "providers/azure/arm_responses.hpp"
#include "providers/azure/cassettes_test_support.hpp"

namespace cw::providers::azure {
namespace {

using nlohmann::json;
using testing::project_recorded_body;
using testing::project_specs_example_body;

const char* kRotation = "KeyVaultKeyTest.test_key_vault_keys_rotation";
constexpr size_t kRotatePolicy = 8, kNotifyPolicy = 9;  // the interactions holding the two policies

Vault recorded_vault(size_t index) {
  return parse_vault(parse_arm_page(project_recorded_body(kRotation, 1), "vaults").items.at(index));
}

/// The getKey example as a key `name` of `vault`, with `policy` (a recorded one) when given.
json key_of(const Vault& vault, const std::string& name, std::optional<json> policy = std::nullopt) {
  json key = json::parse(project_specs_example_body("keyvault_get-key.json"));
  key["id"] = vault.id + "/keys/" + name;
  key["name"] = name;
  if (policy) {
    policy->erase("id");
    key["properties"]["rotationPolicy"] = *policy;
  }
  return key;
}
json recorded_policy(size_t interaction) { return json::parse(project_recorded_body(kRotation, interaction)); }

TEST(AzureKeyVault, RecordedVaultListComesInPagesSomeOfThemEmpty) {
  ArmPage first = parse_arm_page(project_recorded_body(kRotation, 0), "vaults");
  EXPECT_TRUE(first.items.empty());
  EXPECT_NE(first.next_link.find("$skiptoken="), std::string::npos);
  EXPECT_EQ(parse_arm_page(project_recorded_body(kRotation, 1), "vaults").items.size(), 2u);
  EXPECT_EQ(parse_arm_page(project_recorded_body(kRotation, 3), "vaults").next_link, "");
  Vault v = recorded_vault(0);
  EXPECT_EQ(v.name, "cfb-qmbknzbm-keyvault");
  EXPECT_EQ(v.location, "centralus");
  EXPECT_EQ(v.id,
            "/subscriptions/2300cc55-8d79-47e6-99e2-027d7cf99299/resourceGroups/cfb-qmbknzbm/providers/"
            "Microsoft.KeyVault/vaults/cfb-qmbknzbm-keyvault");
}

TEST(AzureKeyVault, KeyWithARotateActionHasRotationOn) {
  const Vault vault = recorded_vault(0);
  ResourceRecord rec = key_vault_key_record(
      key_of(vault, "cfb-qmbknzbm-generated-certificate", recorded_policy(kRotatePolicy)), vault, true);
  EXPECT_EQ(rec.external_id, vault.id + "/keys/cfb-qmbknzbm-generated-certificate");
  EXPECT_EQ(rec.provider, "azure");
  EXPECT_EQ(rec.name, "cfb-qmbknzbm-generated-certificate");
  EXPECT_EQ(rec.type, "key");
  EXPECT_EQ(rec.region, "centralus") << "the vault's location";
  EXPECT_EQ(rec.status, "running");
  EXPECT_EQ(rec.created_at, 1598533051000);
  EXPECT_EQ(rec.spec["kind"], "keyVaultKey");
  EXPECT_EQ(rec.spec["vault"], "cfb-qmbknzbm-keyvault");
  EXPECT_EQ(rec.spec["kty"], "RSA");
  EXPECT_EQ(rec.spec["keySize"], 2048);
  EXPECT_EQ(rec.posture["keyRotationEnabled"], true) << "\"Rotate\": the type is read without case";
  EXPECT_FALSE(rec.posture.contains("unknown"));
}

TEST(AzureKeyVault, NotifyOnlyNoPolicyOrNoTriggerIsRotationOff) {
  const Vault vault = recorded_vault(1);
  const std::string name = "cfb-vpbanzbk-generated-certificate";
  EXPECT_EQ(key_vault_key_record(key_of(vault, name, recorded_policy(kNotifyPolicy)), vault, true)
                .posture["keyRotationEnabled"],
            false);
  EXPECT_EQ(key_vault_key_record(key_of(vault, name), vault, true).posture["keyRotationEnabled"], false)
      << "the official example has no rotationPolicy";
  json untriggered = recorded_policy(kRotatePolicy);
  untriggered["lifetimeActions"][0]["trigger"] = json::object();
  EXPECT_FALSE(rotation_policy_rotates(key_of(vault, name, untriggered)));
  json after_create = recorded_policy(kNotifyPolicy);
  after_create["lifetimeActions"] =
      json::array({{{"trigger", {{"timeAfterCreate", "P90D"}}}, {"action", {{"type", "rotate"}}}}});
  EXPECT_TRUE(rotation_policy_rotates(key_of(vault, name, after_create)));
}

TEST(AzureKeyVault, ListedKeysKeepRotationUnknownAndDisabledKeysAreStopped) {
  // The official list answer carries neither kty nor rotationPolicy.
  const Vault sample{
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/sample-group/providers/"
      "Microsoft.KeyVault/vaults/sample-vault-name",
      "sample-vault-name", "westus"};
  ArmPage page = parse_arm_page(project_specs_example_body("keyvault_list-keys.json"), "keys");
  ASSERT_EQ(page.items.size(), 2u);
  ResourceRecord listed = key_vault_key_record(page.items[1], sample, false);
  EXPECT_EQ(listed.name, "sample-key-name-2");
  EXPECT_EQ(listed.region, "westus");
  EXPECT_FALSE(listed.spec.contains("kty"));
  EXPECT_FALSE(listed.posture.contains("keyRotationEnabled"));
  EXPECT_EQ(listed.posture["unknown"], json::array({"keyRotationEnabled"}));

  json disabled = page.items[0];
  disabled["properties"]["attributes"]["enabled"] = false;
  EXPECT_EQ(key_vault_key_record(disabled, sample, false).status, "stopped");
}

TEST(AzureKeyVault, OddAndHostileBodies) {
  const Vault vault = recorded_vault(0);
  auto code = [&](const json& key) {
    try {
      key_vault_key_record(key, vault, true);
    } catch (const ProviderError& e) { return e.code(); }
    return std::string("no error");
  };
  json key = key_of(vault, "k1");
  EXPECT_EQ(code(json::object()), "InvalidResponse");
  EXPECT_EQ(code(json::array()), "InvalidResponse");
  key["id"] = recorded_vault(1).id + "/keys/k1";
  EXPECT_EQ(code(key), "InvalidResponse") << "a key of another vault";
  for (const char* tail : {"/keys/k1?api-version=1", "/keys/../../x", "/keys/", "/keys/k1/versions/v"}) {
    key["id"] = vault.id + tail;
    EXPECT_EQ(code(key), "InvalidResponse") << tail;
  }
  key = key_of(vault, "k1");
  key["properties"] = {{"attributes", "yes"}, {"kty", 3}, {"rotationPolicy", {{"lifetimeActions", "rotate"}}}};
  ResourceRecord odd = key_vault_key_record(key, vault, true);
  EXPECT_EQ(odd.status, "running");
  EXPECT_FALSE(odd.spec.contains("kty"));
  EXPECT_EQ(odd.posture["keyRotationEnabled"], false);
  key["properties"]["rotationPolicy"] = {{"lifetimeActions", json::array({nullptr, 1, {{"action", "rotate"}}})}};
  EXPECT_FALSE(rotation_policy_rotates(key));

  EXPECT_THROW(parse_vault(json::object()), ProviderError);
  EXPECT_THROW(parse_vault({{"id", "https://attacker.example/x"}}), ProviderError);
  EXPECT_THROW(parse_vault({{"id", "/subscriptions/s/resourceGroups/r/../../x"}}), ProviderError);
  EXPECT_THROW(parse_vault({{"id", "/subscriptions/s/vaults/v?x=1"}}), ProviderError);
}

}  // namespace
}  // namespace cw::providers::azure
