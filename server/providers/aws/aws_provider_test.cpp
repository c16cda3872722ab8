// The aws provider end to end against a local replay server (TestHttpServer) serving genuine
// recorded bodies from testdata/aws-responses through the endpoint override: signing, the shared
// client, paging and mapping run unchanged.
#include <gtest/gtest.h>

#include "core/testdata.hpp"
#include "providers/aws/aws_provider.hpp"
#include "providers/common/test_http_server.hpp"
#include "storage/test_support.hpp"

namespace cw::providers::aws {
namespace {

using common::testing::ReceivedRequest;
using common::testing::Reply;
using common::testing::TestHttpServer;
using cw::testing::read_testdata;
using nlohmann::json;

const std::string kInstances = read_testdata("aws-responses/botocore-response_parsing/xml/responses/ec2-describe-instances.xml");

std::string caller_identity_body() {
  // No raw GetCallerIdentity XML in testdata: the recorded values in STS's query envelope.
  json rec = json::parse(read_testdata(
      "aws-responses/cloud-custodian-placebo/sts.GetCallerIdentity/test_credential_sts__sts.GetCallerIdentity_1.json"))["data"];
  return "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult><Arn>" +
         rec["Arn"].get<std::string>() + "</Arn><UserId>" + rec["UserId"].get<std::string>() + "</UserId><Account>" +
         rec["Account"].get<std::string>() + "</Account></GetCallerIdentityResult></GetCallerIdentityResponse>";
}

class AwsProviderTest : public ::testing::Test {
 protected:
  std::unique_ptr<CloudProvider> make(json settings) {
    ProviderAccount account{"acc-aws", "org-1",
                            {{"accessKeyId", "AKIDEXAMPLE"}, {"secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}},
                            settings};
    return kind.create(account, ProviderDeps{clock, *db});
  }
  FakeClock clock{1'440'938'160'000};
  std::unique_ptr<storage::Database> db = storage::testing::fresh_sqlite();
  common::HttpClient http{[] {
                            common::HttpClientSettings s;
                            s.rate.requests_per_second = 0;
                            return s;
                          }(),
                          {clock, [this](Millis ms) { clock.advance(ms); }, [] { return 0.5; }}};
  ProviderKind kind = aws_kind(http);
};

TEST_F(AwsProviderTest, CredentialsValidation) {
  EXPECT_TRUE(validate_credentials({{"accessKeyId", "A"}, {"secretAccessKey", "s"}}).empty());
  EXPECT_TRUE(validate_credentials({{"accessKeyId", "A"}, {"secretAccessKey", "s"}, {"sessionToken", "t"},
                                    {"roleArn", "arn:aws:iam::123456789012:role/x"}, {"externalId", "e"}})
                  .empty());
  auto p = validate_credentials({{"accessKeyId", ""}, {"typo", 1}, {"roleArn", "role"}});
  EXPECT_TRUE(p.count("accessKeyId") && p.count("secretAccessKey") && p.count("typo") && p.count("roleArn"));
  EXPECT_TRUE(validate_credentials({{"accessKeyId", "A"}, {"secretAccessKey", "s"}, {"externalId", "e"}}).count("externalId"));
  EXPECT_EQ(kind.name, "aws");
}

TEST_F(AwsProviderTest, TestConnectionCallsStsGetCallerIdentitySigned) {
  TestHttpServer server([](const ReceivedRequest&) { return Reply{200, {}, caller_identity_body()}; });
  auto p = make({{"endpoints", {{"sts", server.url()}}}});
  ConnectionTest t = p->test_connection();
  EXPECT_TRUE(t.valid);
  EXPECT_EQ(t.identity["accountId"], "644160558196");
  auto req = server.received().at(0);
  EXPECT_EQ(req.body, "Action=GetCallerIdentity&Version=2011-06-15");
  EXPECT_EQ(req.headers["x-amz-date"], "20150830T123600Z");
  EXPECT_EQ(req.headers["authorization"].rfind(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sts/aws4_request, "
                "SignedHeaders=content-type;host;x-amz-date, Signature=", 0),
            0u);
}

TEST_F(AwsProviderTest, TestConnectionReportsTheAwsError) {
  TestHttpServer server([](const ReceivedRequest&) {
    return Reply{403, {}, read_testdata("aws-responses/botocore-response_parsing/xml/errors/sts-get-session-token.xml")};
  });
  auto p = make({{"endpoints", {{"sts", server.url()}}}});
  ConnectionTest t = p->test_connection();
  EXPECT_FALSE(t.valid);
  ASSERT_EQ(t.errors.size(), 1u);
  EXPECT_EQ(t.errors[0].rfind("AccessDenied: ", 0), 0u);
}

TEST_F(AwsProviderTest, ListResourcesPagesWithNextTokenAcrossRegionsAndRetriesThrottling) {
  std::atomic<int> n{0};
  // Page 1 of each region carries a nextToken (inserted into the recorded body), page 2 does not;
  // the very first call is throttled.
  TestHttpServer server([&](const ReceivedRequest& req) {
    if (++n == 1)
      return Reply{503, {}, "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>x</Message></Error></Errors></Response>"};
    if (req.body.find("NextToken=") == std::string::npos) {
      std::string body = kInstances;
      body.insert(body.find("</DescribeInstancesResponse>"), "<nextToken>tok/2</nextToken>");
      return Reply{200, {}, body};
    }
    return Reply{200, {}, kInstances};
  });
  auto p = make({{"regions", {"us-west-2", "eu-west-1"}}, {"endpoints", {{"ec2", server.url()}}}});
  std::vector<ResourceRecord> all;
  std::vector<std::string> tokens;
  std::string token;
  do {
    ResourcePage page = p->list_resources(token, 100);
    all.insert(all.end(), page.items.begin(), page.items.end());
    token = page.next_token;
    tokens.push_back(token);
  } while (!token.empty());
  EXPECT_EQ(tokens, (std::vector<std::string>{"0:tok/2", "1:", "1:tok/2", ""}));
  EXPECT_EQ(all.size(), 8u);
  EXPECT_EQ(all[0].region, "us-west-2");
  EXPECT_EQ(all[7].region, "eu-west-1");
  auto received = server.received();
  EXPECT_NE(received.at(2).body.find("NextToken=tok%2F2"), std::string::npos);
  EXPECT_NE(received.at(1).headers["authorization"].find("/us-west-2/ec2/aws4_request"), std::string::npos);
  EXPECT_NE(received.back().headers["authorization"].find("/eu-west-1/ec2/aws4_request"), std::string::npos);
  EXPECT_THROW(p->list_resources("9:x", 100), ProviderError);
}

}  // namespace
}  // namespace cw::providers::aws
