// The VPC source's flow-log fact end to end: the aws provider against a local replay EC2
// (TestHttpServer) answering DescribeVpcs and DescribeFlowLogs with cloud-custodian's recordings
// in EC2's envelope (aws_recordings_test_support.hpp): ACTIVE logs, paging by nextToken, the
// page's ids asked 200 to a call, and a denied DescribeFlowLogs, which leaves the fact unknown.
#include <gtest/gtest.h>

#include <mutex>

#include "providers/aws/aws_provider.hpp"
#include "providers/aws/aws_recordings_test_support.hpp"
#include "providers/aws/sigv4.hpp"
#include "providers/common/test_client.hpp"
#include "providers/common/test_http_server.hpp"
#include "providers/test_support.hpp"
#include "storage/test_support.hpp"

namespace cw::providers::aws {
namespace {

using aws::testing::ec2_list_answer;
using aws::testing::placebo;
using common::testing::ReceivedRequest;
using common::testing::Reply;
using common::testing::TestHttpServer;
using nlohmann::json;

const std::string kVpcsSource = "5:";  // instances, volumes, snapshots, addresses, security groups, VPCs

class VpcFlowLogsTest : public ::testing::Test {
 protected:
  std::unique_ptr<CloudProvider> make() {
    ProviderAccount account{
        "acc-aws",
        "org-1",
        {{"accessKeyId", "AKIDEXAMPLE"}, {"secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}},
        {{"regions", {"us-east-1"}}, {"services", {"ec2"}}, {"endpoints", {{"ec2", server.url()}}}}};
    return kind.create(account, ProviderDeps{clock, *db});
  }
  std::vector<std::string> flow_log_requests() {
    std::vector<std::string> out;
    for (const auto& r : server.received())
      if (aws::testing::action_of(r) == "DescribeFlowLogs") out.push_back(r.body);
    return out;
  }

  FakeClock clock{parse_rfc3339("2017-06-27T17:00:00Z").value()};
  std::unique_ptr<storage::Database> db = storage::testing::fresh_sqlite();
  common::HttpClient http{common::testing::unlimited_settings(), common::testing::instant_effects(clock)};
  ProviderKind kind = aws_kind(http);
  // The absent recording's three VPCs (one of them with an ACTIVE log) unless a test says otherwise.
  json vpcs = placebo("test_vpc_flow_logs_absent__ec2.DescribeVpcs_1")["data"]["Vpcs"];
  std::function<Reply(const std::string& next_token)> flow_logs = [](const std::string& next_token) -> Reply {
    // Page 1: the misconfigured recording (other VPCs), truncated; page 2: the absent one.
    if (next_token.empty())
      return {200,
              {},
              ec2_list_answer("DescribeFlowLogs", "flowLogSet",
                              placebo("test_vpc_flow_logs_misconfigured__ec2.DescribeFlowLogs_1")["data"]["FlowLogs"],
                              "fl/2")};
    return {200,
            {},
            ec2_list_answer("DescribeFlowLogs", "flowLogSet",
                            placebo("test_vpc_flow_logs_absent__ec2.DescribeFlowLogs_1")["data"]["FlowLogs"])};
  };
  TestHttpServer server{[this](const ReceivedRequest& req) -> Reply {
    const std::string action = aws::testing::action_of(req);
    if (action == "DescribeVpcs") return {200, {}, ec2_list_answer("DescribeVpcs", "vpcSet", vpcs)};
    if (action == "DescribeFlowLogs") {
      auto params = parse_query(req.body);
      std::string token;
      for (const auto& [k, v] : params)
        if (k == "NextToken") token = v;
      return flow_logs(token);
    }
    return {400, {}, "<Response><Errors><Error><Code>Unexpected</Code></Error></Errors></Response>"};
  }};
};

json flow_fact(const std::vector<ResourceRecord>& items, const std::string& id) {
  for (const auto& r : items)
    if (r.external_id == id) return r.posture;
  return "missing";
}

TEST_F(VpcFlowLogsTest, EachVpcIsOnWhenAnActiveLogWatchesIt) {
  ResourcePage page = make()->list_resources(kVpcsSource, 1000);
  ASSERT_EQ(page.items.size(), 3u);
  EXPECT_EQ(page.items[0].spec["kind"], "vpc");
  EXPECT_EQ(flow_fact(page.items, "vpc-28a71f51"), (json{{"flowLogsEnabled", false}}));
  EXPECT_EQ(flow_fact(page.items, "vpc-d2d616b5"), (json{{"flowLogsEnabled", true}}));
  EXPECT_EQ(flow_fact(page.items, "vpc-9ca119e5"), (json{{"flowLogsEnabled", false}}));
  // One filter on the page's ids, both pages of the answer.
  auto requests = flow_log_requests();
  ASSERT_EQ(requests.size(), 2u);
  const std::string form =
      "Action=DescribeFlowLogs&Version=2016-11-15&Filter.1.Name=resource-id&Filter.1.Value.1=vpc-28a71f51"
      "&Filter.1.Value.2=vpc-d2d616b5&Filter.1.Value.3=vpc-9ca119e5&MaxResults=1000";
  EXPECT_EQ(requests[0], form);
  EXPECT_EQ(requests[1], form + "&NextToken=fl%2F2");
  auto received = server.received();
  EXPECT_NE(received.back().headers.at("authorization").find("/us-east-1/ec2/aws4_request"), std::string::npos);
}

TEST_F(VpcFlowLogsTest, ManyVpcsAreAsked200ToACall) {
  json one = vpcs[0];
  vpcs = json::array();
  for (int i = 0; i < 250; ++i) {
    one["VpcId"] = "vpc-" + std::to_string(10000 + i);
    vpcs.push_back(one);
  }
  // vpc-10007 is watched; an inactive log of vpc-10008 does not count.
  flow_logs = [](const std::string&) -> Reply {
    json logs = placebo("test_vpc_flow_logs_misconfigured__ec2.DescribeFlowLogs_1")["data"]["FlowLogs"];
    logs[0]["ResourceId"] = "vpc-10007";
    logs[1]["ResourceId"] = "vpc-10008";  // FlowLogStatus SOMETHINGBAD
    return {200, {}, ec2_list_answer("DescribeFlowLogs", "flowLogSet", json{logs[0], logs[1]})};
  };
  ResourcePage page = make()->list_resources(kVpcsSource, 1000);
  ASSERT_EQ(page.items.size(), 250u);
  auto requests = flow_log_requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_NE(requests[0].find("&Filter.1.Value.200=vpc-10199&MaxResults"), std::string::npos);
  EXPECT_EQ(requests[0].find("Filter.1.Value.201="), std::string::npos);
  EXPECT_NE(requests[1].find("&Filter.1.Value.1=vpc-10200&"), std::string::npos);
  EXPECT_NE(requests[1].find("&Filter.1.Value.50=vpc-10249&MaxResults"), std::string::npos);
  int on = 0;
  for (const auto& r : page.items) on += r.posture.value("flowLogsEnabled", false) ? 1 : 0;
  EXPECT_EQ(on, 1);
  EXPECT_EQ(flow_fact(page.items, "vpc-10007"), (json{{"flowLogsEnabled", true}}));
  EXPECT_EQ(flow_fact(page.items, "vpc-10008"), (json{{"flowLogsEnabled", false}}));
}

TEST_F(VpcFlowLogsTest, DeniedLeavesTheFactUnknownAndTheVpcsListed) {
  flow_logs = [](const std::string&) -> Reply { return {403, {}, aws::testing::ec2_unauthorized()}; };
  ResourcePage page = make()->list_resources(kVpcsSource, 1000);
  ASSERT_EQ(page.items.size(), 3u);
  for (const auto& r : page.items) EXPECT_EQ(r.posture, (json{{"unknown", {"flowLogsEnabled"}}})) << r.external_id;
  EXPECT_EQ(flow_log_requests().size(), 1u) << "denied is not retried";
}

TEST_F(VpcFlowLogsTest, OtherFailuresFailThePage) {
  flow_logs = [](const std::string&) -> Reply { return {200, {}, "<DescribeFlowLogsResponse><flowLogSet><item>"}; };
  EXPECT_EQ(providers::testing::code_of([&] { make()->list_resources(kVpcsSource, 1000); }), "MalformedResponse");
  // A token that repeats would never end.
  flow_logs = [](const std::string&) -> Reply {
    return {200, {}, ec2_list_answer("DescribeFlowLogs", "flowLogSet", json::array(), "same")};
  };
  EXPECT_EQ(providers::testing::code_of([&] { make()->list_resources(kVpcsSource, 1000); }), "MalformedResponse");
}

}  // namespace
}  // namespace cw::providers::aws
