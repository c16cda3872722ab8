// Parsers of the account-, identity- and key-level answers (IAM, the credential report,
// CloudTrail, KMS) on genuine bodies: botocore's IAM response-parsing XML (compared with what
// botocore parsed), botocore API examples, awscli examples and cloud-custodian's placebo
// recordings put back into their documented envelopes (aws_recordings_test_support.hpp) — plus
// truncated and unexpected bodies, which must be refused or read as unknown, never crash.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/testdata.hpp"
#include "providers/aws/aws_recordings_test_support.hpp"
#include "providers/aws/awscli_examples_test_support.hpp"
#include "providers/aws/cloudtrail.hpp"
#include "providers/aws/credential_report.hpp"
#include "providers/aws/iam_responses.hpp"
#include "providers/aws/kms_responses.hpp"
#include "providers/aws/xml_responses.hpp"
#include "providers/test_support.hpp"

namespace cw::providers::aws {
namespace {

using aws::testing::api_example;
using aws::testing::iam_answer;
using aws::testing::iam_error;
using aws::testing::json_wire;
using aws::testing::placebo;
using aws::testing::summary_answer;
using cw::testing::read_project_testdata;
using cw::testing::read_testdata;
using nlohmann::json;
using providers::testing::code_of;

const std::string kParsing = "aws-responses/botocore-response_parsing/xml/responses/";
const Millis kDecember2016 = parse_rfc3339("2016-12-01T00:00:00Z").value();

json awscli(const std::string& file, int n = 0) {
  return aws::testing::awscli_output_of(read_project_testdata("aws/" + file), n);
}

TEST(AccountFactsParsers, AccountSummaryRootFacts) {
  // botocore's raw answer predates AccountAccessKeysPresent: MFA known, root keys unknown.
  AccountSummary raw = parse_account_summary(read_testdata(kParsing + "iam-get-account-summary.xml"));
  json want = json::parse(read_testdata(kParsing + "iam-get-account-summary.json"))["SummaryMap"];
  EXPECT_EQ(raw.root_mfa_enabled, want["AccountMFAEnabled"] == 1);
  EXPECT_FALSE(raw.root_access_keys);
  // The API example (root key present, no MFA) and a recorded account (MFA, no root key).
  AccountSummary example =
      parse_account_summary(summary_answer(api_example("iam-2010-05-08", "GetAccountSummary")["SummaryMap"]));
  EXPECT_EQ(example.root_access_keys, true);
  EXPECT_EQ(example.root_mfa_enabled, false);
  AccountSummary recorded = parse_account_summary(
      summary_answer(placebo("test_account_root_api_keys__iam.GetAccountSummary_1")["data"]["SummaryMap"]));
  EXPECT_EQ(recorded.root_access_keys, false);
  EXPECT_EQ(recorded.root_mfa_enabled, true);
  // A value that is not 0/1 is unknown; a body that is not the answer is refused.
  AccountSummary odd = parse_account_summary(summary_answer({{"AccountMFAEnabled", "yes"}}));
  EXPECT_FALSE(odd.root_mfa_enabled);
  EXPECT_EQ(code_of([] { parse_account_summary("<GetAccountSummaryResponse/>"); }), "MalformedResponse");
  EXPECT_EQ(code_of([] { parse_account_summary("<GetAccountSummaryResponse><GetAccountSumm"); }), "MalformedResponse");
}

TEST(AccountFactsParsers, PasswordPolicyAndItsAbsence) {
  for (const json& policy :
       {placebo("test_account_password_policy_update__iam.GetAccountPasswordPolicy_1")["data"]["PasswordPolicy"],
        api_example("iam-2010-05-08", "GetAccountPasswordPolicy")["PasswordPolicy"]}) {
    std::string xml;
    for (const auto& [key, value] : policy.items()) xml += "<" + key + ">" + value.dump() + "</" + key + ">";
    EXPECT_EQ(parse_password_policy_min_length(
                  iam_answer("GetAccountPasswordPolicy", "<PasswordPolicy>" + xml + "</PasswordPolicy>")),
              policy["MinimumPasswordLength"].get<int>());
  }
  EXPECT_FALSE(parse_password_policy_min_length(iam_answer(
      "GetAccountPasswordPolicy", "<PasswordPolicy><RequireSymbols>true</RequireSymbols></PasswordPolicy>")));
  EXPECT_EQ(code_of([] { parse_password_policy_min_length(iam_answer("GetAccountPasswordPolicy", "")); }),
            "MalformedResponse");
  // No policy: IAM answers 404 NoSuchEntity (recorded).
  json missing = placebo("test_account_missing_password_policy__iam.GetAccountPasswordPolicy_1");
  EXPECT_EQ(missing["status_code"], 404);
  ProviderError e = error_from_response(404, iam_error(missing["data"]["Error"]));
  EXPECT_EQ(e.code(), "NoSuchEntity");
  EXPECT_FALSE(e.retryable());
  EXPECT_EQ(parse_error(read_testdata("aws-responses/botocore-response_parsing/xml/errors/iam-get-user.xml"))->code,
            "NoSuchEntity");
}

TEST(AccountFactsParsers, AccountAliases) {
  json want = json::parse(read_testdata(kParsing + "iam-list-account-aliases.json"))["AccountAliases"];
  EXPECT_EQ(json(parse_account_aliases(read_testdata(kParsing + "iam-list-account-aliases.xml"))), want);
  EXPECT_TRUE(parse_account_aliases(iam_answer("ListAccountAliases", "<AccountAliases/>")).empty());
}

TEST(AccountFactsParsers, CredentialReportStateAndContent) {
  EXPECT_EQ(parse_credential_report_state(aws::testing::generate_report_answer("STARTED")), "STARTED");
  EXPECT_EQ(awscli("iam_generate-credential-report.rst")["State"], "STARTED");
  EXPECT_EQ(code_of([] { parse_credential_report_state(iam_answer("GenerateCredentialReport", "")); }),
            "MalformedResponse");
  const std::string csv =
      placebo("test_account_credential_report__iam.GetCredentialReport_1")["data"]["Content"].get<std::string>();
  EXPECT_EQ(parse_credential_report_content(
                aws::testing::credential_report_answer("test_account_credential_report__iam.GetCredentialReport_1")),
            csv);
  // Base64 wrapped over lines reads the same; anything else is refused.
  std::string encoded = crypto::base64_encode(csv);
  for (size_t at = 76; at < encoded.size(); at += 77) encoded.insert(at, "\n");
  EXPECT_EQ(parse_credential_report_content(iam_answer("GetCredentialReport", "<Content>" + encoded + "</Content>")),
            csv);
  EXPECT_EQ(
      code_of([] { parse_credential_report_content(iam_answer("GetCredentialReport", "<Content>*not*</Content>")); }),
      "MalformedResponse");
  EXPECT_EQ(code_of([] { parse_credential_report_content(iam_answer("GetCredentialReport", "")); }),
            "MalformedResponse");
  EXPECT_EQ(code_of([] {
              parse_credential_report_content(
                  iam_answer("GetCredentialReport", "<Content>YQ==</Content><ReportFormat>text/xml</ReportFormat>"));
            }),
            "MalformedResponse");
  // Not ready: GetCredentialReport's recorded 404 ReportInProgress.
  json pending = placebo("test_iam_user_unused_keys_report_in_progress__iam.GetCredentialReport_1");
  EXPECT_EQ(error_from_response(pending["status_code"].get<long>(), iam_error(pending["data"]["Error"])).code(),
            "ReportInProgress");
}

TEST(AccountFactsParsers, CredentialReportRowsBecomeUsersWithTheirFacts) {
  const std::string csv =
      placebo("test_account_credential_report__iam.GetCredentialReport_1")["data"]["Content"].get<std::string>();
  CredentialReport report = parse_credential_report(csv, kDecember2016);
  EXPECT_EQ(report.root_mfa_enabled, true);
  EXPECT_EQ(report.root_access_keys, false);
  // Worked out separately (Python's csv module) from the same report on 2016-12-01: name,
  // console password, MFA, oldest active key's age, days since the least recently used active
  // key was used (or created, when never used); -1 = no active key.
  struct Want {
    const char* name;
    bool console, mfa;
    int age, last_used;
  };
  const Want kWant[] = {
      {"andrew", true, false, 92, 50},     {"anthony", true, true, -1, -1},   {"c7n-iam-test", false, false, 15, 15},
      {"c7n-test", false, false, -1, -1},  {"calvin", true, true, 15, 15},    {"chrissy", true, true, -1, -1},
      {"christopher", true, false, 77, 9}, {"david", true, true, 46, 23},     {"jeff", true, false, -1, -1},
      {"Jennifer", true, false, 9, 9},     {"joshua", true, true, 70, 9},     {"kapil", true, false, 159, 5},
      {"kit", true, false, 84, 8},         {"mandeep", true, true, 49, 12},   {"matt", true, true, -1, -1},
      {"rob", true, true, 54, 7},          {"ryanwolfe", true, true, 63, 63}, {"scot", true, false, 54, 12},
      {"steven", true, false, 83, 71}};
  // christopher has two rows with one ARN: one user, the later row.
  ASSERT_EQ(report.users.size(), std::size(kWant));
  for (size_t i = 0; i < std::size(kWant); ++i) {
    const ResourceRecord& r = report.users[i];
    const Want& w = kWant[i];
    SCOPED_TRACE(w.name);
    EXPECT_EQ(r.name, w.name);
    EXPECT_EQ(r.external_id, std::string("arn:aws:iam::644160558196:user/") + w.name);
    EXPECT_EQ(r.type, "identity");
    EXPECT_EQ(r.region, "global");
    EXPECT_EQ(r.status, "running");
    EXPECT_EQ(r.spec["kind"], "iamUser");
    EXPECT_EQ(r.posture["consolePassword"], w.console);
    EXPECT_EQ(r.posture["mfaEnabled"], w.mfa);
    if (w.age < 0) {
      EXPECT_FALSE(r.posture.contains("accessKeyAgeDays"));
      EXPECT_FALSE(r.posture.contains("accessKeyLastUsedDays"));
    } else {
      EXPECT_EQ(r.posture["accessKeyAgeDays"], w.age);
      EXPECT_EQ(r.posture["accessKeyLastUsedDays"], w.last_used);
    }
    EXPECT_FALSE(r.posture.contains("unknown")) << r.posture.dump();
  }
  EXPECT_EQ(report.users[0].created_at, parse_rfc3339("2016-08-30T17:37:35+00:00").value());

  // Another account's report: the root user has an active access key (and no MFA).
  CredentialReport other = parse_credential_report(
      placebo("test_iam_user_unused_keys_report_in_progress__iam.GetCredentialReport_2")["data"]["Content"]
          .get<std::string>(),
      kDecember2016);
  EXPECT_EQ(other.root_access_keys, true);
  EXPECT_EQ(other.root_mfa_enabled, false);
  EXPECT_EQ(other.users.size(), 7u);
}

TEST(AccountFactsParsers, CredentialReportOddInput) {
  const std::string header =
      "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,"
      "mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,"
      "access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,"
      "access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
      "cert_1_last_rotated,cert_2_active,cert_2_last_rotated\r\n";
  // A quoted name with a comma and CRLF line ends; a row cut short after the password column; a
  // row with placeholders where values belong; an active key whose dates are unreadable.
  CredentialReport r = parse_credential_report(
      header +
          "\"a,b\",\"arn:aws:iam::1:user/a,b\",2016-08-30T17:37:35+00:00,false,N/A,N/A,N/A,false,false,N/A,N/A,N/A,"
          "N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\r\n"
          "cut,arn:aws:iam::1:user/cut,2016-08-30T17:37:35+00:00,true\r\n"
          "odd,arn:aws:iam::1:user/odd,no_information,not_supported,N/A,N/A,N/A,no_information,false,N/A,N/A,N/A,"
          "N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\r\n"
          "dates,arn:aws:iam::1:user/dates,2016-08-30T17:37:35+00:00,true,N/A,N/A,N/A,true,true,yesterday,"
          "no_information,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\r\n"
          "\r\n",
      kDecember2016);
  ASSERT_EQ(r.users.size(), 4u);
  EXPECT_EQ(r.users[0].name, "a,b");
  EXPECT_EQ(r.users[0].external_id, "arn:aws:iam::1:user/a,b");
  EXPECT_EQ(r.users[0].posture, (json{{"consolePassword", false}, {"mfaEnabled", false}}));
  EXPECT_EQ(r.users[1].posture, (json{{"consolePassword", true},
                                      {"unknown", {"mfaEnabled", "accessKeyAgeDays", "accessKeyLastUsedDays"}}}));
  EXPECT_EQ(r.users[2].posture, (json{{"unknown", {"consolePassword", "mfaEnabled"}}}));
  EXPECT_EQ(r.users[2].created_at, 0);
  EXPECT_EQ(r.users[3].posture, (json{{"consolePassword", true},
                                      {"mfaEnabled", true},
                                      {"unknown", {"accessKeyAgeDays", "accessKeyLastUsedDays"}}}));
  EXPECT_FALSE(r.root_access_keys) << "no root row: unknown";
  // A key rotated in the future (a clock ahead of ours) is 0 days old, not negative.
  CredentialReport ahead = parse_credential_report(
      header +
          "x,arn:aws:iam::1:user/x,2016-08-30T17:37:35+00:00,false,N/A,N/A,N/A,false,true,2017-01-01T00:00:00+00:00,"
          "N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n",
      kDecember2016);
  EXPECT_EQ(ahead.users.at(0).posture["accessKeyAgeDays"], 0);
  for (const char* bad : {"", "\n\n", "name,id\nx,y\n", "user,arn\n\"x,arn\n"})
    EXPECT_EQ(code_of([&] { parse_credential_report(bad, kDecember2016); }), "MalformedResponse") << bad;
  EXPECT_TRUE(parse_credential_report("user,arn\n", kDecember2016).users.empty());
}

TEST(AccountFactsParsers, ListUsersMatchesBotocore) {
  ResourcePage page = parse_list_users(read_testdata(kParsing + "iam-list-users.xml"));
  json want = json::parse(read_testdata(kParsing + "iam-list-users.json"))["Users"];
  ASSERT_EQ(page.items.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(page.items[i].external_id, want[i]["Arn"]);
    EXPECT_EQ(page.items[i].name, want[i]["UserName"]);
    EXPECT_EQ(page.items[i].type, "identity");
    EXPECT_EQ(page.items[i].spec["kind"], "iamUser");
    EXPECT_TRUE(page.items[i].posture.empty());
  }
  EXPECT_EQ(page.next_token, "");
  ResourcePage more = parse_list_users(
      iam_answer("ListUsers",
                 "<Users><member><UserName>Jackie</UserName><Arn>arn:aws:iam::123456789012:user/Jackie</Arn>"
                 "<CreateDate>2015-06-17T19:11:50Z</CreateDate></member></Users><IsTruncated>true</IsTruncated>"
                 "<Marker>m/2</Marker>"));
  EXPECT_EQ(more.next_token, "m/2");
  EXPECT_EQ(more.items.at(0).created_at, parse_rfc3339("2015-06-17T19:11:50Z").value());
  EXPECT_EQ(code_of([] { parse_list_users(iam_answer("ListUsers", "<IsTruncated>true</IsTruncated>")); }),
            "MalformedResponse");
  EXPECT_EQ(code_of([] {
              parse_list_users(iam_answer("ListUsers", "<Users><member><UserName>x</UserName></member></Users>"));
            }),
            "MalformedResponse");
}

TEST(AccountFactsParsers, TrailsAndTheirStatus) {
  auto trails = parse_describe_trails(
      json_wire(placebo("test_cloudtrail_is_shadow_or_not__cloudtrail.DescribeTrails_1")["data"]).dump());
  ASSERT_EQ(trails.size(), 3u);
  EXPECT_EQ(trails[1].name, "MultiRegion2CloudTrail");
  EXPECT_EQ(trails[1].arn, "arn:aws:cloudtrail:us-east-2:123456789012:trail/MultiRegion2CloudTrail");
  EXPECT_EQ(trails[1].home_region, "us-east-2");
  EXPECT_TRUE(trails[1].multi_region);
  EXPECT_FALSE(trails[2].multi_region);
  auto example = parse_describe_trails(awscli("cloudtrail_describe-trails.rst").dump());
  ASSERT_EQ(example.size(), 2u);
  EXPECT_EQ(example[0].name, "Trail1");
  EXPECT_FALSE(example[0].multi_region);
  EXPECT_FALSE(
      parse_trail_is_logging(json_wire(placebo("test_cloudtrail_status__cloudtrail.GetTrailStatus_1")["data"]).dump()));
  EXPECT_TRUE(
      parse_trail_is_logging(json_wire(placebo("test_cloudtrail_status__cloudtrail.GetTrailStatus_2")["data"]).dump()));
  EXPECT_TRUE(parse_trail_is_logging(awscli("cloudtrail_get-trail-status.rst").dump()));
  EXPECT_TRUE(parse_describe_trails("{}").empty()) << "no trails";
  EXPECT_EQ(code_of([] { parse_describe_trails(R"({"trailList": {}})"); }), "MalformedResponse");
  EXPECT_EQ(code_of([] { parse_describe_trails(R"({"trailList": [{"IsMultiRegionTrail": true}]})"); }),
            "MalformedResponse");
  EXPECT_EQ(code_of([] { parse_trail_is_logging(R"({"IsLogging": "yes"})"); }), "MalformedResponse");
  EXPECT_EQ(code_of([] { parse_trail_is_logging("<html>"); }), "MalformedResponse");
}

TEST(AccountFactsParsers, KmsKeyListsAndAliases) {
  json keys = api_example("kms-2014-11-01", "ListKeys");
  KmsKeyPage page = parse_list_keys(keys.dump());
  ASSERT_EQ(page.keys.size(), keys["Keys"].size());
  EXPECT_EQ(page.keys[0].id, keys["Keys"][0]["KeyId"]);
  EXPECT_EQ(page.keys[0].arn, keys["Keys"][0]["KeyArn"]);
  EXPECT_EQ(page.next_marker, "");
  json truncated = json_wire(placebo("test_key_rotation__kms.ListKeys_1")["data"]);
  truncated["Truncated"] = true;
  truncated["NextMarker"] = "AE0AAAACAHZlcnNpb24AAAABMQ==";
  EXPECT_EQ(parse_list_keys(truncated.dump()).next_marker, "AE0AAAACAHZlcnNpb24AAAABMQ==");
  truncated.erase("NextMarker");
  EXPECT_EQ(code_of([&] { parse_list_keys(truncated.dump()); }), "MalformedResponse");
  EXPECT_EQ(code_of([] { parse_list_keys(R"({"Keys": [{"KeyArn": "arn"}]})"); }), "MalformedResponse");
  EXPECT_EQ(code_of([] { parse_list_keys(R"({"Keys": 3})"); }), "MalformedResponse");

  json aliases = api_example("kms-2014-11-01", "ListAliases");
  KmsAliasPage names = parse_list_aliases(aliases.dump());
  EXPECT_EQ(names.alias_of_key.size(), aliases["Aliases"].size());
  EXPECT_EQ(names.alias_of_key.at("25a217e7-7170-4b8c-8bf6-045ea5f70e5b"), "alias/aws/ebs");
  EXPECT_EQ(parse_list_aliases(json_wire(placebo("test_account_disable_ebs_encrypt__kms.ListAliases_1")["data"]).dump())
                .alias_of_key.at("798bc4bb-3079-4a9a-bc27-2c7f2b6c91d0"),
            "alias/aws/ebs");
  EXPECT_TRUE(parse_list_aliases(R"({"Aliases": [{"AliasName": "alias/unused"}]})").alias_of_key.empty());
}

TEST(AccountFactsParsers, KmsKeysCustomerAwsManagedAndAsymmetric) {
  // The API examples: symmetric customer key, asymmetric RSA (disabled), multi-region, HMAC.
  std::vector<ResourceRecord> examples;
  for (int n = 0; n < 4; ++n)
    examples.push_back(parse_describe_key(
        json{{"KeyMetadata", api_example("kms-2014-11-01", "DescribeKey", n)["KeyMetadata"]}}.dump(), "us-west-2"));
  const ResourceRecord& symmetric = examples[0];
  EXPECT_EQ(symmetric.external_id, "arn:aws:kms:us-east-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");
  EXPECT_EQ(symmetric.name, "1234abcd-12ab-34cd-56ef-1234567890ab");
  EXPECT_EQ(symmetric.type, "key");
  EXPECT_EQ(symmetric.region, "us-west-2");
  EXPECT_EQ(symmetric.status, "running");
  EXPECT_EQ(symmetric.spec["kind"], "kmsKey");
  EXPECT_EQ(symmetric.spec["keyManager"], "CUSTOMER");
  EXPECT_EQ(symmetric.spec["keySpec"], "SYMMETRIC_DEFAULT");
  EXPECT_EQ(symmetric.spec["keyState"], "Enabled");
  EXPECT_FALSE(symmetric.spec.contains("description")) << "empty: left out";
  EXPECT_EQ(symmetric.created_at, parse_rfc3339("2017-07-05T14:04:55-07:00").value());
  EXPECT_TRUE(key_rotation_applies(symmetric));
  const ResourceRecord& rsa = examples[1];
  EXPECT_EQ(rsa.status, "stopped");
  EXPECT_EQ(rsa.spec["keySpec"], "RSA_2048");
  EXPECT_EQ(rsa.spec["keyUsage"], "SIGN_VERIFY");
  EXPECT_EQ(rsa.created_at, 1571767572317);  // epoch seconds, as the json protocol sends them
  EXPECT_FALSE(key_rotation_applies(rsa));
  EXPECT_EQ(examples[2].spec["keySpec"], "SYMMETRIC_DEFAULT") << "CustomerMasterKeySpec when KeySpec is absent";
  EXPECT_EQ(examples[2].spec["multiRegion"], true);
  EXPECT_TRUE(key_rotation_applies(examples[2]));
  EXPECT_EQ(examples[3].spec["keySpec"], "HMAC_256");
  EXPECT_FALSE(key_rotation_applies(examples[3]));

  // Recorded: an AWS-managed key, a customer key from before KeySpec existed, and a customer key
  // awaiting imported material (rotation is not KMS's to do).
  ResourceRecord managed = parse_describe_key(
      json_wire(placebo("test_account_disable_ebs_encrypt__kms.DescribeKey_1")["data"]).dump(), "us-east-1");
  EXPECT_EQ(managed.spec["keyManager"], "AWS");
  EXPECT_EQ(managed.spec["description"],
            "Default master key that protects my EBS volumes when no other key is defined");
  EXPECT_FALSE(key_rotation_applies(managed));
  ResourceRecord old =
      parse_describe_key(json_wire(placebo("test_key_rotation__kms.DescribeKey_1")["data"]).dump(), "us-east-1");
  EXPECT_FALSE(old.spec.contains("keySpec"));
  EXPECT_TRUE(key_rotation_applies(old));
  EXPECT_EQ(old.created_at, parse_rfc3339("2018-01-30T15:44:19.013Z").value());
  ResourceRecord imported = parse_describe_key(
      json_wire(placebo("test_key_rotation_unsupportedopp__kms.DescribeKey_1")["data"]).dump(), "us-west-2");
  EXPECT_EQ(imported.status, "provisioning");  // PendingImport
  EXPECT_EQ(imported.spec["origin"], "EXTERNAL");
  EXPECT_FALSE(key_rotation_applies(imported));
  ResourceRecord deleting = symmetric;
  deleting.status = map_key_state("PendingDeletion");
  EXPECT_EQ(deleting.status, "terminated");
  EXPECT_FALSE(key_rotation_applies(deleting));
  EXPECT_EQ(map_key_state("PendingReplicaDeletion"), "terminated");
  EXPECT_EQ(map_key_state("Unavailable"), "error");
  EXPECT_EQ(map_key_state("Creating"), "provisioning");

  EXPECT_TRUE(parse_key_rotation_status(api_example("kms-2014-11-01", "GetKeyRotationStatus").dump()));
  EXPECT_TRUE(parse_key_rotation_status(awscli("kms_get-key-rotation-status.rst").dump()));
  EXPECT_TRUE(
      parse_key_rotation_status(json_wire(placebo("test_key_rotation__kms.GetKeyRotationStatus_1")["data"]).dump()));
  EXPECT_EQ(code_of([] { parse_key_rotation_status("{}"); }), "MalformedResponse");
  EXPECT_EQ(code_of([] { parse_describe_key("{}", "us-east-1"); }), "MalformedResponse");
  EXPECT_EQ(code_of([] { parse_describe_key(R"({"KeyMetadata": []})", "us-east-1"); }), "MalformedResponse");
  EXPECT_EQ(code_of([] { parse_describe_key("[1]", "us-east-1"); }), "MalformedResponse");
  // Members of the wrong type read as absent.
  ResourceRecord odd =
      parse_describe_key(R"({"KeyMetadata": {"KeyId": "k", "KeyManager": 1, "CreationDate": "soon"}})", "r");
  EXPECT_EQ(odd.external_id, "k");
  EXPECT_EQ(odd.status, "error");
  EXPECT_FALSE(odd.spec.contains("keyManager"));
  EXPECT_FALSE(key_rotation_applies(odd));
  EXPECT_EQ(odd.created_at, 0);
}

}  // namespace
}  // namespace cw::providers::aws
