// Parsers of the two security facts read beside the inventory: VPC flow logs (EC2
// DescribeFlowLogs) and IAM users' administrative policies (GetAccountAuthorizationDetails), on
// cloud-custodian's placebo recordings and the AWS CLI examples put back into their documented
// envelopes (aws_recordings_test_support.hpp), botocore's genuine URL-encoded policy document,
// and truncated or unexpected bodies, which are refused or read as unknown, never a crash.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/testdata.hpp"
#include "providers/aws/aws_recordings_test_support.hpp"
#include "providers/aws/ec2_responses.hpp"
#include "providers/aws/iam_admin_policies.hpp"
#include "providers/aws/sigv4.hpp"
#include "providers/aws/xml_answer.hpp"
#include "providers/test_support.hpp"

namespace cw::providers::aws {
namespace {

using aws::testing::administrator_access_page;
using aws::testing::authorization_details_answer;
using aws::testing::authorization_details_example;
using aws::testing::ec2_list_answer;
using aws::testing::placebo;
using cw::testing::read_project_testdata;
using nlohmann::json;
using providers::testing::code_of;

using Ids = std::set<std::string>;

std::string flow_logs_answer(const std::string& recording, const std::string& next_token = "") {
  return ec2_list_answer("DescribeFlowLogs", "flowLogSet", placebo(recording)["data"]["FlowLogs"], next_token);
}

TEST(SecurityFactsParsers, FlowLogsCountOnlyActiveOnes) {
  FlowLogsPage absent = parse_describe_flow_logs(flow_logs_answer("test_vpc_flow_logs_absent__ec2.DescribeFlowLogs_1"));
  EXPECT_EQ(absent.active_resources, (Ids{"vpc-d2d616b5", "vpc-3065db49"}));
  EXPECT_EQ(absent.next_token, "");
  // vpc-4a9ff72e and vpc-d0e386b7 each have a log in "SOMETHINGBAD" state and an ACTIVE one.
  FlowLogsPage mixed =
      parse_describe_flow_logs(flow_logs_answer("test_vpc_flow_logs_misconfigured__ec2.DescribeFlowLogs_1", "t/2"));
  EXPECT_EQ(mixed.active_resources, (Ids{"vpc-4a9ff72e", "vpc-d0e386b7"}));
  EXPECT_EQ(mixed.next_token, "t/2");
  // The AWS CLI example: a subnet's log and a VPC's.
  json example = aws::testing::awscli_output_of(read_project_testdata("aws/ec2_describe-flow-logs.rst"));
  FlowLogsPage cli = parse_describe_flow_logs(ec2_list_answer("DescribeFlowLogs", "flowLogSet", example["FlowLogs"]));
  EXPECT_EQ(cli.active_resources, (Ids{"subnet-12345678901234567", "vpc-00112233445566778"}));
}

TEST(SecurityFactsParsers, FlowLogsOddInput) {
  // No logs at all, a log naming no resource, an inactive one: nothing is watched.
  EXPECT_TRUE(parse_describe_flow_logs("<DescribeFlowLogsResponse/>").active_resources.empty());
  EXPECT_TRUE(parse_describe_flow_logs("<DescribeFlowLogsResponse><flowLogSet><item><flowLogStatus>ACTIVE"
                                       "</flowLogStatus></item><item><resourceId>vpc-1</resourceId></item>"
                                       "</flowLogSet></DescribeFlowLogsResponse>")
                  .active_resources.empty());
  for (const char* bad : {"<DescribeFlowLogsResponse><flowLogSet><item>", "<DescribeVpcsResponse/>", "", "{}"})
    EXPECT_EQ(code_of([&] { parse_describe_flow_logs(bad); }), "MalformedResponse") << bad;
}

TEST(SecurityFactsParsers, PolicyDocumentsThatGrantEverything) {
  json cli_admin =
      aws::testing::awscli_output_of(read_project_testdata("aws/iam_get-user-policy.rst"))["PolicyDocument"];
  EXPECT_EQ(policy_grants_admin(cli_admin.dump()), true);
  // botocore's recorded GetUserPolicy: a genuine URL-encoded document, EC2 actions on "*".
  pugi::xml_document doc;
  pugi::xml_node result =
      xml_root(
          doc,
          cw::testing::read_testdata("aws-responses/botocore-response_parsing/xml/responses/iam-get-user-policy.xml"),
          "GetUserPolicyResponse", "GetUserPolicy")
          .child("GetUserPolicyResult");
  EXPECT_EQ(policy_grants_admin(percent_decode(result.child_value("PolicyDocument"))), false);

  struct Case {
    const char* document;
    std::optional<bool> admin;
  };
  const Case kCases[] = {
      {R"({"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}})", true},  // one statement, no list
      {R"({"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "*"], "Resource": ["arn:aws:s3:::b", "*"]}]})",
       true},
      {R"({"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
                         {"Effect": "Allow", "Action": "*", "Resource": "*"}]})",
       true},
      {R"({"Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]})", false},
      {R"({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::b/*"}]})", false},
      {R"({"Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}]})", false},
      {R"({"Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]})", false},
      {R"({"Statement": [{"Effect": "Allow", "Action": ["*"]}]})", false},  // no Resource
      {R"({"Statement": [{"Effect": "Allow", "Action": [3, null], "Resource": {"a": "*"}}, "x", 7]})", false},
      {R"({"Version": "2012-10-17"})", false},
      {R"({"Statement": "*"})", false},
      {R"({"Statement": [{"Effect": "Allow", "Action": "*", "Resou)", std::nullopt},  // truncated
      {"[]", std::nullopt},
      {"", std::nullopt},
  };
  for (const Case& c : kCases) EXPECT_EQ(policy_grants_admin(c.document), c.admin) << c.document;
}

TEST(SecurityFactsParsers, AuthorizationDetailsOverPagesWithGroupsAndManagedPolicies) {
  // The AWS CLI example: Alice and Bob are in Admins (AdministratorAccess attached), Bob also has
  // an inline Deny; Charlie is in Dev (PowerUserAccess). The page is truncated: its policies do
  // not include AdministratorAccess or PowerUserAccess yet.
  AdminGrants grants;
  std::string page1 = authorization_details_answer(authorization_details_example());
  EXPECT_EQ(grants.add_page(page1),
            "EXAMPLEkakv9BCuUNFDtxWSyfzetYwEx2ADc8dnzfvERF5S6YMvXKx41t6gCl/eeaCX3Jo94/"
            "bKqezEAg8TEVS99EKFLxm3jtbpl25FDWEXAMPLE");
  const std::string kAlice = "arn:aws:iam::123456789012:user/Alice", kBob = "arn:aws:iam::123456789012:user/Bob",
                    kCharlie = "arn:aws:iam::123456789012:user/Charlie";
  EXPECT_EQ(grants.user_is_admin(kAlice), std::nullopt) << "its group's managed policy is not read yet";
  EXPECT_EQ(grants.user_is_admin(kBob), std::nullopt) << "a Deny is not a grant; still unknown";

  std::string page2 = authorization_details_answer(administrator_access_page());
  EXPECT_EQ(grants.add_page(page2), "");
  EXPECT_EQ(grants.user_is_admin(kAlice), true) << "inherited from the Admins group";
  EXPECT_EQ(grants.user_is_admin(kBob), true) << "its own Deny does not take away the group's grant: flagged";
  EXPECT_EQ(grants.user_is_admin(kCharlie), std::nullopt) << "PowerUserAccess is in no page";
  EXPECT_EQ(grants.user_is_admin("arn:aws:iam::123456789012:user/Nobody"), std::nullopt);

  // Scoped grants only: Dana in Finance (aws-portal:* on "*") with the example's bucket policy.
  json dana = {{"UserDetailList",
                {{{"UserName", "Dana"},
                  {"Arn", "arn:aws:iam::123456789012:user/Dana"},
                  {"GroupList", {"Finance"}},
                  {"UserPolicyList", json::array()},
                  {"AttachedManagedPolicies",
                   {{{"PolicyName", "S3-read-only-specific-bucket"},
                     {"PolicyArn", "arn:aws:iam::123456789012:policy/S3-read-only-specific-bucket"}}}}}}},
               {"IsTruncated", false}};
  std::string page3 = authorization_details_answer(dana);
  grants.add_page(page3);
  EXPECT_EQ(grants.user_is_admin("arn:aws:iam::123456789012:user/Dana"), false);

  // A user's own inline policy granting "*" (the get-user-policy example's document).
  json eve = {
      {"UserDetailList",
       {{{"UserName", "Eve"},
         {"Arn", "arn:aws:iam::123456789012:user/Eve"},
         {"UserPolicyList",
          {{{"PolicyName", "ExamplePolicy"},
            {"PolicyDocument", administrator_access_page()["Policies"][0]["PolicyVersionList"][0]["Document"]}}}}}}}};
  std::string page4 = authorization_details_answer(eve);
  grants.add_page(page4);
  EXPECT_EQ(grants.user_is_admin("arn:aws:iam::123456789012:user/Eve"), true);
}

TEST(SecurityFactsParsers, AuthorizationDetailsOddInput) {
  auto verdict = [](const std::string& result, const std::string& arn = "arn:u") {
    AdminGrants grants;
    std::string body = aws::testing::iam_answer("GetAccountAuthorizationDetails", result);
    grants.add_page(body);
    return grants.user_is_admin(arn);
  };
  // A document that is not URL-encoded JSON, a default version without a document, no default
  // version: unknown. Another grant that is admin still decides.
  EXPECT_EQ(verdict("<UserDetailList><member><Arn>arn:u</Arn><UserPolicyList><member><PolicyDocument>%7B%22Sta"
                    "</PolicyDocument></member></UserPolicyList></member></UserDetailList>"),
            std::nullopt);
  EXPECT_EQ(verdict("<UserDetailList><member><Arn>arn:u</Arn><AttachedManagedPolicies><member><PolicyArn>arn:p"
                    "</PolicyArn></member></AttachedManagedPolicies></member></UserDetailList><Policies><member>"
                    "<Arn>arn:p</Arn><PolicyVersionList><member><IsDefaultVersion>true</IsDefaultVersion></member>"
                    "</PolicyVersionList></member></Policies>"),
            std::nullopt);
  EXPECT_EQ(verdict("<UserDetailList><member><Arn>arn:u</Arn><AttachedManagedPolicies><member><PolicyArn>arn:p"
                    "</PolicyArn></member></AttachedManagedPolicies></member></UserDetailList><Policies><member>"
                    "<Arn>arn:p</Arn><PolicyVersionList><member><IsDefaultVersion>false</IsDefaultVersion><Document>"
                    "%7B%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22*%22%2C%22Resource%22%3A"
                    "%22*%22%7D%7D</Document></member></PolicyVersionList></member></Policies>"),
            std::nullopt)
      << "only the default version applies";
  EXPECT_EQ(verdict("<UserDetailList><member><Arn>arn:u</Arn><GroupList><member>g</member></GroupList>"
                    "<UserPolicyList><member><PolicyDocument>garbage</PolicyDocument></member><member><PolicyDocument>"
                    "%7B%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22*%22%2C%22Resource%22%3A"
                    "%22*%22%7D%7D</PolicyDocument></member></UserPolicyList></member></UserDetailList>"),
            true);
  EXPECT_EQ(verdict("<UserDetailList><member><Arn>arn:u</Arn></member></UserDetailList>"), false) << "no grants";

  for (const std::string bad : {"<UserDetailList><member><UserName>x</UserName></member></UserDetailList>",
                                "<IsTruncated>true</IsTruncated>"}) {
    AdminGrants grants;
    std::string body = aws::testing::iam_answer("GetAccountAuthorizationDetails", bad);
    EXPECT_EQ(code_of([&] { grants.add_page(body); }), "MalformedResponse") << bad;
  }
  for (std::string body : {std::string("<GetAccountAuthorizationDetailsResponse><GetAccountAuthor"),
                           std::string("<GetAccountAuthorizationDetailsResponse/>"), std::string("<html/>")}) {
    AdminGrants grants;
    EXPECT_EQ(code_of([&] { grants.add_page(body); }), "MalformedResponse") << body;
  }
}

}  // namespace
}  // namespace cw::providers::aws
