// The security-scope parsers on genuine recordings (server/tests/testdata/gcp/cloud-custodian-flights:
// cloud-custodian flight files {"headers", "body"}, kept verbatim). Variants the recordings lack
// (disabled or expired keys, exemptions, asymmetric keys) change documented fields of a recorded
// body and say so.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/testdata.hpp"
#include "providers/gcp/security_responses.hpp"
#include "providers/test_support.hpp"

namespace cw::providers::gcp {
namespace {

using cw::testing::read_project_testdata;
using nlohmann::json;
using providers::testing::code_of;

json recorded(const std::string& name) {
  return json::parse(read_project_testdata("gcp/cloud-custodian-flights/" + name))["body"];
}

const std::string kAllServicesPolicy = "project-iam-policy__post-v1-projects-custodian-test-getIamPolicy_1.json";
const std::string kOneServicePolicy = "project-set-iam-policy__post-v1-projects-cloud-custodian-getIamPolicy_1.json";
const std::string kAccounts = "iam-service-account-key-query__get-v1-projects-cloud-custodian-serviceAccounts_1.json";
const std::string kDisabledAccounts =
    "iam-service-account-enable__get-v1-projects-cloud-custodian-serviceAccounts_1.json";
const std::string kKeys =
    "iam-service-account-key-query__get-v1-projects-cloud-custodian-serviceAccounts-test-cutodian-scc@cloud-custodian."
    "iam.gserviceaccount.com-keys_1.json";
const std::string kRotationKeys =
    "kms-cryptokey-label__get-v1-projects-cloud-custodian-locations-us-central1-keyRings-c7n-kr-002c1dda-cryptoKeys_1."
    "json";
const std::string kScheduledForDestruction =
    "kms-cryptokey-label__get-v1-projects-cloud-custodian-locations-us-central1-keyRings-c7n-dataproc-kr-8f5962e0-"
    "cryptoKeys_1.json";

const ResourceRecord& by_name(const std::vector<ResourceRecord>& items, const std::string& name) {
  for (const auto& r : items)
    if (r.name == name) return r;
  throw std::runtime_error("no record " + name);
}

TEST(GcpSecurityResponses, DataAccessLogsForAllServicesFollowCisGcp21) {
  EXPECT_TRUE(data_access_logs_for_all_services(recorded(kAllServicesPolicy).dump()));
  // Data-access logs for one service only (cloudtasks.googleapis.com) do not cover the project.
  EXPECT_FALSE(data_access_logs_for_all_services(recorded(kOneServicePolicy).dump()));

  // Variants of the recorded allServices policy (fields of the documented AuditConfig).
  json policy = recorded(kAllServicesPolicy);
  json reads_only = policy;
  reads_only["auditConfigs"][0]["auditLogConfigs"].erase(0);  // DATA_WRITE gone
  EXPECT_FALSE(data_access_logs_for_all_services(reads_only.dump()));
  json exempted = policy;
  exempted["auditConfigs"][0]["auditLogConfigs"][1]["exemptedMembers"] = {"user:abc@gmail.com"};
  EXPECT_FALSE(data_access_logs_for_all_services(exempted.dump())) << "a user whose reads are not logged";
  json empty_exemptions = policy;
  empty_exemptions["auditConfigs"][0]["auditLogConfigs"][1]["exemptedMembers"] = json::array();
  EXPECT_TRUE(data_access_logs_for_all_services(empty_exemptions.dump()));
  json with_admin_reads = policy;
  with_admin_reads["auditConfigs"][0]["auditLogConfigs"].push_back({{"logType", "ADMIN_READ"}});
  EXPECT_TRUE(data_access_logs_for_all_services(with_admin_reads.dump()));
  json none = policy;
  none.erase("auditConfigs");  // never configured: only Admin Activity logs
  EXPECT_FALSE(data_access_logs_for_all_services(none.dump()));

  EXPECT_EQ(code_of([] { data_access_logs_for_all_services(R"({"auditConfigs": {"service": "allServices"}})"); }),
            "InvalidResponse");
  EXPECT_EQ(code_of([&] { data_access_logs_for_all_services(policy.dump().substr(0, 40)); }), "InvalidResponse");
}

TEST(GcpSecurityResponses, ProjectRecordNamedByItsDisplayNameWhenReadable) {
  ProjectInfo info{"cloud-custodian", "413985786043", "Cloud Custodian", "ACTIVE", 1'600'000'000'000};
  ResourceRecord p = project_record("cloud-custodian", &info);
  EXPECT_EQ(p.external_id, "projects/cloud-custodian");
  EXPECT_EQ(p.type, "account");
  EXPECT_EQ(p.region, "global");
  EXPECT_EQ(p.name, "Cloud Custodian");
  EXPECT_EQ(p.status, "running");
  EXPECT_EQ(p.spec, (json{{"kind", "project"},
                          {"projectId", "cloud-custodian"},
                          {"projectNumber", "413985786043"},
                          {"lifecycleState", "ACTIVE"}}));
  EXPECT_EQ(p.created_at, 1'600'000'000'000);
  info.lifecycle_state = "DELETE_REQUESTED";
  EXPECT_EQ(project_record("cloud-custodian", &info).status, "terminated");
  ResourceRecord bare = project_record("cloud-custodian", nullptr);
  EXPECT_EQ(bare.name, "cloud-custodian");
  EXPECT_EQ(bare.spec, (json{{"kind", "project"}, {"projectId", "cloud-custodian"}}));
  EXPECT_TRUE(bare.posture.empty());
}

TEST(GcpSecurityResponses, ServiceAccountsAreIdentities) {
  RecordPage page = parse_service_account_list(recorded(kAccounts).dump());
  ASSERT_EQ(page.items.size(), 1u);
  const ResourceRecord& a = page.items[0];
  EXPECT_EQ(a.external_id,
            "projects/cloud-custodian/serviceAccounts/test-cutodian-scc@cloud-custodian.iam.gserviceaccount.com");
  EXPECT_EQ(a.name, "test-cutodian-scc@cloud-custodian.iam.gserviceaccount.com");
  EXPECT_EQ(a.type, "identity");
  EXPECT_EQ(a.region, "global");
  EXPECT_EQ(a.status, "running");
  EXPECT_EQ(a.spec["kind"], "serviceAccount");
  EXPECT_EQ(a.spec["displayName"], "test-cutodian-scc");
  EXPECT_EQ(a.spec["disabled"], false);
  EXPECT_EQ(a.spec["description"], "for testing custodian scc");
  EXPECT_TRUE(a.posture.empty()) << "key facts come from the keys call";
  EXPECT_EQ(page.next_page_token, "");

  ResourceRecord disabled = parse_service_account_list(recorded(kDisabledAccounts).dump()).items.at(0);
  EXPECT_EQ(disabled.status, "stopped");
  EXPECT_EQ(disabled.spec["disabled"], true);

  EXPECT_TRUE(parse_service_account_list("{}").items.empty());  // a project without service accounts
  EXPECT_EQ(code_of([] { parse_service_account_list(R"({"accounts": [{"email": "a@b"}]})"); }), "InvalidResponse");
  EXPECT_EQ(code_of([] { parse_service_account_list(R"({"accounts": [{"name": "n", "disabled": "yes"}]})"); }),
            "InvalidResponse");
  EXPECT_EQ(code_of([] { parse_service_account_list(R"({"accounts": [)"); }), "InvalidResponse");
}

TEST(GcpSecurityResponses, AccessKeyAgeIsTheOldestActiveUserManagedKey) {
  // Recorded: a SYSTEM_MANAGED key from 2021-03-23 and a USER_MANAGED one from 2021-03-31T13:27:15Z.
  const Millis now = *parse_rfc3339("2021-04-05T00:00:00Z");
  json keys = recorded(kKeys);
  UserManagedKeys k = parse_user_managed_keys(keys.dump(), now);
  EXPECT_EQ(k.active, 1) << "Google's own key is not counted";
  EXPECT_EQ(k.oldest_age_days, 4);  // 4.4 days, whole days
  ResourceRecord account;
  add_access_key_facts(account, k);
  EXPECT_EQ(account.posture, (json{{"accessKeyAgeDays", 4}}));
  EXPECT_EQ(account.spec["userManagedKeys"], 1);

  // An older user-managed key makes the age; expired and disabled ones (documented
  // ServiceAccountKey fields validBeforeTime, disabled) do not count.
  json older = keys["keys"][1];
  older["validAfterTime"] = "2020-01-01T00:00:00Z";
  json with_older = keys;
  with_older["keys"].push_back(older);
  EXPECT_EQ(parse_user_managed_keys(with_older.dump(), now).oldest_age_days, 460);
  with_older["keys"][2]["validBeforeTime"] = "2021-01-01T00:00:00Z";
  EXPECT_EQ(parse_user_managed_keys(with_older.dump(), now).oldest_age_days, 4) << "the old one expired";
  with_older["keys"][2]["validBeforeTime"] = "9999-12-31T23:59:59Z";
  with_older["keys"][2]["disabled"] = true;
  EXPECT_EQ(parse_user_managed_keys(with_older.dump(), now).oldest_age_days, 4) << "the old one is disabled";

  json only_disabled = keys;
  only_disabled["keys"][1]["disabled"] = true;
  UserManagedKeys none = parse_user_managed_keys(only_disabled.dump(), now);
  EXPECT_EQ(none.active, 0);
  EXPECT_FALSE(none.oldest_age_days);
  ResourceRecord without_keys;
  add_access_key_facts(without_keys, none);
  EXPECT_FALSE(without_keys.posture.contains("accessKeyAgeDays")) << "no active key: no age";
  EXPECT_FALSE(without_keys.posture.contains("unknown"));
  // accessKeyLastUsedDays is not in the IAM API: never reported.
  EXPECT_FALSE(without_keys.posture.contains("accessKeyLastUsedDays"));

  // After the recorded system key's validBeforeTime nothing changes; the user key ages.
  EXPECT_EQ(parse_user_managed_keys(keys.dump(), *parse_rfc3339("2023-11-14T22:13:20Z")).oldest_age_days, 958);

  // An active key without validAfterTime: its age, and so the oldest, is unknown.
  json timeless = keys;
  timeless["keys"][1].erase("validAfterTime");
  UserManagedKeys unknown = parse_user_managed_keys(timeless.dump(), now);
  EXPECT_EQ(unknown.active, 1);
  EXPECT_FALSE(unknown.oldest_age_days);
  ResourceRecord unsure;
  add_access_key_facts(unsure, unknown);
  EXPECT_EQ(unsure.posture, (json{{"unknown", {"accessKeyAgeDays"}}}));

  EXPECT_EQ(parse_user_managed_keys("{}", now).active, 0);
  EXPECT_EQ(code_of([&] { parse_user_managed_keys(R"({"keys": [{"validAfterTime": "yesterday"}]})", now); }),
            "InvalidResponse");
  EXPECT_EQ(code_of([&] { parse_user_managed_keys(R"({"keys": "none"})", now); }), "InvalidResponse");
  EXPECT_EQ(code_of([&] { parse_user_managed_keys(keys.dump().substr(0, 100), now); }), "InvalidResponse");
}

TEST(GcpSecurityResponses, KmsLocationsAndKeyRings) {
  NamePage locations =
      parse_kms_locations(recorded("kms-cryptokey-query__get-v1-projects-cloud-custodian-locations_1.json").dump());
  EXPECT_EQ(locations.names, (std::vector<std::string>{"us-central1"}));
  NamePage rings = parse_key_rings(
      recorded("kms-cryptokey-label__get-v1-projects-cloud-custodian-locations-us-central1-keyRings_1.json").dump());
  ASSERT_EQ(rings.names.size(), 8u);
  EXPECT_EQ(rings.names[0], "c7n-dataproc-kr-8f5962e0");
  EXPECT_EQ(rings.names[3], "c7n-kr-002c1dda");
  EXPECT_EQ(rings.next_page_token, "");
  // A location without key rings answers an empty object.
  EXPECT_TRUE(parse_key_rings(
                  recorded("kms-cryptokey-query__get-v1-projects-cloud-custodian-locations-us-keyRings_1.json").dump())
                  .names.empty());
  EXPECT_EQ(code_of([] { parse_key_rings(R"({"keyRings": [{"createTime": "2021-06-02T20:46:36Z"}]})"); }),
            "InvalidResponse");
  EXPECT_EQ(code_of([] { parse_kms_locations("[]"); }), "InvalidResponse");
}

TEST(GcpSecurityResponses, CryptoKeysRotateAtMostEvery90Days) {
  RecordPage page = parse_crypto_keys(recorded(kRotationKeys).dump());
  ASSERT_EQ(page.items.size(), 4u);
  const ResourceRecord& yearly = by_name(page.items, "c7n-key-bad-365d-002c1dda");
  EXPECT_EQ(yearly.external_id,
            "projects/cloud-custodian/locations/us-central1/keyRings/c7n-kr-002c1dda/cryptoKeys/"
            "c7n-key-bad-365d-002c1dda");
  EXPECT_EQ(yearly.type, "key");
  EXPECT_EQ(yearly.region, "us-central1");
  EXPECT_EQ(yearly.status, "running");  // primary ENABLED
  EXPECT_EQ(yearly.spec["kind"], "cryptoKey");
  EXPECT_EQ(yearly.spec["purpose"], "ENCRYPT_DECRYPT");
  EXPECT_EQ(yearly.spec["protectionLevel"], "SOFTWARE");
  EXPECT_EQ(yearly.spec["algorithm"], "GOOGLE_SYMMETRIC_ENCRYPTION");
  EXPECT_EQ(yearly.spec["keyRing"], "c7n-kr-002c1dda");
  EXPECT_EQ(yearly.spec["rotationPeriodDays"], 365);
  EXPECT_EQ(yearly.tags, (json{{"goog-terraform-provisioned", "true"}}));
  EXPECT_EQ(yearly.created_at, *parse_rfc3339("2026-01-19T21:33:26.772Z"));
  EXPECT_EQ(yearly.posture, (json{{"keyRotationEnabled", false}})) << "365 days is too long";
  EXPECT_EQ(by_name(page.items, "c7n-key-bad-norot-002c1dda").posture, (json{{"keyRotationEnabled", false}}));
  EXPECT_EQ(by_name(page.items, "c7n-key-good-30d-002c1dda").posture, (json{{"keyRotationEnabled", true}}));
  EXPECT_EQ(by_name(page.items, "c7n-key-good-90d-002c1dda").posture, (json{{"keyRotationEnabled", true}}));

  ResourceRecord doomed = parse_crypto_keys(recorded(kScheduledForDestruction).dump()).items.at(0);
  EXPECT_EQ(doomed.status, "terminated");  // DESTROY_SCHEDULED
  EXPECT_EQ(doomed.spec["primaryState"], "DESTROY_SCHEDULED");

  // The recorded 90-day key changed in documented CryptoKey fields.
  json list = recorded(kRotationKeys);
  json key = list["cryptoKeys"][3];
  json disabled = key;
  disabled["primary"]["state"] = "DISABLED";
  json one_second_longer = key;
  one_second_longer["rotationPeriod"] = "7776001s";
  json odd_period = key;
  odd_period["rotationPeriod"] = "90 days";
  // An asymmetric signing key: no primary version, no rotation schedule, EC algorithm.
  json signing = key;
  signing["purpose"] = "ASYMMETRIC_SIGN";
  signing.erase("primary");
  signing.erase("rotationPeriod");
  signing.erase("nextRotationTime");
  signing["versionTemplate"] = {{"protectionLevel", "HSM"}, {"algorithm", "EC_SIGN_P256_SHA256"}};
  RecordPage variants =
      parse_crypto_keys(json{{"cryptoKeys", {disabled, one_second_longer, odd_period, signing}}}.dump());
  ASSERT_EQ(variants.items.size(), 4u);
  EXPECT_EQ(variants.items[0].status, "stopped");
  EXPECT_EQ(variants.items[1].posture["keyRotationEnabled"], false);
  EXPECT_EQ(variants.items[2].posture, (json{{"unknown", {"keyRotationEnabled"}}}));
  const ResourceRecord& asymmetric = variants.items[3];
  EXPECT_EQ(asymmetric.status, "running") << "no primary";
  EXPECT_EQ(asymmetric.spec["purpose"], "ASYMMETRIC_SIGN");
  EXPECT_EQ(asymmetric.spec["protectionLevel"], "HSM");
  EXPECT_TRUE(asymmetric.posture.empty()) << "rotation does not apply to asymmetric keys";

  EXPECT_TRUE(parse_crypto_keys("{}").items.empty());
  json nameless = key;
  nameless["name"] = "c7n-key-good-90d-002c1dda";  // no locations/… in it
  EXPECT_EQ(code_of([&] { parse_crypto_keys(json{{"cryptoKeys", {nameless}}}.dump()); }), "InvalidResponse");
  EXPECT_EQ(code_of([] { parse_crypto_keys(R"({"cryptoKeys": {}})"); }), "InvalidResponse");
  EXPECT_EQ(code_of([&] { parse_crypto_keys(list.dump().substr(0, list.dump().size() / 2)); }), "InvalidResponse");
}

TEST(GcpSecurityResponses, KeyStatesAndDurations) {
  EXPECT_EQ(crypto_key_status("ENABLED"), "running");
  EXPECT_EQ(crypto_key_status(""), "running");
  EXPECT_EQ(crypto_key_status("DISABLED"), "stopped");
  EXPECT_EQ(crypto_key_status("DESTROYED"), "terminated");
  EXPECT_EQ(crypto_key_status("DESTROY_SCHEDULED"), "terminated");
  EXPECT_EQ(crypto_key_status("PENDING_GENERATION"), "provisioning");
  EXPECT_EQ(crypto_key_status("IMPORT_FAILED"), "error");
  EXPECT_EQ(parse_duration_seconds("7776000s"), 7776000);
  EXPECT_EQ(parse_duration_seconds("3.5s"), 3.5);
  for (const char* bad : {"", "s", "7776000", "-1s", "1e3s", ".5s", "1.2.3s", "90 days"})
    EXPECT_FALSE(parse_duration_seconds(bad)) << bad;
}

}  // namespace
}  // namespace cw::providers::gcp
