// AWS XML parsers on genuine wire bodies from testdata/aws-responses: botocore's response-parsing
// pairs (XML body + the result botocore parsed from it) and the ec2/query protocol error cases.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/testdata.hpp"
#include "providers/aws/awscli_examples_test_support.hpp"
#include "providers/aws/xml_responses.hpp"
#include "providers/test_support.hpp"

namespace cw::providers::aws {
namespace {

using providers::testing::code_of;

using cw::testing::read_testdata;
using nlohmann::json;

const std::string kParsing = "aws-responses/botocore-response_parsing/xml/";

TEST(AwsXmlResponses, DescribeInstancesMatchesBotocoresParse) {
  ResourcePage page = parse_describe_instances(read_testdata(kParsing + "responses/ec2-describe-instances.xml"), "");
  json expected = json::parse(read_testdata(kParsing + "responses/ec2-describe-instances.json"));
  size_t i = 0;
  for (const auto& reservation : expected["Reservations"]) {
    for (const auto& inst : reservation["Instances"]) {
      ASSERT_LT(i, page.items.size());
      const ResourceRecord& r = page.items[i++];
      SCOPED_TRACE(r.external_id);
      EXPECT_EQ(r.external_id, inst["InstanceId"]);
      EXPECT_EQ(r.provider, "aws");
      EXPECT_EQ(r.type, "server");
      EXPECT_EQ(r.status, map_instance_state(inst["State"]["Name"].get<std::string>()));
      EXPECT_EQ(r.spec["instanceType"], inst["InstanceType"]);
      EXPECT_EQ(r.spec["imageId"], inst["ImageId"]);
      EXPECT_EQ(r.spec["availabilityZone"], inst["Placement"]["AvailabilityZone"]);
      EXPECT_EQ(r.spec["ownerId"], reservation["OwnerId"]);
      EXPECT_EQ(r.posture["publicIp"], inst.contains("PublicIpAddress"));
      if (inst.contains("PublicIpAddress")) { EXPECT_EQ(r.spec["publicIpAddress"], inst["PublicIpAddress"]); }
      EXPECT_EQ(r.created_at, parse_rfc3339(inst["LaunchTime"].get<std::string>()).value());
      json tags = json::object();
      for (const auto& t : inst.value("Tags", json::array())) tags[t["Key"].get<std::string>()] = t["Value"];
      EXPECT_EQ(r.tags, tags);
      std::string zone = inst["Placement"]["AvailabilityZone"];
      EXPECT_EQ(r.region, zone.substr(0, zone.size() - 1));
    }
  }
  EXPECT_EQ(i, page.items.size());
  ASSERT_EQ(page.items.size(), 2u);
  EXPECT_EQ(page.items[0].status, "stopped");
  EXPECT_EQ(page.items[1].status, "running");
  EXPECT_EQ(page.items[0].name, "i-fde9cece");  // no Name tag: the id
  EXPECT_TRUE(page.next_token.empty());
}

TEST(AwsXmlResponses, InstanceStates) {
  EXPECT_EQ(map_instance_state("pending"), "provisioning");
  EXPECT_EQ(map_instance_state("running"), "running");
  EXPECT_EQ(map_instance_state("stopping"), "stopped");
  EXPECT_EQ(map_instance_state("stopped"), "stopped");
  EXPECT_EQ(map_instance_state("shutting-down"), "terminated");
  EXPECT_EQ(map_instance_state("terminated"), "terminated");
  EXPECT_EQ(map_instance_state("weird"), "error");
}

TEST(AwsXmlResponses, ErrorBodiesOfEveryProtocolMatchBotocore) {
  for (std::string name : {"ec2-describe-instances", "sts-get-session-token", "s3-create-bucket",
                           "rds-describe-db-instances", "iam-get-user"}) {
    SCOPED_TRACE(name);
    auto error = parse_error(read_testdata(kParsing + "errors/" + name + ".xml"));
    json expected = json::parse(read_testdata(kParsing + "errors/" + name + ".json"));
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->code, expected["Error"]["Code"]);
    EXPECT_EQ(error->message, expected["Error"].value("Message", ""));
    // botocore's S3 fixture leaves ResponseMetadata empty although the body has a RequestId.
    if (expected["ResponseMetadata"].contains("RequestId")) {
      EXPECT_EQ(error->request_id, expected["ResponseMetadata"]["RequestId"]);
    }
  }
}

TEST(AwsXmlResponses, ProtocolTestErrorCases) {
  int checked = 0;
  for (std::string protocol : {"ec2", "query"}) {
    json suites = json::parse(read_testdata("aws-responses/botocore-protocol-tests/output/" + protocol + ".json"));
    for (const auto& suite : suites)
      for (const auto& c : suite["cases"]) {
        if (!c.contains("errorCode")) continue;
        SCOPED_TRACE(protocol + " " + c.value("id", ""));
        auto error = parse_error(c["response"]["body"].get<std::string>());
        ASSERT_TRUE(error.has_value());
        EXPECT_EQ(error->code, c["errorCode"]);
        if (c.contains("errorMessage") && c["errorMessage"].is_string()) {
          EXPECT_EQ(error->message, c["errorMessage"]);
        }
        ++checked;
      }
  }
  EXPECT_GE(checked, 4);
}

TEST(AwsXmlResponses, ErrorsBecomeProviderErrors) {
  ProviderError e = error_from_response(400, read_testdata(kParsing + "errors/ec2-describe-instances.xml"));
  EXPECT_EQ(e.code(), "InvalidInstanceID.Malformed");
  EXPECT_FALSE(e.retryable());
  EXPECT_NE(std::string(e.what()).find("dfb14b43"), std::string::npos);
  ProviderError t = error_from_response(
      400,
      "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>m</Message></Error></Errors></Response>");
  EXPECT_TRUE(t.retryable());
  ProviderError h = error_from_response(502, "<html>bad gateway</html>");
  EXPECT_EQ(h.code(), "HTTP502");
  EXPECT_TRUE(h.retryable());
}

TEST(AwsXmlResponses, GetCallerIdentity) {
  // testdata holds no raw GetCallerIdentity XML; the recording below (cloud-custodian placebo) is
  // botocore's parse of one. We put its values into the query-protocol envelope STS answers with
  // (GetCallerIdentityResponse/GetCallerIdentityResult, as sts-get-session-token.xml shows).
  json rec = json::parse(read_testdata(
      "aws-responses/cloud-custodian-placebo/sts.GetCallerIdentity/test_credential_sts__sts.GetCallerIdentity_1.json"))
      ["data"];
  std::string body =
      "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
      "  <GetCallerIdentityResult>\n    <Arn>" +
      rec["Arn"].get<std::string>() +
      "</Arn>\n"
      "    <UserId>" +
      rec["UserId"].get<std::string>() +
      "</UserId>\n"
      "    <Account>" +
      rec["Account"].get<std::string>() +
      "</Account>\n"
      "  </GetCallerIdentityResult>\n  <ResponseMetadata>\n    <RequestId>" +
      rec["ResponseMetadata"]["RequestId"].get<std::string>() +
      "</RequestId>\n  </ResponseMetadata>\n"
      "</GetCallerIdentityResponse>\n";
  CallerIdentity id = parse_get_caller_identity(body);
  EXPECT_EQ(id.account, "644160558196");
  EXPECT_EQ(id.arn, rec["Arn"]);
  EXPECT_EQ(id.user_id, rec["UserId"]);
}

TEST(AwsXmlResponses, MalformedBodiesAreClearErrors) {
  EXPECT_EQ(code_of([] { parse_describe_instances("not xml <", "us-east-1"); }), "MalformedResponse");
  EXPECT_EQ(code_of([] { parse_describe_instances("<Other/>", "us-east-1"); }), "MalformedResponse");
  EXPECT_EQ(code_of([] { parse_get_caller_identity("<GetCallerIdentityResponse/>"); }), "MalformedResponse");
  EXPECT_EQ(code_of([] {
              parse_describe_instances(
                  "<DescribeInstancesResponse><reservationSet><item><instancesSet><item>"
                  "</item></instancesSet></item></reservationSet></DescribeInstancesResponse>",
                  "us-east-1");
            }),
            "MalformedResponse");
  EXPECT_FALSE(parse_error("<html/>").has_value());
  EXPECT_FALSE(parse_error("").has_value());
}

// The instance metadata service options (for the IMDSv1 rule): the awscli DescribeInstances
// example's MetadataOptions in EC2's XML envelope; "optional" tokens still answer IMDSv1.
TEST(AwsXml, InstanceMetadataOptionsBecomeTheImdsV2Fact) {
  json options =
      testing::awscli_output("ec2_describe-instances.rst")["Reservations"][0]["Instances"][0]["MetadataOptions"];
  auto body = [](const std::string& tokens, const std::string& endpoint) {
    return "<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><reservationSet><item>"
           "<instancesSet><item><instanceId>i-1</instanceId><instanceState><code>16</code><name>running</name>"
           "</instanceState><metadataOptions><state>applied</state><httpTokens>" +
           tokens + "</httpTokens><httpEndpoint>" + endpoint +
           "</httpEndpoint></metadataOptions></item></instancesSet></item></reservationSet></"
           "DescribeInstancesResponse>";
  };
  auto fact = [&](const std::string& tokens, const std::string& endpoint) {
    return parse_describe_instances(body(tokens, endpoint), "us-east-1").items.at(0).posture["imdsV2Required"];
  };
  EXPECT_EQ(fact(options["HttpTokens"], options["HttpEndpoint"]), false);  // the example: "optional", "enabled"
  EXPECT_EQ(fact("required", "enabled"), true);
  EXPECT_EQ(fact("optional", "disabled"), true);  // no metadata service at all
  // An answer without the options says nothing about them.
  auto bare = parse_describe_instances(
      read_testdata("aws-responses/botocore-response_parsing/xml/responses/ec2-describe-instances.xml"), "");
  for (const auto& r : bare.items) EXPECT_FALSE(r.posture.contains("imdsV2Required"));
}

}  // namespace
}  // namespace cw::providers::aws
