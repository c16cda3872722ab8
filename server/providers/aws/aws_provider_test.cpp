// The aws provider end to end against a local replay server (TestHttpServer) serving genuine
// recorded bodies from testdata/aws-responses through the endpoint override: signing, the shared
// client, paging and mapping run unchanged.
#include <gtest/gtest.h>

#include "core/testdata.hpp"
#include "providers/aws/awscli_examples_test_support.hpp"
#include "providers/aws/aws_provider.hpp"
#include "providers/aws/aws_recordings_test_support.hpp"
#include "providers/common/test_client.hpp"
#include "providers/common/test_http_server.hpp"
#include "providers/test_support.hpp"
#include "storage/test_support.hpp"

#include <map>

namespace cw::providers::aws {
namespace {

using aws::testing::awscli_output;
using common::testing::ReceivedRequest;
using common::testing::Reply;
using common::testing::TestHttpServer;
using cw::testing::read_testdata;
using nlohmann::json;
using providers::testing::list_all;

const std::string kInstances =
    read_testdata("aws-responses/botocore-response_parsing/xml/responses/ec2-describe-instances.xml");

std::string caller_identity_body() {
  // No raw GetCallerIdentity XML in testdata: the recorded values in STS's query envelope.
  json rec = json::parse(read_testdata(
      "aws-responses/cloud-custodian-placebo/sts.GetCallerIdentity/test_credential_sts__sts.GetCallerIdentity_1.json"))
      ["data"];
  return "<GetCallerIdentityResponse "
         "xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult><Arn>" +
         rec["Arn"].get<std::string>() + "</Arn><UserId>" + rec["UserId"].get<std::string>() + "</UserId><Account>" +
         rec["Account"].get<std::string>() + "</Account></GetCallerIdentityResult></GetCallerIdentityResponse>";
}

class AwsProviderTest : public ::testing::Test {
 protected:
  std::unique_ptr<CloudProvider> make(json settings) {
    ProviderAccount account{
        "acc-aws",
        "org-1",
        {{"accessKeyId", "AKIDEXAMPLE"}, {"secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}},
        settings};
    return kind.create(account, ProviderDeps{clock, *db});
  }
  FakeClock clock{1'440'938'160'000};
  std::unique_ptr<storage::Database> db = storage::testing::fresh_sqlite();
  common::HttpClient http{common::testing::unlimited_settings(), common::testing::instant_effects(clock)};
  ProviderKind kind = aws_kind(http);
};

TEST_F(AwsProviderTest, CredentialsValidation) {
  EXPECT_TRUE(validate_credentials({{"accessKeyId", "AKIAIOSFODNN7EXAMPLE"}, {"secretAccessKey", "s"}}).empty());
  EXPECT_TRUE(validate_credentials({{"accessKeyId", "AKIAIOSFODNN7EXAMPLE"},
                                    {"secretAccessKey", "s"},
                                    {"sessionToken", "t"},
                                    {"roleArn", "arn:aws:iam::123456789012:role/x"},
                                    {"externalId", "e"}})
                  .empty());
  auto p = validate_credentials({{"accessKeyId", ""}, {"typo", 1}, {"roleArn", "role"}});
  EXPECT_TRUE(p.count("accessKeyId") && p.count("secretAccessKey") && p.count("typo") && p.count("roleArn"));
  EXPECT_TRUE(
      validate_credentials({{"accessKeyId", "AKIAIOSFODNN7EXAMPLE"}, {"secretAccessKey", "s"}, {"externalId", "e"}})
          .count("externalId"));
  // Format mistakes are caught on create: a short or lower-case id, the secret pasted as the id,
  // a secret with a line break.
  for (const char* id : {"A", "AKIDEXAMPLE", "akiaiosfodnn7example", "AKIA IOSFODNN7EXAMPLE",
                         "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"})
    EXPECT_TRUE(validate_credentials({{"accessKeyId", id}, {"secretAccessKey", "s"}}).count("accessKeyId")) << id;
  EXPECT_TRUE(validate_credentials({{"accessKeyId", "AKIAIOSFODNN7EXAMPLE"}, {"secretAccessKey", "wJalrXUtnFEMI\n"}})
                  .count("secretAccessKey"));
  // An emulator's or an S3-compatible store's keys are their own (s3rver: S3RVER).
  const nlohmann::json local = {{"s3", "http://127.0.0.1:4568"}};
  EXPECT_TRUE(validate_credentials({{"accessKeyId", "S3RVER"}, {"secretAccessKey", "S3RVER"}}, local).empty());
  EXPECT_TRUE(
      validate_credentials({{"accessKeyId", "S3 RVER"}, {"secretAccessKey", "S3RVER"}}, local).count("accessKeyId"));
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
  EXPECT_EQ(
      req.headers["authorization"].rfind("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sts/aws4_request, "
                                         "SignedHeaders=content-type;host;x-amz-date, Signature=",
                                         0),
      0u);
}

TEST_F(AwsProviderTest, TestConnectionReportsTheAwsError) {
  TestHttpServer server([](const ReceivedRequest&) {
    return Reply{
        403, {}, read_testdata("aws-responses/botocore-response_parsing/xml/errors/sts-get-session-token.xml")};
  });
  auto p = make({{"endpoints", {{"sts", server.url()}}}});
  ConnectionTest t = p->test_connection();
  EXPECT_FALSE(t.valid);
  ASSERT_EQ(t.errors.size(), 1u);
  EXPECT_EQ(t.errors[0].rfind("AWS refused the credentials: AccessDenied — ", 0), 0u);
}

TEST_F(AwsProviderTest, ListResourcesPagesWithNextTokenAcrossRegionsAndRetriesThrottling) {
  std::atomic<int> n{0};
  // Page 1 of each region carries a nextToken (inserted into the recorded body), page 2 does not;
  // the very first call is throttled.
  TestHttpServer server([&](const ReceivedRequest& req) {
    if (++n == 1)
      return Reply{
          503,
          {},
          "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>x</Message></Error></Errors></Response>"};
    if (req.body.find("NextToken=") == std::string::npos) {
      std::string body = kInstances;
      body.insert(body.find("</DescribeInstancesResponse>"), "<nextToken>tok/2</nextToken>");
      return Reply{200, {}, body};
    }
    return Reply{200, {}, kInstances};
  });
  auto p =
      make({{"regions", {"us-west-2", "eu-west-1"}}, {"services", {"ec2"}}, {"endpoints", {{"ec2", server.url()}}}});
  // Only instances answer here: the other EC2 lists get the instances body and must refuse it.
  std::vector<ResourceRecord> all;
  std::vector<std::string> tokens;
  std::string token;
  for (int i = 0; i < 2; ++i) {
    ResourcePage page = p->list_resources(token, 100);
    all.insert(all.end(), page.items.begin(), page.items.end());
    token = page.next_token;
    tokens.push_back(token);
  }
  EXPECT_EQ(tokens, (std::vector<std::string>{"0:tok/2", "1:"}));  // then region 0's volumes
  try {
    p->list_resources(token, 100);
    FAIL();
  } catch (const ProviderError& e) { EXPECT_EQ(e.code(), "MalformedResponse"); }
  EXPECT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].region, "us-west-2");
  auto received = server.received();
  EXPECT_NE(received.at(2).body.find("NextToken=tok%2F2"), std::string::npos);
  EXPECT_NE(received.at(1).headers["authorization"].find("/us-west-2/ec2/aws4_request"), std::string::npos);
  EXPECT_THROW(p->list_resources("99:x", 100), ProviderError);
  EXPECT_THROW(p->list_resources("x:", 100), ProviderError);
}

/// A replay AWS: each request is answered with the recorded body of its operation.
Reply replay(const ReceivedRequest& req) {
  const std::string dir = "aws-responses/botocore-response_parsing/xml/responses/";
  auto has = [&](const char* action) {
    return req.body.find(std::string("Action=") + action + "&") != std::string::npos;
  };
  if (has("DescribeInstances")) return {200, {}, kInstances};
  if (has("DescribeVolumes")) return {200, {}, read_testdata(dir + "ec2-describe-volumes.xml")};
  if (has("DescribeSecurityGroups")) return {200, {}, read_testdata(dir + "ec2-describe-security-groups.xml")};
  if (has("DescribeVpcs")) return {200, {}, read_testdata(dir + "ec2-describe-vpcs.xml")};
  if (has("DescribeFlowLogs")) {  // the AWS CLI example (a subnet's and another VPC's logs) in EC2's envelope
    json example = aws::testing::awscli_output_of(cw::testing::read_project_testdata("aws/ec2_describe-flow-logs.rst"));
    return {200, {}, aws::testing::ec2_list_answer("DescribeFlowLogs", "flowLogSet", example["FlowLogs"])};
  }
  if (has("DescribeSnapshots")) return {200, {}, read_testdata(dir + "ec2-describe-snapshots.xml")};
  if (has("DescribeAddresses")) return {200, {}, read_testdata(dir + "ec2-describe-addresses.xml")};
  // DeleteSnapshot and ReleaseAddress answer the query protocol's documented request id and true.
  for (const char* action : {"DeleteSnapshot", "ReleaseAddress"})
    if (has(action))
      return {200,
              {},
              std::string("<") + action + "Response xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">" +
                  "<requestId>r-1</requestId><return>true</return></" + action + "Response>"};
  if (has("DescribeDBInstances")) return {200, {}, read_testdata(dir + "rds-describe-db-instances.xml")};
  if (has("StopInstances")) return {200, {}, read_testdata(dir + "ec2-stop-instances.xml")};
  if (has("RunInstances")) return {200, {}, read_testdata(dir + "ec2-run-instances.xml")};
  if (has("GetCallerIdentity")) return {200, {}, caller_identity_body()};
  if (req.method == "GET" && req.target == "/") return {200, {}, read_testdata(dir + "s3-list-buckets.xml")};
  if (req.target.find("?location") != std::string::npos)
    return {200, {}, read_testdata(dir + "s3-get-bucket-location.xml")};
  if (req.target.find("?encryption") != std::string::npos)  // recorded 404 code (placebo) in S3's error body
    return {404,
            {},
            "<Error><Code>ServerSideEncryptionConfigurationNotFoundError</Code><Message>The server side encryption "
            "configuration was not found</Message></Error>"};
  if (req.target.find("?publicAccessBlock") != std::string::npos)
    return {403, {}, read_testdata("aws-responses/botocore-response_parsing/xml/errors/sts-get-session-token.xml")};
  if (req.target.find("?versioning") != std::string::npos)  // the API example's value, S3's envelope
    return {200, {}, "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>"};
  if (req.target.find("?policyStatus") != std::string::npos)  // the S3 API reference's example answer
    return {200, {}, "<PolicyStatus><IsPublic>TRUE</IsPublic></PolicyStatus>"};
  if (req.target.find("?logging") != std::string::npos)  // logging off: S3's empty status document
    return {200, {}, "<BucketLoggingStatus xmlns=\"http://doc.s3.amazonaws.com/2006-03-01\" />"};
  if (req.target.find("?policy") != std::string::npos)  // S3's documented answer for a bucket without one
    return {
        404, {}, "<Error><Code>NoSuchBucketPolicy</Code><Message>The bucket policy does not exist</Message></Error>"};
  return {400, {}, "<Error><Code>Unexpected</Code><Message>" + req.target + "</Message></Error>"};
}

TEST_F(AwsProviderTest, FullInventoryOverEc2S3AndRdsFromRecordedBodies) {
  TestHttpServer server(replay);
  auto p = make({{"regions", {"us-west-2"}},
                 {"services", {"ec2", "s3", "rds"}},
                 {"endpoints", {{"ec2", server.url()}, {"s3", server.url()}, {"rds", server.url()}}}});
  std::vector<ResourceRecord> all = list_all(*p, 1000);
  std::map<std::string, int> by_type;
  for (const auto& r : all) ++by_type[r.type];
  EXPECT_EQ(by_type["server"], 2);
  EXPECT_EQ(by_type["storage"], 2 + 4 + 36);  // volumes + snapshots + buckets of the recordings
  EXPECT_EQ(by_type["network"], 1 + 5 + 1);   // Elastic IP (VPC) + security groups + VPC
  EXPECT_EQ(by_type["database"], 1);
  const ResourceRecord& bucket = all.at(0);
  EXPECT_EQ(bucket.external_id, "arn:aws:s3:::botostats");
  EXPECT_EQ(bucket.region, "eu-west-1");
  EXPECT_EQ(bucket.posture["encrypted"], false);
  EXPECT_EQ(bucket.posture["versioning"], true);
  EXPECT_EQ(bucket.posture["policyPublic"], true);
  EXPECT_EQ(bucket.posture["loggingEnabled"], false);
  EXPECT_EQ(bucket.posture["httpsOnly"], false);                 // no policy: nothing denies plain HTTP
  EXPECT_EQ(bucket.posture["unknown"], (json{"publicAccess"}));  // AccessDenied
  for (const auto& r : all)
    if (r.external_id == "vpc-8d2910e4") {
      EXPECT_EQ(r.posture, (json{{"flowLogsEnabled", false}})) << "no flow log watches this VPC";
    }
  // S3 is signed the S3 way: content hash header, path style against the override.
  ReceivedRequest s3;
  for (const auto& r : server.received())
    if (r.target == "/botostats?encryption=") s3 = r;
  EXPECT_EQ(s3.headers["x-amz-content-sha256"], "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_NE(s3.headers["authorization"].find("/eu-west-1/s3/aws4_request"), std::string::npos);
  // Only the account's own snapshots (not every public one); DescribeAddresses takes no paging.
  for (const auto& r : server.received()) {
    if (r.body.find("Action=DescribeSnapshots&") != std::string::npos) {
      EXPECT_NE(r.body.find("&Owner.1=self"), std::string::npos) << r.body;
    }
    if (r.body.find("Action=DescribeAddresses&") != std::string::npos) {
      EXPECT_EQ(r.body.find("MaxResults"), std::string::npos) << r.body;
    }
  }
}

TEST_F(AwsProviderTest, FullInventoryOfEveryServiceFromRecordedBodies) {
  // No settings.services: every service. STS, IAM, CloudTrail and KMS answer from their
  // recordings (aws_recordings_test_support.hpp), Lambda with the awscli example, the rest as above.
  aws::testing::FakeAws account_services;
  const std::string functions =
      aws::testing::awscli_output_of(cw::testing::read_project_testdata("aws/lambda_list-functions.rst")).dump();
  TestHttpServer server([&](const ReceivedRequest& req) {
    if (req.headers.count("x-amz-target") || req.body.find("&Version=2010-05-08") != std::string::npos ||
        aws::testing::action_of(req) == "GetCallerIdentity")
      return account_services(req);
    if (req.target.rfind("/2015-03-31/functions/", 0) == 0) return Reply{200, {}, functions};
    return replay(req);
  });
  const std::string url = server.url();
  auto p = make({{"regions", {"us-west-2"}},
                 {"endpoints",
                  {{"ec2", url},
                   {"s3", url},
                   {"rds", url},
                   {"lambda", url},
                   {"sts", url},
                   {"iam", url},
                   {"cloudtrail", url},
                   {"kms", url}}}});
  std::map<std::string, int> by_type;
  for (const auto& r : list_all(*p, 1000)) ++by_type[r.type];
  EXPECT_EQ(by_type, (std::map<std::string, int>{{"server", 2},
                                                 {"storage", 2 + 4 + 36},
                                                 {"network", 1 + 5 + 1},
                                                 {"database", 1},
                                                 {"function", 3},
                                                 {"account", 1},
                                                 {"identity", 19},
                                                 {"key", 3}}));
}

TEST_F(AwsProviderTest, SnapshotsAndAddressesAreDeletedInTheRegionThatHasThem) {
  // The first region does not know the snapshot (EC2's documented error); the second deletes it.
  TestHttpServer server([](const ReceivedRequest& req) {
    if (req.headers.at("authorization").find("/us-west-2/ec2/") != std::string::npos)
      return Reply{400,
                   {},
                   "<Response><Errors><Error><Code>InvalidSnapshot.NotFound</Code><Message>The snapshot "
                   "'snap-1e099276' does not exist.</Message></Error></Errors></Response>"};
    return replay(req);
  });
  auto p =
      make({{"regions", {"us-west-2", "eu-west-1"}}, {"services", {"ec2"}}, {"endpoints", {{"ec2", server.url()}}}});
  ResourceRecord gone = p->resource_actions()->delete_resource("snap-1e099276");
  EXPECT_EQ(gone.status, "terminated");
  EXPECT_EQ(gone.region, "eu-west-1");
  EXPECT_EQ(gone.spec["kind"], "snapshot");
  auto received = server.received();
  ASSERT_EQ(received.size(), 2u);
  EXPECT_NE(received[1].body.find("Action=DeleteSnapshot&"), std::string::npos);
  EXPECT_NE(received[1].body.find("SnapshotId=snap-1e099276"), std::string::npos);
  EXPECT_THROW(p->resource_actions()->delete_resource("sg-0abc"), UnsupportedOperation);
}

TEST_F(AwsProviderTest, AnAddressNoRegionKnowsIsNotFound) {
  TestHttpServer server([](const ReceivedRequest&) {
    return Reply{400,
                 {},
                 "<Response><Errors><Error><Code>InvalidAllocationID.NotFound</Code><Message>The allocation ID "
                 "'eipalloc-312e1758' does not exist</Message></Error></Errors></Response>"};
  });
  auto p =
      make({{"regions", {"us-west-2", "eu-west-1"}}, {"services", {"ec2"}}, {"endpoints", {{"ec2", server.url()}}}});
  try {
    p->resource_actions()->delete_resource("eipalloc-312e1758");
    FAIL();
  } catch (const ProviderError& e) { EXPECT_EQ(e.code(), "InvalidAllocationID.NotFound"); }
  EXPECT_EQ(server.received().size(), 2u);
}

TEST_F(AwsProviderTest, LambdaFunctionsArePagedWithNextMarkerFromTheRecordedAnswer) {
  // The awscli example's ListFunctions answer; page 1 carries a NextMarker (inserted into the
  // recorded body), page 2 is the same answer without one.
  const json recorded =
      aws::testing::awscli_output_of(cw::testing::read_project_testdata("aws/lambda_list-functions.rst"));
  TestHttpServer server([&](const ReceivedRequest& req) {
    json body = recorded;
    if (req.target.find("Marker=") == std::string::npos) body["NextMarker"] = "page/2+";
    return Reply{200, {{"Content-Type", "application/json"}}, body.dump()};
  });
  auto p = make({{"regions", {"us-west-2"}}, {"services", {"lambda"}}, {"endpoints", {{"lambda", server.url()}}}});
  std::vector<ResourceRecord> all = list_all(*p, 50);
  ASSERT_EQ(all.size(), 6u);
  EXPECT_EQ(all[0].external_id, "arn:aws:lambda:us-west-2:123456789012:function:helloworld");
  EXPECT_EQ(all[0].type, "function");
  EXPECT_EQ(all[0].region, "us-west-2");
  auto requests = server.received();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].target, "/2015-03-31/functions/?MaxItems=50");
  EXPECT_EQ(requests[1].target, "/2015-03-31/functions/?MaxItems=50&Marker=page%2F2%2B");  // encoded once
  EXPECT_NE(requests[1].headers["authorization"].find("/us-west-2/lambda/aws4_request"), std::string::npos);
}

TEST_F(AwsProviderTest, ActionsCreateAndGetOnInstances) {
  TestHttpServer server(replay);
  auto p = make({{"regions", {"us-east-1"}}, {"endpoints", {{"ec2", server.url()}}}});
  auto got = p->get_resource("i-fde9cece");  // an instance of the recorded DescribeInstances body
  ASSERT_TRUE(got);
  EXPECT_EQ(got->type, "server");
  EXPECT_NE(server.received().back().body.find("InstanceId.1=i-fde9cece"), std::string::npos);

  // The recorded StopInstances answer names i-10a64379; for another instance it is malformed.
  EXPECT_THROW(p->resource_actions()->run_action("i-fde9cece", Action::kStop), ProviderError);

  try {
    p->resource_actions()->create_resource(
        {"web", "server", "us-east-1", {{"instanceType", "t3.micro"}}, json::object()});
    FAIL();
  } catch (const ProviderError& e) {
    EXPECT_EQ(e.code(), "InvalidParameterValue");
    EXPECT_NE(std::string(e.what()).find("imageId"), std::string::npos);
  }
  ResourceRecord launched = p->resource_actions()->create_resource(
      {"web", "server", "us-east-1", {{"instanceType", "m1.small"}, {"imageId", "ami-31814f58"}}, {{"team", "a"}}});
  EXPECT_EQ(launched.external_id, "i-0ee0356c");
  EXPECT_EQ(launched.status, "provisioning");
  std::string body = server.received().back().body;
  EXPECT_NE(body.find("ImageId=ami-31814f58&InstanceType=m1.small&MinCount=1&MaxCount=1&ClientToken="),
            std::string::npos);
  EXPECT_NE(body.find("TagSpecification.1.Tag.2.Key=team"), std::string::npos);
  EXPECT_THROW(p->resource_actions()->update_resource("i-0ee0356c", {}), ProviderError);
  EXPECT_EQ(p->change_feed(), nullptr) << "AWS has no change feed for these services";
}

TEST_F(AwsProviderTest, AnAccountLimitedToSomeServicesOffersOnlyTheirCapabilities) {
  // An S3-only account must never reach CloudWatch or Cost Explorer: the metrics and cost
  // capabilities exist only when "cloudwatch" and "ce" are among the account's services.
  const json endpoints = {{"sts", "http://127.0.0.1:9"}};  // the example key needs an emulator
  auto s3_only = make({{"services", {"s3"}}, {"endpoints", endpoints}});
  EXPECT_EQ(s3_only->metrics_source(), nullptr);
  EXPECT_EQ(s3_only->cost_source(), nullptr);
  auto with_ce = make({{"services", {"s3", "ce"}}, {"endpoints", endpoints}});
  EXPECT_EQ(with_ce->metrics_source(), nullptr);
  EXPECT_NE(with_ce->cost_source(), nullptr);
  auto everything = make({{"endpoints", endpoints}});
  EXPECT_NE(everything->metrics_source(), nullptr);
  EXPECT_NE(everything->cost_source(), nullptr);
}

TEST_F(AwsProviderTest, StopAndTerminateReturnTheInstanceInItsNewState) {
  // Recorded values in EC2's documented XML envelopes: the awscli DescribeInstances example's
  // instance and the botocore API examples' Stop/TerminateInstances answers for that instance.
  json inst = awscli_output("ec2_describe-instances.rst")["Reservations"][0]["Instances"][0];
  std::string describe =
      "<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><reservationSet><item>"
      "<instancesSet><item><instanceId>" +
      inst["InstanceId"].get<std::string>() + "</instanceId><imageId>" + inst["ImageId"].get<std::string>() +
      "</imageId><instanceState><code>" + std::to_string(inst["State"]["Code"].get<int>()) + "</code><name>" +
      inst["State"]["Name"].get<std::string>() + "</name></instanceState><instanceType>" +
      inst["InstanceType"].get<std::string>() + "</instanceType><placement><availabilityZone>" +
      inst["Placement"]["AvailabilityZone"].get<std::string>() +
      "</availabilityZone></placement></item></instancesSet></item></reservationSet></DescribeInstancesResponse>";
  json examples =
      json::parse(read_testdata("aws-responses/botocore-api-examples/ec2-2016-11-15.examples-1.json"))["examples"];
  auto change = [&](const char* op, const char* list) {
    json c = examples[op][0]["output"][list][0];
    return std::string("<") + op + "Response><instancesSet><item><instanceId>" + c["InstanceId"].get<std::string>() +
           "</instanceId><currentState><code>" + std::to_string(c["CurrentState"]["Code"].get<int>()) +
           "</code><name>" + c["CurrentState"]["Name"].get<std::string>() +
           "</name></currentState></item></instancesSet></" + op + "Response>";
  };
  const std::string stop = change("StopInstances", "StoppingInstances");
  const std::string terminate = change("TerminateInstances", "TerminatingInstances");
  TestHttpServer server([&](const ReceivedRequest& req) {
    if (req.body.find("Action=StopInstances&") != std::string::npos) return Reply{200, {}, stop};
    if (req.body.find("Action=TerminateInstances&") != std::string::npos) return Reply{200, {}, terminate};
    if (req.body.find("Action=DescribeInstances&") != std::string::npos) {
      if (req.headers.at("authorization").find("/us-east-2/") == std::string::npos)  // not in this region
        return Reply{400,
                     {},
                     "<Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code><Message>The instance ID "
                     "'i-1234567890abcdef0' does not exist</Message></Error></Errors></Response>"};
      return Reply{200, {}, describe};
    }
    return Reply{400, {}, "<Response><Errors><Error><Code>Unexpected</Code></Error></Errors></Response>"};
  });
  auto p = make({{"regions", {"us-west-1", "us-east-2"}}, {"endpoints", {{"ec2", server.url()}}}});
  ResourceRecord stopped = p->resource_actions()->run_action("i-1234567890abcdef0", Action::kStop);
  EXPECT_EQ(stopped.region, "us-east-2");  // found in the second region
  EXPECT_EQ(stopped.status, "stopped");
  EXPECT_EQ(stopped.spec["ec2State"], "stopping");
  EXPECT_EQ(stopped.spec["instanceType"], "t3.nano");
  ResourceRecord terminated = p->resource_actions()->delete_resource("i-1234567890abcdef0");
  EXPECT_EQ(terminated.status, "terminated");
  EXPECT_EQ(terminated.spec["ec2State"], "shutting-down");
  EXPECT_NE(server.received().back().headers.at("authorization").find("/us-east-2/ec2/"), std::string::npos);
  EXPECT_THROW(p->resource_actions()->run_action("vol-1", Action::kStart), ProviderError);
}

}  // namespace
}  // namespace cw::providers::aws
