// Parsers of the AWS services beyond STS/DescribeInstances on genuine wire bodies from
// testdata/aws-responses: botocore response-parsing pairs (XML + the result botocore parsed from
// it, compared field by field), botocore protocol-test error cases, API and awscli examples.
// Where only a parsed recording exists (JSON), its values are put into the service's documented
// XML envelope; each such test says so.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/testdata.hpp"
#include "providers/aws/awscli_examples_test_support.hpp"
#include "providers/aws/cloudwatch.hpp"
#include "providers/aws/ec2_responses.hpp"
#include "providers/aws/json_responses.hpp"
#include "providers/aws/rds.hpp"
#include "providers/aws/s3_responses.hpp"
#include "providers/aws/xml_responses.hpp"
#include "providers/test_support.hpp"

namespace cw::providers::aws {
namespace {

using providers::testing::code_of;

using aws::testing::awscli_output;
using cw::testing::read_testdata;
using nlohmann::json;

const std::string kParsing = "aws-responses/botocore-response_parsing/xml/responses/";

json expected(const std::string& name) { return json::parse(read_testdata(kParsing + name + ".json")); }

TEST(AwsServiceParsers, VolumesMatchBotocore) {
  ResourcePage page = parse_describe_volumes(read_testdata(kParsing + "ec2-describe-volumes.xml"), "us-west-2");
  json want = expected("ec2-describe-volumes")["Volumes"];
  ASSERT_EQ(page.items.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    const ResourceRecord& r = page.items[i];
    EXPECT_EQ(r.external_id, want[i]["VolumeId"]);
    EXPECT_EQ(r.type, "storage");
    EXPECT_EQ(r.spec["storageGb"], want[i]["Size"].get<double>());
    EXPECT_EQ(r.spec["volumeType"], want[i]["VolumeType"]);
    EXPECT_EQ(r.status, "running");  // in-use
    EXPECT_EQ(r.posture["encrypted"], want[i].value("Encrypted", false));
    EXPECT_EQ(r.posture["attached"], !want[i]["Attachments"].empty());
  }
}

TEST(AwsServiceParsers, SnapshotsMatchBotocore) {
  ResourcePage page = parse_describe_snapshots(read_testdata(kParsing + "ec2-describe-snapshots.xml"), "us-west-2");
  json want = expected("ec2-describe-snapshots")["Snapshots"];
  ASSERT_EQ(page.items.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    const ResourceRecord& r = page.items[i];
    SCOPED_TRACE(r.external_id);
    EXPECT_EQ(r.external_id, want[i]["SnapshotId"]);
    EXPECT_EQ(r.type, "storage");
    EXPECT_EQ(r.spec["kind"], "snapshot");
    EXPECT_EQ(r.spec["sizeGb"], want[i]["VolumeSize"].get<double>());
    EXPECT_EQ(r.spec["sourceVolume"], want[i]["VolumeId"]);
    EXPECT_EQ(r.status, "running");  // completed
    EXPECT_EQ(r.created_at, parse_rfc3339(want[i]["StartTime"].get<std::string>()).value());
  }
  EXPECT_EQ(page.items[0].spec["description"], "Proxy Sniffer Data Disk NTFS 10 GB");
  EXPECT_FALSE(page.items[1].spec.contains("description")) << "an empty description is left out";
  EXPECT_EQ(page.next_token, "");
}

TEST(AwsServiceParsers, ElasticIpsSayWhetherAnythingUsesThem) {
  const std::string body = read_testdata(kParsing + "ec2-describe-addresses.xml");
  ResourcePage page = parse_describe_addresses(body, "us-west-2");
  json want = expected("ec2-describe-addresses")["Addresses"];
  ASSERT_EQ(want.size(), 3u);
  // The two EC2-Classic addresses (no AllocationId) are left out; the VPC one is listed.
  ASSERT_EQ(page.items.size(), 1u);
  const ResourceRecord& r = page.items[0];
  EXPECT_EQ(r.external_id, want[2]["AllocationId"]);
  EXPECT_EQ(r.type, "network");
  EXPECT_EQ(r.status, "running");
  EXPECT_EQ(r.spec["kind"], "public-ip");
  EXPECT_EQ(r.spec["address"], want[2]["PublicIp"]);
  EXPECT_EQ(r.spec["domain"], want[2]["Domain"]);
  EXPECT_EQ(r.name, want[2]["PublicIp"]) << "no Name tag: the address names it";
  EXPECT_EQ(r.spec["associated"], false) << "the recorded address has no instance";
  // The same answer with the address associated (DescribeAddresses' documented fields).
  std::string used = body;
  used.insert(used.find("<domain>vpc</domain>"),
              "<associationId>eipassoc-0a1b2c3d</associationId><instanceId>i-0abc</instanceId>");
  page = parse_describe_addresses(used, "us-west-2");
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].spec["associated"], true);
  EXPECT_EQ(page.items[0].spec["instanceId"], "i-0abc");
}

TEST(AwsServiceParsers, SecurityGroupsReportPortsOpenToTheInternet) {
  ResourcePage page =
      parse_describe_security_groups(read_testdata(kParsing + "ec2-describe-security-groups.xml"), "us-east-1");
  json want = expected("ec2-describe-security-groups")["SecurityGroups"];
  ASSERT_EQ(page.items.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    const ResourceRecord& r = page.items[i];
    SCOPED_TRACE(r.external_id);
    EXPECT_EQ(r.external_id, want[i]["GroupId"]);
    EXPECT_EQ(r.type, "network");
    // Botocore's parse is the oracle for which rules are open to 0.0.0.0/0.
    json open = json::array();
    for (const auto& p : want[i]["IpPermissions"])
      for (const auto& range : p.value("IpRanges", json::array()))
        if (range["CidrIp"] == "0.0.0.0/0") open.push_back(p["IpProtocol"] == "-1" ? -1 : p["FromPort"].get<int>());
    json got = json::array();
    for (const auto& o : r.posture["openPorts"]) got.push_back(o["port"]);
    EXPECT_EQ(got, open);
    EXPECT_EQ(r.posture["publicAccess"], !open.empty());
  }
  EXPECT_EQ(page.items[0].posture["openPorts"][0],
            (json{{"port", 22}, {"toPort", 22}, {"protocol", "tcp"}, {"cidr", "0.0.0.0/0"}}));
}

TEST(AwsServiceParsers, VpcsMatchBotocore) {
  ResourcePage page = parse_describe_vpcs(read_testdata(kParsing + "ec2-describe-vpcs.xml"), "us-east-1");
  json want = expected("ec2-describe-vpcs")["Vpcs"];
  ASSERT_EQ(page.items.size(), want.size());
  EXPECT_EQ(page.items[0].external_id, want[0]["VpcId"]);
  EXPECT_EQ(page.items[0].spec["cidrBlock"], want[0]["CidrBlock"]);
  EXPECT_EQ(page.items[0].spec["isDefault"], want[0]["IsDefault"]);
  EXPECT_EQ(page.items[0].status, "running");
}

TEST(AwsServiceParsers, RunAndStopInstances) {
  auto launched = parse_run_instances(read_testdata(kParsing + "ec2-run-instances.xml"), "us-east-1");
  json want = expected("ec2-run-instances")["Instances"];
  ASSERT_EQ(launched.size(), want.size());
  EXPECT_EQ(launched[0].external_id, want[0]["InstanceId"]);
  EXPECT_EQ(launched[0].status, "provisioning");
  EXPECT_EQ(launched[0].spec["instanceType"], want[0]["InstanceType"]);
  json stop = expected("ec2-stop-instances")["StoppingInstances"][0];
  EXPECT_EQ(parse_instance_state_change(read_testdata(kParsing + "ec2-stop-instances.xml"), stop["InstanceId"]),
            stop["CurrentState"]["Name"]);
  EXPECT_EQ(
      code_of([&] { parse_instance_state_change(read_testdata(kParsing + "ec2-stop-instances.xml"), "i-other"); }),
      "MalformedResponse");
}

TEST(AwsServiceParsers, DbInstancesMatchBotocore) {
  ResourcePage page =
      parse_describe_db_instances(read_testdata(kParsing + "rds-describe-db-instances.xml"), "us-east-1");
  json want = expected("rds-describe-db-instances")["DBInstances"];
  ASSERT_EQ(page.items.size(), want.size());
  const ResourceRecord& r = page.items[0];
  EXPECT_EQ(r.name, want[0]["DBInstanceIdentifier"]);
  EXPECT_EQ(r.external_id, "arn:aws:rds:us-east-1::db:" + want[0]["DBInstanceIdentifier"].get<std::string>());
  EXPECT_EQ(r.type, "database");
  EXPECT_EQ(r.status, "running");
  EXPECT_EQ(r.spec["engine"], want[0]["Engine"]);
  EXPECT_EQ(r.spec["instanceType"], want[0]["DBInstanceClass"]);
  EXPECT_EQ(r.spec["storageGb"], want[0]["AllocatedStorage"].get<double>());
  EXPECT_EQ(r.spec["port"], want[0]["Endpoint"]["Port"]);
  EXPECT_EQ(r.posture["encrypted"], false);
  EXPECT_EQ(r.posture["publicAccess"], false);
  EXPECT_EQ(r.posture["autoMinorVersionUpgrade"], want[0]["AutoMinorVersionUpgrade"]);
  EXPECT_EQ(r.posture["backupsEnabled"], want[0]["BackupRetentionPeriod"].get<int>() > 0);
  EXPECT_FALSE(r.posture.contains("deletionProtection")) << "not in this answer: unknown, not false";
  EXPECT_EQ(map_db_status("stopping"), "stopped");
  EXPECT_EQ(map_db_status("incompatible-network"), "error");
}

TEST(AwsServiceParsers, S3BucketsAndLocation) {
  auto buckets = parse_list_buckets(read_testdata(kParsing + "s3-list-buckets.xml"));
  json want = expected("s3-list-buckets")["Buckets"];
  ASSERT_EQ(buckets.size(), want.size());
  EXPECT_EQ(buckets[0].name, want[0]["Name"]);
  EXPECT_EQ(buckets[0].created_at, parse_rfc3339(want[0]["CreationDate"].get<std::string>()).value());
  EXPECT_EQ(parse_bucket_location(read_testdata(kParsing + "s3-get-bucket-location.xml")), "eu-west-1");  // "EU"
  EXPECT_EQ(code_of([] { parse_list_buckets("<ListAllMyBucketsResult><Buckets><Bucket>"); }), "MalformedResponse");
}

TEST(AwsServiceParsers, S3SettingsFromRecordedValuesInTheDocumentedEnvelopes) {
  // awscli examples hold the parsed values; these are S3's documented XML bodies carrying them.
  json enc = awscli_output("s3api_get-bucket-encryption.rst");
  EXPECT_EQ(
      parse_bucket_encryption(
          "<ServerSideEncryptionConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Rule>"
          "<ApplyServerSideEncryptionByDefault><SSEAlgorithm>" +
          enc["ServerSideEncryptionConfiguration"]["Rules"][0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"]
              .get<std::string>() +
          "</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>"),
      "AES256");
  json pab = awscli_output("s3api_get-public-access-block.rst")["PublicAccessBlockConfiguration"];
  std::string xml = "<PublicAccessBlockConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">";
  for (auto& [k, v] : pab.items()) xml += "<" + k + ">" + (v.get<bool>() ? "true" : "false") + "</" + k + ">";
  EXPECT_TRUE(parse_public_access_block(xml + "</PublicAccessBlockConfiguration>"));
  EXPECT_FALSE(parse_public_access_block(
      "<PublicAccessBlockConfiguration><BlockPublicAcls>true</BlockPublicAcls></PublicAccessBlockConfiguration>"));
  json versioning = json::parse(read_testdata(
      "aws-responses/botocore-api-examples/s3-2006-03-01.examples-1.json"))["examples"]["GetBucketVersioning"][0]
                                                                           ["output"];
  EXPECT_EQ(
      parse_bucket_versioning("<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Status>" +
                              versioning["Status"].get<std::string>() + "</Status><MfaDelete>" +
                              versioning["MFADelete"].get<std::string>() + "</MfaDelete></VersioningConfiguration>"),
      "Enabled");
}

TEST(AwsServiceParsers, S3PolicyStatusLoggingAndTlsOnlyPolicies) {
  // GetBucketPolicyStatus: the S3 API reference's example answer, and its false form.
  EXPECT_TRUE(parse_policy_status("<PolicyStatus><IsPublic>TRUE</IsPublic></PolicyStatus>"));
  EXPECT_FALSE(parse_policy_status("<PolicyStatus><IsPublic>false</IsPublic></PolicyStatus>"));
  json examples =
      json::parse(read_testdata("aws-responses/botocore-api-examples/s3-2006-03-01.examples-1.json"))["examples"];
  // GetBucketLogging answers the BucketLoggingStatus that PutBucketLogging's API example sets.
  json enabled = examples["PutBucketLogging"][0]["input"]["BucketLoggingStatus"]["LoggingEnabled"];
  EXPECT_TRUE(parse_bucket_logging(
      "<BucketLoggingStatus xmlns=\"http://doc.s3.amazonaws.com/2006-03-01\"><LoggingEnabled><TargetBucket>" +
      enabled["TargetBucket"].get<std::string>() + "</TargetBucket><TargetPrefix>" +
      enabled["TargetPrefix"].get<std::string>() + "</TargetPrefix></LoggingEnabled></BucketLoggingStatus>"));
  EXPECT_FALSE(parse_bucket_logging("<BucketLoggingStatus xmlns=\"http://doc.s3.amazonaws.com/2006-03-01\" />"));
  EXPECT_THROW(parse_bucket_logging("<Other/>"), ProviderError);
  // GetBucketPolicy: the API example's policy only allows; AWS's documented TLS-only statement denies.
  EXPECT_FALSE(policy_denies_insecure_transport(examples["GetBucketPolicy"][0]["output"]["Policy"].get<std::string>()));
  EXPECT_TRUE(policy_denies_insecure_transport(
      R"({"Version":"2012-10-17","Statement":[{"Sid":"RestrictToTLSRequestsOnly","Action":"s3:*","Effect":"Deny",)"
      R"("Resource":["arn:aws:s3:::DOC-EXAMPLE-BUCKET","arn:aws:s3:::DOC-EXAMPLE-BUCKET/*"],)"
      R"("Condition":{"Bool":{"aws:SecureTransport":"false"}},"Principal":"*"}]})"));
  EXPECT_FALSE(policy_denies_insecure_transport(
      R"({"Statement":{"Effect":"Allow","Condition":{"Bool":{"aws:SecureTransport":"false"}}}})"));
  EXPECT_THROW(policy_denies_insecure_transport("not json"), ProviderError);
}

TEST(AwsServiceParsers, S3ErrorsOfRecordedAnswers) {
  // s3.GetPublicAccessBlock recorded 404: the code the provider treats as "no block configured".
  json rec =
      json::parse(read_testdata("aws-responses/cloud-custodian-placebo/s3.GetPublicAccessBlock/"
                                "test_s3_check_public_block__s3.GetPublicAccessBlock_1.json"));
  EXPECT_EQ(rec["data"]["Error"]["Code"], "NoSuchPublicAccessBlockConfiguration");
  auto e = parse_error(read_testdata("aws-responses/botocore-response_parsing/xml/errors/s3-create-bucket.xml"));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, "BucketAlreadyOwnedByYou");
}

TEST(AwsServiceParsers, AssumeRoleFromTheApiExampleInStsEnvelope) {
  // The STS API example's values in AssumeRole's documented query-protocol envelope.
  json out = json::parse(
      read_testdata("aws-responses/botocore-api-examples/sts-2011-06-15.examples-1.json"))["examples"]["AssumeRole"][0]
                                                                                          ["output"]["Credentials"];
  std::string body =
      "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult><Credentials>"
      "<AccessKeyId>" +
      out["AccessKeyId"].get<std::string>() + "</AccessKeyId><SecretAccessKey>" +
      out["SecretAccessKey"].get<std::string>() + "</SecretAccessKey><SessionToken>" +
      out["SessionToken"].get<std::string>() + "</SessionToken><Expiration>" + out["Expiration"].get<std::string>() +
      "</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>";
  AssumedRole role = parse_assume_role(body);
  EXPECT_EQ(role.credentials.access_key_id, out["AccessKeyId"]);
  EXPECT_EQ(role.credentials.session_token, out["SessionToken"]);
  EXPECT_EQ(role.expires_at, parse_rfc3339(out["Expiration"].get<std::string>()).value());
  EXPECT_EQ(code_of([] { parse_assume_role("<AssumeRoleResponse/>"); }), "MalformedResponse");
}

TEST(AwsServiceParsers, JsonErrorsFollowTheProtocolTests) {
  // Every json/rest-json error case of botocore's protocol tests: header or body, namespaces and
  // URIs stripped.
  int checked = 0;
  for (const char* file : {"json.json", "rest-json.json"}) {
    for (const auto& suite :
         json::parse(read_testdata(std::string("aws-responses/botocore-protocol-tests/output/") + file)))
      for (const auto& c : suite["cases"]) {
        if (!c.contains("errorCode")) continue;
        json headers = c["response"].value("headers", json::object());
        std::string header = headers.value("X-Amzn-Errortype", "");
        std::string body = c["response"].contains("body") && c["response"]["body"].is_string()
                               ? c["response"]["body"].get<std::string>()
                               : "";
        auto e = parse_json_error(body, header);
        ASSERT_TRUE(e) << body;
        EXPECT_EQ(e->code, c["errorCode"]) << body;
        ++checked;
      }
  }
  EXPECT_GE(checked, 15);
  std::string dynamo = read_testdata("aws-responses/botocore-response_parsing/json/errors/dynamodb-put-item.json");
  ProviderError e = to_provider_error(400, parse_json_error(dynamo, ""));
  EXPECT_EQ(e.code(), "ProvisionedThroughputExceededException");
  EXPECT_TRUE(e.retryable());
  EXPECT_EQ(to_provider_error(502, parse_json_error("<html>", "")).code(), "HTTP502");
}

TEST(AwsServiceParsers, CostAndUsageFromTheAwscliExample) {
  // The awscli example's output is the JSON 1.1 wire body (same member names).
  CostPage page = parse_cost_and_usage(awscli_output("ce_get-cost-and-usage.rst").dump());
  ASSERT_EQ(page.lines.size(), 2u);
  EXPECT_EQ(page.lines[0].date, "2017-09-01");
  EXPECT_EQ(page.lines[0].service, "Amazon Simple Storage Service");
  EXPECT_DOUBLE_EQ(page.lines[0].amount, 40.3543773134);
  EXPECT_TRUE(page.next_token.empty());
  EXPECT_EQ(code_of([] { parse_cost_and_usage("{\"ResultsByTime\": [{}]}"); }), "MalformedResponse");
  EXPECT_EQ(code_of([] { parse_cost_and_usage("not json"); }), "MalformedResponse");
  const char* kPeriod = R"({"ResultsByTime": [{"TimePeriod": {"Start": "2026-11-01"}, "Groups": %s}]})";
  for (const char* groups : {R"(["AmazonEC2"])", R"({"a": 1})", "7"}) {
    char body[200];
    std::snprintf(body, sizeof body, kPeriod, groups);
    EXPECT_EQ(code_of([&] { parse_cost_and_usage(body); }), "MalformedResponse") << groups;
  }
}

TEST(AwsServiceParsers, LambdaFunctionsFromTheAwscliExample) {
  // The awscli example's output is the rest-json wire body (same member names).
  json out = aws::testing::awscli_output_of(cw::testing::read_project_testdata("aws/lambda_list-functions.rst"));
  ResourcePage page = parse_list_functions(out.dump(), "us-west-2");
  ASSERT_EQ(page.items.size(), out["Functions"].size());
  EXPECT_TRUE(page.next_token.empty());
  for (size_t i = 0; i < page.items.size(); ++i) {
    const json& f = out["Functions"][i];
    const ResourceRecord& r = page.items[i];
    EXPECT_EQ(r.external_id, f["FunctionArn"]);
    EXPECT_EQ(r.name, f["FunctionName"]);
    EXPECT_EQ(r.type, "function");
    EXPECT_EQ(r.region, "us-west-2");
    EXPECT_EQ(r.status, "running");  // no State in a ListFunctions answer: listed means active
    EXPECT_EQ(r.spec["runtime"], f["Runtime"]);
    EXPECT_EQ(r.spec["handler"], f["Handler"]);
    EXPECT_DOUBLE_EQ(r.spec["memoryGb"].get<double>(), f["MemorySize"].get<double>() / 1024);
    EXPECT_EQ(r.spec["timeoutSeconds"], f["Timeout"]);
    EXPECT_EQ(r.spec["codeSizeBytes"], f["CodeSize"]);
    EXPECT_FALSE(r.spec.contains("description"));  // "" is no description
    EXPECT_EQ(r.posture["inVpc"], false);          // absent or an empty VpcId
  }
  // "2025-09-23T18:32:33.857+0000": the offset without a colon is read as UTC.
  EXPECT_EQ(page.items[0].created_at, 1758652353857);
  EXPECT_EQ(code_of([] { parse_list_functions(R"({"Functions": [{"FunctionName": "x"}]})", "r"); }),
            "MalformedResponse");
  EXPECT_EQ(code_of([] { parse_list_functions(R"({"NextMarker": "m"})", "r"); }), "MalformedResponse");
}

std::string metric_data_xml(const json& out) {
  // CloudWatch's documented query-protocol envelope around the recorded awscli values.
  std::string xml =
      "<GetMetricDataResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"><GetMetricDataResult>"
      "<MetricDataResults>";
  for (const auto& r : out["MetricDataResults"]) {
    xml += "<member><Id>" + r["Id"].get<std::string>() + "</Id><Label>" + r["Label"].get<std::string>() +
           "</Label><StatusCode>" + r["StatusCode"].get<std::string>() + "</StatusCode><Timestamps>";
    for (const auto& t : r["Timestamps"]) xml += "<member>" + t.get<std::string>() + "</member>";
    xml += "</Timestamps><Values>";
    for (const auto& v : r["Values"]) xml += "<member>" + v.dump() + "</member>";
    xml += "</Values></member>";
  }
  return xml + "</MetricDataResults><Messages/></GetMetricDataResult></GetMetricDataResponse>";
}

TEST(AwsServiceParsers, MetricDataFromTheAwscliExample) {
  json out = awscli_output("cloudwatch_get-metric-data.rst");
  MetricDataPage page = parse_get_metric_data(metric_data_xml(out));
  ASSERT_EQ(page.points.size(), 1u);
  EXPECT_EQ(page.points[0].timestamp, parse_rfc3339("2024-09-29T22:10:00+00:00").value());
  EXPECT_DOUBLE_EQ(page.points[0].value, 96.85);
  EXPECT_EQ(ec2_metric_name("cpu_utilization"), "CPUUtilization");
  EXPECT_EQ(ec2_metric_name("network_in_bytes"), "NetworkIn");
  EXPECT_FALSE(ec2_metric_name("memory_utilization"));
}

}  // namespace
}  // namespace cw::providers::aws
