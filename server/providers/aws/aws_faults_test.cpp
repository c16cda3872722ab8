// The aws provider under faults and with assumed roles, against TestHttpServer replaying genuine
// recorded bodies: throttling then success, 500s, timeouts, malformed bodies, expired tokens,
// the breaker, and denied services in test_connection. A failing page throws: list_resources
// never returns part of a page.
#include <gtest/gtest.h>

#include "core/testdata.hpp"
#include "providers/aws/awscli_examples_test_support.hpp"
#include "providers/aws/aws_client.hpp"
#include "providers/aws/aws_provider.hpp"
#include "providers/common/test_client.hpp"
#include "providers/common/test_http_server.hpp"
#include "storage/test_support.hpp"
#include "providers/test_support.hpp"

namespace cw::providers::aws {
namespace {

using providers::testing::code_of;
using providers::testing::list_all;

using common::testing::ReceivedRequest;
using common::testing::Reply;
using common::testing::TestHttpServer;
using cw::testing::read_testdata;
using nlohmann::json;

const std::string kDir = "aws-responses/botocore-response_parsing/xml/";
const std::string kInstances = read_testdata(kDir + "responses/ec2-describe-instances.xml");
const std::string kDenied = read_testdata(kDir + "errors/sts-get-session-token.xml");  // AccessDenied (query)

bool is(const ReceivedRequest& req, const char* action) {
  return req.body.find(std::string("Action=") + action + "&") != std::string::npos;
}

/// The STS API example's AssumeRole values in STS's documented query envelope, expiring at `expiration`.
std::string assume_role_body(const std::string& expiration) {
  json c = json::parse(
      read_testdata("aws-responses/botocore-api-examples/sts-2011-06-15.examples-1.json"))["examples"]["AssumeRole"][0]
                                                                                          ["output"]["Credentials"];
  return "<AssumeRoleResponse "
         "xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult><Credentials><AccessKeyId>" +
         c["AccessKeyId"].get<std::string>() + "</AccessKeyId><SecretAccessKey>" +
         c["SecretAccessKey"].get<std::string>() + "</SecretAccessKey><SessionToken>" +
         c["SessionToken"].get<std::string>() + "</SessionToken><Expiration>" + expiration +
         "</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>";
}

class AwsFaultsTest : public ::testing::Test {
 protected:
  std::unique_ptr<CloudProvider> make(json settings,
                                      json credentials = {
                                          {"accessKeyId", "AKIDEXAMPLE"},
                                          {"secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}}) {
    return kind.create({"acc-aws", "org-1", credentials, settings}, ProviderDeps{clock, *db});
  }
  FakeClock clock{1'440'938'160'000};  // 2015-08-30T12:36:00Z
  std::unique_ptr<storage::Database> db = storage::testing::fresh_sqlite();
  common::HttpClient http{[] {
                            common::HttpClientSettings s = common::testing::unlimited_settings();
                            s.total_timeout_ms = 300;
                            s.retry.max_attempts = 3;
                            s.breaker.failure_threshold = 4;
                            return s;
                          }(),
                          common::testing::instant_effects(clock)};
  ProviderKind kind = aws_kind(http);
};

TEST_F(AwsFaultsTest, AssumesTheRoleOnceAndSignsWithItsCredentialsUntilNearExpiry) {
  std::atomic<int> assumed{0};
  TestHttpServer server([&](const ReceivedRequest& req) {
    if (is(req, "AssumeRole")) return ++assumed, Reply{200, {}, assume_role_body("2015-08-30T13:36:00Z")};
    return Reply{200, {}, kInstances};
  });
  auto p = make({{"services", {"ec2"}}, {"endpoints", {{"ec2", server.url()}, {"sts", server.url()}}}},
                {{"accessKeyId", "AKIDEXAMPLE"},
                 {"secretAccessKey", "secret"},
                 {"roleArn", "arn:aws:iam::123456789012:role/demo"},
                 {"externalId", "123ABC"}});
  p->list_resources("", 100);
  p->list_resources("", 100);
  EXPECT_EQ(assumed.load(), 1);
  auto received = server.received();
  EXPECT_NE(received[0].body.find("RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo"), std::string::npos);
  EXPECT_NE(received[0].body.find("ExternalId=123ABC"), std::string::npos);
  EXPECT_NE(received[0].headers["authorization"].find("Credential=AKIDEXAMPLE/"), std::string::npos);
  EXPECT_NE(received[1].headers["authorization"].find("Credential=AKIAIOSFODNN7EXAMPLE/"), std::string::npos);
  EXPECT_EQ(received[1].headers["x-amz-security-token"].rfind("AQoDYXdzEPT", 0), 0u);
  clock.advance(56 * 60'000);  // within 5 minutes of the Expiration: assumed again
  p->list_resources("", 100);
  EXPECT_EQ(assumed.load(), 2);
}

TEST_F(AwsFaultsTest, ExpiredTokenIsAProviderErrorAndTheRoleIsAssumedAgain) {
  std::atomic<int> assumed{0}, calls{0};
  TestHttpServer server([&](const ReceivedRequest& req) {
    if (is(req, "AssumeRole")) return ++assumed, Reply{200, {}, assume_role_body("2015-08-30T18:00:00Z")};
    if (++calls == 1)
      return Reply{400,
                   {},
                   "<Response><Errors><Error><Code>ExpiredToken</Code><Message>The security token included in the "
                   "request is expired</Message></Error></Errors></Response>"};
    return Reply{200, {}, kInstances};
  });
  auto p = make({{"services", {"ec2"}}, {"endpoints", {{"ec2", server.url()}, {"sts", server.url()}}}},
                {{"accessKeyId", "AKIDEXAMPLE"}, {"secretAccessKey", "secret"}, {"roleArn", "arn:aws:iam::1:role/r"}});
  try {
    p->list_resources("", 100);
    FAIL();
  } catch (const ProviderError& e) {
    EXPECT_EQ(e.code(), "ExpiredToken");
    EXPECT_EQ(std::string(e.what()).find("secret"), std::string::npos);
  }
  EXPECT_EQ(p->list_resources("", 100).items.size(), 2u);
  EXPECT_EQ(assumed.load(), 2);
}

TEST_F(AwsFaultsTest, ThrottlingThenSuccessIsRetried) {
  std::atomic<int> n{0};
  TestHttpServer server([&](const ReceivedRequest&) {
    if (++n <= 2)  // the recorded throttling code, in EC2's error envelope, as a 400
      return Reply{400,
                   {},
                   "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit "
                   "exceeded.</Message></Error></Errors><RequestID>r</RequestID></Response>"};
    return Reply{200, {}, kInstances};
  });
  auto p = make({{"services", {"ec2"}}, {"endpoints", {{"ec2", server.url()}}}});
  EXPECT_EQ(p->list_resources("", 100).items.size(), 2u);
  EXPECT_EQ(n.load(), 3);
}

TEST_F(AwsFaultsTest, PersistentFailuresThrowAndOpenTheBreaker) {
  std::atomic<int> n{0};
  TestHttpServer server([&](const ReceivedRequest&) { return ++n, Reply{500, {}, "<html>internal error</html>"}; });
  auto p = make({{"services", {"ec2"}}, {"endpoints", {{"ec2", server.url()}}}});
  std::string code = code_of([&] { p->list_resources("", 100); });
  EXPECT_EQ(code, "HTTP500");
  EXPECT_EQ(n.load(), 3);
  code_of([&] { p->list_resources("", 100); });  // 4th failure opens the breaker
  EXPECT_EQ(http.breaker_state("acc-aws"), "open");
  int before = n.load();
  EXPECT_EQ(code_of([&] { p->list_resources("", 100); }), "CircuitOpen");
  EXPECT_EQ(n.load(), before);
}

TEST_F(AwsFaultsTest, TimeoutsThrowRetryable) {
  TestHttpServer server([&](const ReceivedRequest&) { return Reply{200, {}, kInstances, 1000}; });
  auto p = make({{"services", {"ec2"}}, {"endpoints", {{"ec2", server.url()}}}});
  try {
    p->list_resources("", 100);
    FAIL();
  } catch (const ProviderError& e) { EXPECT_TRUE(e.retryable()); }
}

TEST_F(AwsFaultsTest, MalformedOrTruncatedBodiesAreClearErrorsNotPartialPages) {
  std::string body;
  TestHttpServer server([&](const ReceivedRequest&) { return Reply{200, {}, body}; });
  auto p = make({{"services", {"ec2", "rds"}}, {"endpoints", {{"ec2", server.url()}, {"rds", server.url()}}}});
  body = kInstances.substr(0, kInstances.size() / 2);  // cut mid-instance
  EXPECT_EQ(code_of([&] { p->list_resources("", 100); }), "MalformedResponse");
  body = "not xml at all";
  EXPECT_EQ(code_of([&] { p->list_resources("", 100); }), "MalformedResponse");
  body = kInstances;  // the right XML for the wrong operation (volumes page)
  EXPECT_EQ(code_of([&] {
              p->list_resources("0:", 100).next_token;
              p->list_resources("1:", 100);
            }),
            "MalformedResponse");
}

TEST_F(AwsFaultsTest, PageTokensFromClientsAreCheckedBeforeAnyCall) {
  TestHttpServer server([&](const ReceivedRequest&) { return Reply{200, {}, kInstances}; });
  auto p = make({{"services", {"ec2", "s3"}}, {"endpoints", {{"ec2", server.url()}, {"s3", server.url()}}}});
  for (const std::string bad : {"x:", ":", "\xff:", "-1:", "99999:", "0",
                                "0:\xff"
                                "1"}) {
    EXPECT_EQ(code_of([&] { p->list_resources(bad, 100); }), "InvalidParameterValue") << bad;
  }
  EXPECT_TRUE(server.received().empty());
}

TEST_F(AwsFaultsTest, RegionsThatAreNotAwsRegionNamesAreRefusedBeforeAnyCall) {
  for (const char* ok : {"us-east-1", "us-gov-west-1", "cn-north-1", "ap-southeast-4", "il-central-1"})
    EXPECT_TRUE(is_region_name(ok)) << ok;
  for (const char* bad : {"", "US-EAST-1", "us east 1", "us--east-1", "-us-east-1", "us-east-", "1-us",
                          "us-east-1.evil.example", "evil.example/x#", "us-east-1\xff"})
    EXPECT_FALSE(is_region_name(bad)) << bad;

  // In the settings: the account cannot be opened.
  EXPECT_EQ(code_of([&] { make({{"regions", {"us-east-1", "evil.example/x#"}}}); }), "InvalidParameterValue");
  // From a stored resource or a create request: refused before a host is built from it.
  TestHttpServer server([&](const ReceivedRequest&) { return Reply{200, {}, kInstances}; });
  auto p = make({{"endpoints", {{"ec2", server.url()}, {"monitoring", server.url()}}}});
  EXPECT_EQ(code_of([&] {
              p->metrics_source()->metrics("i-fde9cece", "evil.example/x#", "cpu_utilization", 0, 3'600'000, 300'000);
            }),
            "InvalidParameterValue");
  EXPECT_EQ(code_of([&] {
              p->resource_actions()->create_resource({"web",
                                                      "server",
                                                      "us-east-1.evil.example",
                                                      {{"instanceType", "m1.small"}, {"imageId", "ami-31814f58"}},
                                                      json::object()});
            }),
            "InvalidParameterValue");
  EXPECT_TRUE(server.received().empty());
}

TEST_F(AwsFaultsTest, TestConnectionListsDeniedServicesAsLimitations) {
  // STS answers the identity; EC2 the recorded instances; everything else AccessDenied (recorded).
  TestHttpServer server([&](const ReceivedRequest& req) {
    if (is(req, "GetCallerIdentity")) {
      json rec =
          json::parse(read_testdata("aws-responses/cloud-custodian-placebo/sts.GetCallerIdentity/"
                                    "test_credential_sts__sts.GetCallerIdentity_1.json"))["data"];
      return Reply{200,
                   {},
                   "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>" + rec["Arn"].get<std::string>() +
                       "</Arn><UserId>u</UserId><Account>" + rec["Account"].get<std::string>() +
                       "</Account></GetCallerIdentityResult></GetCallerIdentityResponse>"};
    }
    if (is(req, "DescribeInstances")) return Reply{200, {}, kInstances};
    if (req.headers.count("x-amz-target"))  // Cost Explorer, CloudTrail, KMS: a JSON AccessDeniedException
      return Reply{400, {{"x-amzn-ErrorType", "AccessDeniedException:http://internal.amazon.com/coral/"}}, "{}"};
    return Reply{403, {}, kDenied};
  });
  std::string url = server.url();
  auto p = make({{"regions", {"eu-west-1"}},
                 {"endpoints",
                  {{"sts", url},
                   {"ec2", url},
                   {"s3", url},
                   {"rds", url},
                   {"lambda", url},
                   {"iam", url},
                   {"cloudtrail", url},
                   {"kms", url},
                   {"monitoring", url},
                   {"ce", url}}}});
  ConnectionTest t = p->test_connection();
  EXPECT_TRUE(t.valid) << (t.errors.empty() ? "" : t.errors[0]);
  EXPECT_EQ(t.identity["accountId"], "644160558196");
  EXPECT_EQ(t.permissions, (std::vector<std::string>{"sts:GetCallerIdentity", "ec2:DescribeInstances"}));
  EXPECT_EQ(t.limitations,
            (std::vector<std::string>{"s3:ListAllMyBuckets", "rds:DescribeDBInstances", "lambda:ListFunctions",
                                      "iam:GetAccountSummary", "cloudtrail:DescribeTrails", "kms:ListKeys",
                                      "cloudwatch:GetMetricData", "ce:GetCostAndUsage"}));
  EXPECT_EQ(t.services, (std::vector<std::string>{"ec2"}));
  EXPECT_TRUE(t.errors.empty());
}

TEST_F(AwsFaultsTest, AnAccountLimitedToS3ProbesNothingElseAndAnUnreachableServiceBlocksNoOther) {
  // STS and S3 answer (an emulator); CloudWatch and Cost Explorer point at a closed port, as
  // AWS does from a machine without a route to it.
  TestHttpServer server([&](const ReceivedRequest& req) {
    if (is(req, "GetCallerIdentity"))
      return Reply{200,
                   {},
                   "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::1:user/u</Arn>"
                   "<UserId>u</UserId><Account>1</Account></GetCallerIdentityResult></GetCallerIdentityResponse>"};
    return Reply{200,
                 {},
                 "<ListAllMyBucketsResult><Owner><ID>o</ID></Owner><Buckets><Bucket><Name>docs</Name>"
                 "<CreationDate>2015-08-30T12:00:00.000Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>"};
  });
  int closed;
  {
    TestHttpServer gone([](const ReceivedRequest&) { return Reply{}; });
    closed = gone.port();
  }
  const std::string nowhere = "http://127.0.0.1:" + std::to_string(closed);
  auto p =
      make({{"services", {"s3"}},
            {"endpoints", {{"sts", server.url()}, {"s3", server.url()}, {"monitoring", nowhere}, {"ce", nowhere}}}});
  ConnectionTest t = p->test_connection();
  EXPECT_TRUE(t.valid);
  EXPECT_TRUE(t.errors.empty()) << t.errors[0];
  EXPECT_EQ(t.services, (std::vector<std::string>{"s3"}));
  for (const auto& req : server.received()) EXPECT_EQ(req.body.find("GetMetricData"), std::string::npos);

  // An account that asks for everything: the unreachable services fail (and open their breaker),
  // and S3 goes on working all the same.
  auto all = make({{"endpoints",
                    {{"sts", server.url()},
                     {"s3", server.url()},
                     {"ec2", server.url()},
                     {"rds", server.url()},
                     {"lambda", server.url()},
                     {"iam", server.url()},
                     {"cloudtrail", server.url()},
                     {"kms", server.url()},
                     {"monitoring", nowhere},
                     {"ce", nowhere}}}});
  ConnectionTest last;
  for (int i = 0; i < 3; ++i) last = all->test_connection();
  EXPECT_EQ(
      code_of([&] { all->metrics_source()->metrics("i-1", "us-east-1", "cpu_utilization", 0, 600'000, 300'000); }),
      "CircuitOpen");
  EXPECT_TRUE(last.valid);
  EXPECT_NE(std::find(last.permissions.begin(), last.permissions.end(), "s3:ListAllMyBuckets"), last.permissions.end())
      << "S3 still answers while CloudWatch's and Cost Explorer's breakers are open";
  // CloudWatch and Cost Explorer say why, in words, breaker open or not (the fake's other answers
  // are S3's, which EC2, RDS, Lambda, IAM, CloudTrail and KMS cannot read: errors of their own).
  int unreachable = 0;
  for (const auto& e : last.errors) unreachable += e.rfind("cannot reach 127.0.0.1:" + std::to_string(closed), 0) == 0;
  EXPECT_EQ(unreachable, 2);
}

TEST_F(AwsFaultsTest, CostsAndMetricsOverTheirProtocols) {
  // The awscli example's output is the JSON 1.1 wire body.
  std::string ce_body = aws::testing::awscli_output("ce_get-cost-and-usage.rst").dump();
  TestHttpServer server([&](const ReceivedRequest& req) {
    if (req.headers.count("x-amz-target") &&
        req.headers.at("x-amz-target") == "AWSInsightsIndexService.GetCostAndUsage")
      return Reply{200, {}, ce_body};
    if (is(req, "DescribeInstances")) return Reply{200, {}, kInstances};
    // CloudWatch's documented query envelope around the awscli example's recorded point.
    return Reply{200,
                 {},
                 "<GetMetricDataResponse><GetMetricDataResult><MetricDataResults><member><Id>m1</Id>"
                 "<Timestamps><member>2024-09-29T22:10:00+00:00</member></Timestamps><Values><member>96.85"
                 "</member></Values><StatusCode>Complete</StatusCode></member></MetricDataResults>"
                 "</GetMetricDataResult></GetMetricDataResponse>"};
  });
  std::string url = server.url();
  auto p = make({{"regions", {"us-west-2"}}, {"endpoints", {{"ce", url}, {"ec2", url}, {"monitoring", url}}}});
  auto lines = p->cost_source()->costs("2017-09-01", "2017-09-30");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1].service, "Amazon Simple Storage Service");
  ReceivedRequest ce = server.received().back();
  json sent = json::parse(ce.body);
  EXPECT_EQ(sent["TimePeriod"], (json{{"Start", "2017-09-01"}, {"End", "2017-10-01"}}));
  EXPECT_EQ(sent["Granularity"], "DAILY");
  EXPECT_EQ(ce.headers["content-type"], "application/x-amz-json-1.1");
  EXPECT_NE(ce.headers["authorization"].find("/us-east-1/ce/aws4_request"), std::string::npos);
  EXPECT_EQ(code_of([&] { p->cost_source()->costs("2017-9-1", "2017-09-30"); }), "InvalidParameterValue");

  // Region unknown: the instance is looked up first (DescribeInstances), then CloudWatch is read there.
  size_t before = server.received().size();
  auto points = p->metrics_source()->metrics("i-fde9cece", "", "cpu_utilization", 0, 3'600'000, 300'000);
  ASSERT_EQ(points.size(), 1u);
  EXPECT_DOUBLE_EQ(points[0].value, 96.85);
  EXPECT_EQ(server.received().size(), before + 2);
  ReceivedRequest metric = server.received().back();
  EXPECT_NE(metric.body.find("MetricStat.Metric.MetricName=CPUUtilization"), std::string::npos);
  EXPECT_NE(metric.body.find("Dimensions.member.1.Value=i-fde9cece"), std::string::npos);
  EXPECT_NE(metric.body.find("MetricStat.Period=300"), std::string::npos);
  EXPECT_NE(metric.headers["authorization"].find("/us-west-2/monitoring/aws4_request"), std::string::npos);
  // Region known from the last sync: one GetMetricData call, signed for that region.
  before = server.received().size();
  EXPECT_EQ(p->metrics_source()->metrics("i-fde9cece", "eu-west-1", "cpu_utilization", 0, 3'600'000, 300'000).size(),
            1u);
  ASSERT_EQ(server.received().size(), before + 1);
  EXPECT_NE(server.received().back().body.find("Action=GetMetricData"), std::string::npos);
  EXPECT_NE(server.received().back().headers["authorization"].find("/eu-west-1/monitoring/aws4_request"),
            std::string::npos);
  EXPECT_EQ(code_of([&] { p->metrics_source()->metrics("i-fde9cece", "", "memory_utilization", 0, 1, 60'000); }),
            "UnsupportedOperation");
}

TEST_F(AwsFaultsTest, CollectionReadsManyInstancesPerGetMetricDataCallAndSkipsWhatEc2DoesNotPublish) {
  // CloudWatch's documented envelope around the awscli example's recorded point, answered for
  // every query of the call; the first page holds the first query, the second the rest.
  auto result = [](int id, double value) {
    return "<member><Id>m" + std::to_string(id) +
           "</Id><Timestamps><member>2024-09-29T22:10:00+00:00</member></Timestamps><Values><member>" +
           std::to_string(value) + "</member></Values><StatusCode>Complete</StatusCode></member>";
  };
  int throttled = 0;
  TestHttpServer server([&](const ReceivedRequest& req) {
    if (throttled++ == 0)  // the first call is throttled: the client waits and retries it
      return Reply{400,
                   {},
                   "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded"
                   "</Message></Error></ErrorResponse>"};
    int queries = 0;
    while (req.body.find("MetricDataQueries.member." + std::to_string(queries + 1) + ".Id=") != std::string::npos)
      ++queries;
    std::string body = "<GetMetricDataResponse><GetMetricDataResult><MetricDataResults>";
    const bool second_page = req.body.find("NextToken=page2") != std::string::npos;
    if (!second_page) {
      body += result(1, 1) + "</MetricDataResults><NextToken>page2</NextToken>";
    } else {
      for (int i = 2; i <= queries; ++i) body += result(i, i);
      body += "</MetricDataResults>";
    }
    return Reply{200, {}, body + "</GetMetricDataResult></GetMetricDataResponse>"};
  });
  std::string url = server.url();
  auto p = make({{"regions", {"us-west-2"}}, {"endpoints", {{"monitoring", url}, {"ec2", url}}}});
  std::vector<MetricsSource::Request> requests;
  for (int i = 0; i < 3; ++i) {
    requests.push_back({"i-" + std::to_string(i), "eu-west-1", "cpu_utilization"});
    requests.push_back({"i-" + std::to_string(i), "eu-west-1", "memory_utilization"});  // needs the agent
  }
  requests.push_back({"db-1", "eu-west-1", "cpu_utilization"});  // not an instance
  auto answers = p->metrics_source()->metrics_batch(requests, 0, 3'600'000, 300'000);
  ASSERT_EQ(answers.size(), requests.size());
  // One call of three queries (two pages), after the throttled attempt.
  ASSERT_EQ(server.received().size(), 3u);
  const std::string& sent = server.received()[1].body;
  EXPECT_NE(sent.find("MetricDataQueries.member.3.MetricStat.Metric.Dimensions.member.1.Value=i-2"), std::string::npos);
  EXPECT_EQ(sent.find("MetricDataQueries.member.4."), std::string::npos);
  EXPECT_NE(server.received()[2].body.find("NextToken=page2"), std::string::npos);
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(answers[2 * i].points.size(), 1u) << i;
    EXPECT_DOUBLE_EQ(answers[2 * i].points[0].value, i + 1);
    EXPECT_TRUE(answers[2 * i + 1].unsupported);
  }
  EXPECT_TRUE(answers[6].unsupported);
}

TEST_F(AwsFaultsTest, CostsMetricsAndDbInstancesFollowEveryPageToken) {
  // Page 1 of each call carries its service's token (inserted into the recorded body), page 2 is
  // the recorded body as it is.
  json ce = aws::testing::awscli_output("ce_get-cost-and-usage.rst");
  const std::string rds = read_testdata(kDir + "responses/rds-describe-db-instances.xml");
  const std::string metric =
      "<GetMetricDataResponse><GetMetricDataResult><MetricDataResults><member><Id>m1</Id>"
      "<Timestamps><member>2024-09-29T22:10:00+00:00</member></Timestamps><Values><member>96.85"
      "</member></Values><StatusCode>Complete</StatusCode></member></MetricDataResults>"
      "</GetMetricDataResult></GetMetricDataResponse>";
  auto with = [](std::string body, const std::string& before, const std::string& element) {
    return body.insert(body.find(before), element);
  };
  TestHttpServer server([&](const ReceivedRequest& req) {
    if (req.headers.count("x-amz-target")) {
      json page = ce;
      if (!json::parse(req.body).contains("NextPageToken")) page["NextPageToken"] = "ce/2";
      return Reply{200, {}, page.dump()};
    }
    bool first = req.body.find("NextToken=") == std::string::npos && req.body.find("Marker=") == std::string::npos;
    if (is(req, "GetMetricData"))
      return Reply{200, {}, first ? with(metric, "</GetMetricDataResult>", "<NextToken>cw/2</NextToken>") : metric};
    if (is(req, "DescribeDBInstances"))
      return Reply{200, {}, first ? with(rds, "</DescribeDBInstancesResult>", "<Marker>rds/2</Marker>") : rds};
    return Reply{400, {}, "<Error><Code>Unexpected</Code><Message>" + req.body + "</Message></Error>"};
  });
  std::string url = server.url();
  auto p = make({{"regions", {"us-west-2"}},
                 {"services", {"rds", "ce", "cloudwatch"}},
                 {"endpoints", {{"ce", url}, {"monitoring", url}, {"rds", url}}}});

  EXPECT_EQ(p->cost_source()->costs("2017-09-01", "2017-09-30").size(), 2u * 2);
  json second = json::parse(server.received().back().body);
  EXPECT_EQ(second["NextPageToken"], "ce/2");
  EXPECT_EQ(second["TimePeriod"], (json{{"Start", "2017-09-01"}, {"End", "2017-10-01"}}));  // the same query

  EXPECT_EQ(p->metrics_source()->metrics("i-fde9cece", "us-west-2", "cpu_utilization", 0, 3'600'000, 300'000).size(),
            2u);
  EXPECT_NE(server.received().back().body.find("&NextToken=cw%2F2"), std::string::npos);

  EXPECT_EQ(list_all(*p, 100).size(), 2u);
  EXPECT_NE(server.received().back().body.find("&Marker=rds%2F2"), std::string::npos);
}

TEST_F(AwsFaultsTest, APageTokenSentAgainEndsTheCallWithAClearError) {
  json ce = aws::testing::awscli_output("ce_get-cost-and-usage.rst");
  ce["NextPageToken"] = "same";
  TestHttpServer server([&](const ReceivedRequest&) { return Reply{200, {}, ce.dump()}; });
  auto p = make({{"regions", {"us-west-2"}}, {"endpoints", {{"ce", server.url()}}}});
  EXPECT_EQ(code_of([&] { p->cost_source()->costs("2017-09-01", "2017-09-30"); }), "MalformedResponse");
  EXPECT_EQ(server.received().size(), 2u);
}

}  // namespace
}  // namespace cw::providers::aws
