// The account, IAM user and KMS key sources of the aws provider, end to end against a local
// replay AWS (TestHttpServer) answering each call with a genuine recorded body in its documented
// envelope (aws_recordings_test_support.hpp): the facts, the services that switch each part on,
// a credential report that is not ready yet, and every read answered AccessDenied — which leaves
// its facts unknown and never fails the sync.
#include <gtest/gtest.h>

#include "core/testdata.hpp"
#include "providers/aws/aws_provider.hpp"
#include "providers/aws/aws_recordings_test_support.hpp"
#include "providers/common/test_client.hpp"
#include "providers/common/test_http_server.hpp"
#include "providers/test_support.hpp"
#include "storage/test_support.hpp"

namespace cw::providers::aws {
namespace {

using common::testing::ReceivedRequest;
using common::testing::Reply;
using common::testing::TestHttpServer;
using cw::testing::read_testdata;
using nlohmann::json;
using providers::testing::list_all;

using aws::testing::action_of;
using aws::testing::FakeAws;
using aws::testing::kAwsKey;
using aws::testing::kCustomerKey;
using aws::testing::kRsaKey;

const std::string kParsing = "aws-responses/botocore-response_parsing/xml/";

class AccountSourcesTest : public ::testing::Test {
 protected:
  std::unique_ptr<CloudProvider> make(const std::vector<std::string>& services) {
    const std::string url = server.url();
    json settings = {{"regions", {"us-east-1"}},
                     {"services", services},
                     {"endpoints", {{"sts", url}, {"iam", url}, {"cloudtrail", url}, {"kms", url}}}};
    ProviderAccount account{
        "acc-aws",
        "org-1",
        {{"accessKeyId", "AKIDEXAMPLE"}, {"secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}},
        settings};
    return kind.create(account, ProviderDeps{clock, *db});
  }
  std::vector<ResourceRecord> of_type(const std::vector<ResourceRecord>& all, const std::string& type) {
    std::vector<ResourceRecord> out;
    for (const auto& r : all)
      if (r.type == type) out.push_back(r);
    return out;
  }
  const ResourceRecord& named(const std::vector<ResourceRecord>& all, const std::string& name) {
    for (const auto& r : all)
      if (r.name == name) return r;
    throw std::runtime_error("no " + name);
  }

  FakeClock clock{parse_rfc3339("2016-12-01T00:00:00Z").value()};
  std::unique_ptr<storage::Database> db = storage::testing::fresh_sqlite();
  common::HttpClient http{common::testing::unlimited_settings(), common::testing::instant_effects(clock)};
  ProviderKind kind = aws_kind(http);
  FakeAws fake;
  TestHttpServer server{[this](const ReceivedRequest& req) { return fake(req); }};
};

TEST_F(AccountSourcesTest, TheAccountItsUsersAndKeysFromRecordedAnswers) {
  auto p = make({"iam", "cloudtrail", "kms"});
  std::vector<std::string> tokens;
  std::vector<ResourceRecord> all = list_all(*p, 1000, &tokens);
  // Sources: the account, the users, then the region's keys over two ListKeys pages.
  EXPECT_EQ(tokens, (std::vector<std::string>{"1:", "2:", "2:page/2+", ""}));

  const ResourceRecord& account = all.at(0);
  EXPECT_EQ(account.type, "account");
  EXPECT_EQ(account.external_id, "644160558196");
  EXPECT_EQ(account.name, "foocorporation");
  EXPECT_EQ(account.region, "global");
  EXPECT_EQ(account.status, "running");
  EXPECT_EQ(account.spec["kind"], "account");
  EXPECT_EQ(account.posture, (json{{"rootMfaEnabled", true},
                                   {"rootAccessKeys", false},
                                   {"passwordPolicy", true},
                                   {"passwordMinLength", 10},
                                   {"trailEnabled", true},
                                   {"trailMultiRegion", true}}));

  auto users = of_type(all, "identity");
  ASSERT_EQ(users.size(), 19u);
  const ResourceRecord& andrew = named(users, "andrew");
  EXPECT_EQ(andrew.external_id, "arn:aws:iam::644160558196:user/andrew");
  EXPECT_EQ(andrew.posture, (json{{"consolePassword", true},
                                  {"mfaEnabled", false},
                                  {"accessKeyAgeDays", 92},
                                  {"accessKeyLastUsedDays", 50},
                                  {"adminWildcardPolicy", true}}))
      << "AdministratorAccess through its group (the AWS CLI example's Alice)";
  EXPECT_EQ(named(users, "anthony").posture,
            (json{{"consolePassword", true}, {"mfaEnabled", true}, {"adminWildcardPolicy", true}}))
      << "no access key: no key facts; its own Deny policy does not undo the group's grant";
  // The example's Charlie: its group's PowerUserAccess is in no page of the answer.
  EXPECT_EQ(named(users, "c7n-iam-test").posture["unknown"], (json{"adminWildcardPolicy"}));
  for (const auto& u : users)
    EXPECT_TRUE(u.posture.contains("adminWildcardPolicy") ||
                u.posture["unknown"].dump().find("adminWildcardPolicy") != std::string::npos)
        << u.name;

  auto keys = of_type(all, "key");
  ASSERT_EQ(keys.size(), 3u);
  const ResourceRecord& managed = named(keys, "alias/aws/ebs");
  EXPECT_EQ(managed.spec["keyManager"], "AWS");
  EXPECT_EQ(managed.region, "us-east-1");
  EXPECT_EQ(managed.status, "running");
  EXPECT_TRUE(managed.posture.empty()) << "AWS-managed: rotation is not the customer's";
  const ResourceRecord& customer = named(keys, kCustomerKey);  // no alias: named by its id
  EXPECT_EQ(customer.external_id, "arn:aws:kms:us-east-1:644160558196:key/" + kCustomerKey);
  EXPECT_EQ(customer.spec["kind"], "kmsKey");
  EXPECT_EQ(customer.posture, (json{{"keyRotationEnabled", true}}));
  const ResourceRecord& rsa = named(keys, kRsaKey);
  EXPECT_EQ(rsa.status, "stopped");
  EXPECT_EQ(rsa.spec["keySpec"], "RSA_2048");
  EXPECT_TRUE(rsa.posture.empty()) << "asymmetric: rotation does not apply";
  EXPECT_EQ(fake.count("GetKeyRotationStatus"), 1) << "asked for the customer's symmetric key only";

  // The wire: IAM and STS signed for us-east-1; CloudTrail lists shadow trails and asks each
  // trail's status by ARN in its home region; KMS follows the marker and asks ListAliases once a page.
  int trail_status = 0;
  for (const auto& req : server.received()) {
    const std::string action = action_of(req);
    SCOPED_TRACE(action);
    if (action == "GetAccountSummary") {
      EXPECT_EQ(req.body, "Action=GetAccountSummary&Version=2010-05-08");
      EXPECT_NE(req.headers.at("authorization").find("/us-east-1/iam/aws4_request"), std::string::npos);
    }
    if (action == "DescribeTrails") {
      EXPECT_EQ(json::parse(req.body), (json{{"includeShadowTrails", true}}));
      EXPECT_EQ(req.headers.at("x-amz-target"),
                "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.DescribeTrails");
      EXPECT_EQ(req.headers.at("content-type"), "application/x-amz-json-1.1");
    }
    if (action == "GetTrailStatus") {
      ++trail_status;
      EXPECT_EQ(
          json::parse(req.body)["Name"].get<std::string>().rfind("arn:aws:cloudtrail:us-east-1:644160558196:trail/", 0),
          0u);
      EXPECT_NE(req.headers.at("authorization").find("/us-east-1/cloudtrail/aws4_request"), std::string::npos);
    }
    if (action == "ListKeys") {
      EXPECT_EQ(req.headers.at("x-amz-target"), "TrentService.ListKeys");
      EXPECT_EQ(json::parse(req.body)["Limit"], 1000);
      EXPECT_NE(req.headers.at("authorization").find("/us-east-1/kms/aws4_request"), std::string::npos);
    }
  }
  EXPECT_EQ(trail_status, 2);
  // Authorization details: read once, both pages, the second by the first's Marker.
  std::vector<std::string> details;
  for (const auto& req : server.received())
    if (action_of(req) == "GetAccountAuthorizationDetails") details.push_back(req.body);
  ASSERT_EQ(details.size(), 2u);
  const std::string form =
      "Action=GetAccountAuthorizationDetails&Version=2010-05-08&Filter.member.1=User&Filter.member.2=Group"
      "&Filter.member.3=LocalManagedPolicy&Filter.member.4=AWSManagedPolicy&MaxItems=1000";
  EXPECT_EQ(details[0], form);
  EXPECT_EQ(details[1], form +
                            "&Marker=EXAMPLEkakv9BCuUNFDtxWSyfzetYwEx2ADc8dnzfvERF5S6YMvXKx41t6gCl%2FeeaCX3Jo94%2F"
                            "bKqezEAg8TEVS99EKFLxm3jtbpl25FDWEXAMPLE");
  EXPECT_EQ(fake.count("ListKeys"), 2);
  EXPECT_EQ(fake.count("ListAliases"), 2);
  EXPECT_EQ(fake.count("GenerateCredentialReport"), 1);
  EXPECT_EQ(fake.count("ListUsers"), 0);
}

TEST_F(AccountSourcesTest, NoPasswordPolicyAndRootFactsTheSummaryLacksComeFromTheReport) {
  // botocore's recorded summary has no AccountAccessKeysPresent; this report's root has a key.
  fake.summary = read_testdata(kParsing + "responses/iam-get-account-summary.xml");
  fake.password_policy = false;
  fake.report = "test_iam_user_unused_keys_report_in_progress__iam.GetCredentialReport_2";
  auto p = make({"iam"});
  std::vector<ResourceRecord> all = list_all(*p, 1000);
  EXPECT_EQ(all.at(0).posture, (json{{"rootMfaEnabled", false}, {"rootAccessKeys", true}, {"passwordPolicy", false}}));
  EXPECT_EQ(of_type(all, "identity").size(), 7u);
  EXPECT_EQ(fake.count("DescribeTrails") + fake.count("ListKeys"), 0) << "only IAM was asked for";
}

TEST_F(AccountSourcesTest, AReportStillBeingGeneratedIsAskedAgainWithBackoffThenUsersAreListedWithoutFacts) {
  fake.report_states = {"STARTED", "INPROGRESS"};  // never COMPLETE within the client's attempts
  auto p = make({"iam"});
  const Millis before = clock.now_ms();
  ResourcePage users = p->list_resources("1:", 1000);
  const int attempts = http.settings().retry.max_attempts;
  EXPECT_EQ(fake.count("GenerateCredentialReport"), attempts);
  EXPECT_GT(clock.now_ms(), before) << "waited between attempts (the client's backoff), no busy loop";
  EXPECT_EQ(fake.count("GetCredentialReport"), 0);
  // The users are still listed (so the sync does not take them for deleted), their facts unknown.
  ASSERT_EQ(users.items.size(), 2u);
  EXPECT_EQ(users.items[0].name, "Andrew");
  EXPECT_EQ(users.items[0].type, "identity");
  EXPECT_EQ(
      users.items[0].posture,
      (json{{"unknown",
             {"consolePassword", "mfaEnabled", "accessKeyAgeDays", "accessKeyLastUsedDays", "adminWildcardPolicy"}}}))
      << "botocore's Andrew is not among the authorization details' users";
  EXPECT_EQ(users.next_token, "");

  // Ready on the third answer: the report is read.
  fake.report_states = {"STARTED", "INPROGRESS", "COMPLETE"};
  {
    std::lock_guard lock(fake.mutex);
    fake.calls.clear();
  }
  EXPECT_EQ(p->list_resources("1:", 1000).items.size(), 19u);
  EXPECT_EQ(fake.count("GenerateCredentialReport"), 3);
  EXPECT_EQ(fake.count("ListUsers"), 0);

  // COMPLETE, but generated again meanwhile: GetCredentialReport's recorded 404 ReportInProgress.
  fake.report_states = {"COMPLETE"};
  fake.report_in_progress = true;
  EXPECT_EQ(p->list_resources("1:", 1000).items.size(), 2u) << "from ListUsers";
}

TEST_F(AccountSourcesTest, AuthorizationDetailsAreReadOncePerSyncAcrossListUsersPages) {
  fake.denied = {"GenerateCredentialReport"};
  auto p = make({"iam"});
  EXPECT_EQ(p->list_resources("1:", 2).items.size(), 2u);
  EXPECT_EQ(p->list_resources("1:m/1", 2).items.size(), 2u);
  EXPECT_EQ(fake.count("GetAccountAuthorizationDetails"), 2) << "its two pages, once";
  // A provider that starts in the middle of the users (a resumed sync) reads them too.
  auto resumed = make({"iam"});
  resumed->list_resources("1:m/1", 2);
  EXPECT_EQ(fake.count("GetAccountAuthorizationDetails"), 4);
}

TEST_F(AccountSourcesTest, ListUsersFollowsItsMarker) {
  fake.denied = {"GenerateCredentialReport"};
  auto p = make({"iam"});
  ResourcePage page = p->list_resources("1:m/1", 50);
  EXPECT_EQ(page.items.size(), 2u);
  auto received = server.received();
  EXPECT_EQ(received.back().body, "Action=ListUsers&Version=2010-05-08&MaxItems=50&Marker=m%2F1");
  EXPECT_EQ(fake.count("GenerateCredentialReport"), 0) << "a marker continues ListUsers";
}

TEST_F(AccountSourcesTest, EachDeniedReadLeavesOnlyItsFactsUnknown) {
  const json all_known = {{"rootMfaEnabled", true},  {"rootAccessKeys", false}, {"passwordPolicy", true},
                          {"passwordMinLength", 10}, {"trailEnabled", true},    {"trailMultiRegion", true}};
  struct Case {
    const char* denied;
    json unknown;      // the account's unknown facts
    size_t users;      // 19 from the report, 2 from ListUsers
    std::string name;  // the account's name
    size_t keys;
  };
  const Case kCases[] = {
      {"ListAccountAliases", json::array(), 19, "644160558196", 3},
      {"GetAccountSummary", json::array(), 19, "foocorporation", 3},  // the report's root row says it
      {"GetAccountPasswordPolicy", {"passwordPolicy", "passwordMinLength"}, 19, "foocorporation", 3},
      {"GenerateCredentialReport", json::array(), 2, "foocorporation", 3},
      {"GetCredentialReport", json::array(), 2, "foocorporation", 3},
      {"DescribeTrails", {"trailEnabled", "trailMultiRegion"}, 19, "foocorporation", 3},
      {"GetTrailStatus", {"trailEnabled", "trailMultiRegion"}, 19, "foocorporation", 3},
      {"ListKeys", json::array(), 19, "foocorporation", 0},
      {"ListAliases", json::array(), 19, "foocorporation", 3},
      {"DescribeKey", json::array(), 19, "foocorporation", 3},
      {"GetKeyRotationStatus", json::array(), 19, "foocorporation", 3},
      {"GetAccountAuthorizationDetails", json::array(), 19, "foocorporation", 3},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.denied);
    fake.denied = {c.denied};
    auto p = make({"iam", "cloudtrail", "kms"});
    std::vector<ResourceRecord> all;
    ASSERT_NO_THROW(all = list_all(*p, 1000));
    const ResourceRecord& account = all.at(0);
    EXPECT_EQ(account.name, c.name);
    json want = all_known;
    for (const auto& fact : c.unknown) want.erase(fact.get<std::string>());
    if (!c.unknown.empty()) want["unknown"] = c.unknown;
    EXPECT_EQ(account.posture, want);
    EXPECT_EQ(of_type(all, "identity").size(), c.users);
    auto keys = of_type(all, "key");
    ASSERT_EQ(keys.size(), c.keys);
    const std::string denied = c.denied;
    if (denied == "ListAliases") { EXPECT_EQ(keys[0].name, kAwsKey); }
    if (denied == "DescribeKey") {
      for (const auto& k : keys) {
        EXPECT_EQ(k.posture, (json{{"unknown", {"keyRotationEnabled"}}})) << k.name;
        EXPECT_FALSE(k.spec.contains("keyManager"));
      }
    }
    for (const auto& user : of_type(all, "identity")) {
      const bool known = user.posture.contains("adminWildcardPolicy");
      if (denied == "GetAccountAuthorizationDetails") {
        EXPECT_FALSE(known) << user.name;
        EXPECT_NE(user.posture["unknown"].dump().find("adminWildcardPolicy"), std::string::npos) << user.name;
      }
      if (user.name == "andrew" && denied != "GetAccountAuthorizationDetails") { EXPECT_TRUE(known); }
    }
    if (denied == "GetKeyRotationStatus") {
      EXPECT_EQ(named(keys, kCustomerKey).posture, (json{{"unknown", {"keyRotationEnabled"}}}));
    }
  }
  // Everything denied at once: the account (STS needs no permission) with every fact unknown.
  fake.denied = {"ListAccountAliases",
                 "GetAccountSummary",
                 "GetAccountPasswordPolicy",
                 "GenerateCredentialReport",
                 "GetCredentialReport",
                 "ListUsers",
                 "DescribeTrails",
                 "ListKeys",
                 "GetAccountAuthorizationDetails"};
  std::vector<ResourceRecord> all = list_all(*make({"iam", "cloudtrail", "kms"}), 1000);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].name, "644160558196");
  EXPECT_EQ(all[0].posture["unknown"], (json{"rootMfaEnabled", "rootAccessKeys", "passwordPolicy", "passwordMinLength",
                                             "trailEnabled", "trailMultiRegion"}));
}

TEST_F(AccountSourcesTest, OtherFailuresStillFailThePage) {
  // Only "may not" is unknown: a body that is not the answer is an error the sync reports.
  TestHttpServer broken([](const ReceivedRequest&) { return Reply{200, {}, "<html>maintenance</html>"}; });
  ProviderAccount account{
      "acc-aws",
      "org-1",
      {{"accessKeyId", "AKIDEXAMPLE"}, {"secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}},
      {{"services", {"kms"}}, {"endpoints", {{"kms", broken.url()}}}}};
  auto p = kind.create(account, ProviderDeps{clock, *db});
  EXPECT_EQ(providers::testing::code_of([&] { p->list_resources("", 100); }), "MalformedResponse");
}

TEST_F(AccountSourcesTest, ServicesSwitchEachPartOn) {
  // CloudTrail alone: the account with its trail facts, no IAM call (its name is the id).
  std::vector<ResourceRecord> trail_only = list_all(*make({"cloudtrail"}), 1000);
  ASSERT_EQ(trail_only.size(), 1u);
  EXPECT_EQ(trail_only[0].name, "644160558196");
  EXPECT_EQ(trail_only[0].posture, (json{{"trailEnabled", true}, {"trailMultiRegion", true}}));
  EXPECT_EQ(fake.count("GetAccountSummary") + fake.count("GenerateCredentialReport"), 0);
  // KMS alone: keys, no account record.
  std::vector<ResourceRecord> keys_only = list_all(*make({"kms"}), 1000);
  EXPECT_EQ(keys_only.size(), 3u);
  EXPECT_EQ(of_type(keys_only, "account").size(), 0u);
  EXPECT_NO_THROW(
      kind.create({"a",
                   "o",
                   {{"accessKeyId", "AKIDEXAMPLE"}, {"secretAccessKey", "s"}},
                   {{"services", {"iam", "cloudtrail", "kms", "ec2"}}, {"endpoints", {{"sts", server.url()}}}}},
                  ProviderDeps{clock, *db}));
  try {
    kind.create({"a",
                 "o",
                 {{"accessKeyId", "AKIDEXAMPLE"}, {"secretAccessKey", "s"}},
                 {{"services", {"iam", "sso"}}, {"endpoints", {{"sts", server.url()}}}}},
                ProviderDeps{clock, *db});
    FAIL();
  } catch (const ProviderError& e) {
    EXPECT_NE(std::string(e.what()).find("ec2, s3, rds, lambda, cloudwatch, ce, iam, cloudtrail, kms"),
              std::string::npos)
        << e.what();
  }
}

TEST_F(AccountSourcesTest, TheConnectionTestProbesEachNewService) {
  auto p = make({"iam", "cloudtrail", "kms"});
  ConnectionTest t = p->test_connection();
  EXPECT_TRUE(t.valid);
  EXPECT_EQ(t.permissions, (std::vector<std::string>{"sts:GetCallerIdentity", "iam:GetAccountSummary",
                                                     "cloudtrail:DescribeTrails", "kms:ListKeys"}));
  EXPECT_EQ(t.services, (std::vector<std::string>{"iam", "cloudtrail", "kms"}));
  fake.denied = {"GetAccountSummary", "DescribeTrails", "ListKeys"};
  t = p->test_connection();
  EXPECT_EQ(t.limitations,
            (std::vector<std::string>{"iam:GetAccountSummary", "cloudtrail:DescribeTrails", "kms:ListKeys"}));
  EXPECT_TRUE(t.errors.empty());
}

}  // namespace
}  // namespace cw::providers::aws
