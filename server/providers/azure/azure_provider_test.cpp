// The azure provider end to end against a local replay server (TestHttpServer) reached through the
// "login" and "management" endpoint overrides: token, ARM paging, mapping, errors, retries and the
// breaker run unchanged. ARM bodies are the recorded ones of testdata/azure (cassettes store them
// parsed, so they are re-serialised); where a test needs a nextLink the recorded list is wrapped in
// ARM's documented {"value", "nextLink"} envelope with a link on https://management.azure.com,
// which the provider moves onto the overridden management endpoint (as a real recording's would be).
#include <gtest/gtest.h>

#include <atomic>

#include "providers/azure/azure_provider.hpp"
#include "providers/azure/arm_responses.hpp"
#include "providers/azure/key_vault.hpp"
#include "providers/azure/cassettes_test_support.hpp"
#include "providers/common/test_client.hpp"
#include "providers/common/test_http_server.hpp"
#include "storage/test_support.hpp"
#include "providers/test_support.hpp"

namespace cw::providers::azure {
namespace {

using common::testing::ReceivedRequest;
using common::testing::Reply;
using common::testing::TestHttpServer;
using nlohmann::json;
using providers::testing::list_all;
using testing::project_recorded_body;
using testing::project_specs_example_body;
using testing::recorded_body;
using testing::specs_example_body;

const std::string kSub = "ea42f556-5106-4743-99b0-c129bfa71a47";  // the recordings' subscription
const std::string kTenant = "00000000-0000-0000-0000-000000000003";
const std::string kSecret = "s3cr3t~value.that/must+never=leak";
const std::string kVmId =
    "/subscriptions/" + kSub + "/resourceGroups/TEST_VM/providers/Microsoft.Compute/virtualMachines/cctestvm";

// The successful client-credentials answer of Microsoft's "OAuth 2.0 client credentials flow" doc.
std::string token_body(const std::string& token) {
  return json{{"token_type", "Bearer"}, {"expires_in", 3599}, {"access_token", token}}.dump();
}
// ARM's answer to an expired token (shape from Azure/azure-sdk-for-java#33112).
const std::string kExpired =
    R"({"error":{"code":"ExpiredAuthenticationToken","message":"The access token expiry UTC time '1/18/2023 5:10:42 PM' is earlier than current UTC time '1/18/2023 5:24:09 PM'."}})";
// ARM's documented AuthorizationFailed answer.
std::string authorization_failed(const std::string& action) {
  return json{{"error",
               {{"code", "AuthorizationFailed"},
                {"message", "The client 'x' with object id 'x' does not have authorization to perform action '" +
                                action + "' over scope '/subscriptions/" + kSub + "' or the scope is invalid."}}}}
      .dump();
}

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// The security scope's recordings (server/tests/testdata/azure): the subscription and its
// diagnostic settings, and the subscription's vault list in four pages (the first and the last
// two empty, as ARM answered them).
const char* kDiag = "SubscriptionDiagnosticSettingsFilterTest.diag";
const char* kVaults = "KeyVaultKeyTest.test_key_vault_keys_rotation";
constexpr size_t kRotatePolicy = 8, kNotifyPolicy = 9;  // recorded rotation policies of the two vaults
std::string recorded_vault_link(size_t page) {
  return json::parse(project_recorded_body(kVaults, page))["nextLink"].get<std::string>();
}

/// The ARM answers of the subscription step and the Key Vault step. The keys list is the official
/// listKeys example and each key's GET the getKey example, their ids moved under the vault asked
/// for; no ARM key answer with a rotation policy was recorded, so a key's policy is the recorded
/// data-plane policy of its vault (qmbknzbm: Rotate, vpbanzbk: Notify only) in properties.rotationPolicy,
/// the documented envelope (key_vault_test.cpp says more).
std::optional<Reply> security_scope_answer(const ReceivedRequest& req) {
  const std::string& t = req.target;
  const std::string path = t.substr(0, t.find('?'));
  if (path == "/subscriptions/" + kSub) return Reply{200, {}, project_recorded_body(kDiag, 0)};
  if (has(path, "/providers/Microsoft.Insights/diagnosticSettings"))
    return Reply{200, {}, project_recorded_body(kDiag, 1)};
  if (has(t, "/providers/Microsoft.KeyVault/vaults?")) {
    size_t page = has(t, "skiptoken=Y2ZiLW5qbH")   ? 1
                  : has(t, "skiptoken=Y2ZiLXZwYm") ? 2
                  : has(t, "skiptoken=a2V5LXJCa0") ? 3
                                                   : 0;
    return Reply{200, {}, project_recorded_body(kVaults, page)};
  }
  const size_t keys = path.find("/keys");
  if (!has(path, "/providers/Microsoft.KeyVault/vaults/") || keys == std::string::npos) return std::nullopt;
  const std::string vault_id = path.substr(0, keys);
  if (path.size() == keys + 5) {
    json list = json::parse(project_specs_example_body("keyvault_list-keys.json"));
    for (json& key : list["value"]) key["id"] = vault_id + "/keys/" + key["name"].get<std::string>();
    return Reply{200, {}, list.dump()};
  }
  json key = json::parse(project_specs_example_body("keyvault_get-key.json"));
  key["id"] = path;
  key["name"] = path.substr(keys + 6);
  json policy = json::parse(project_recorded_body(kVaults, has(vault_id, "qmbknzbm") ? kRotatePolicy : kNotifyPolicy));
  policy.erase("id");
  key["properties"]["rotationPolicy"] = policy;
  return Reply{200, {}, key.dump()};
}

class AzureProviderTest : public ::testing::Test {
 protected:
  std::unique_ptr<CloudProvider> make(const TestHttpServer& server, json settings = json::object()) {
    settings["endpoints"] = {{"login", server.url()}, {"management", server.url()}, {"metrics", server.url()}};
    ProviderAccount account{"acc-azure",
                            "org-1",
                            {{"tenantId", kTenant},
                             {"clientId", "11111111-2222-3333-4444-555555555555"},
                             {"clientSecret", kSecret},
                             {"subscriptionId", kSub}},
                            settings};
    return kind.create(account, ProviderDeps{clock, *db});
  }

  /// Serves the token endpoint and the recorded list of every kind; `arm` may answer first.
  TestHttpServer::Handler replay(std::function<std::optional<Reply>(const ReceivedRequest&)> arm = nullptr) {
    return [this, arm](const ReceivedRequest& req) -> Reply {
      if (has(req.target, "/oauth2/v2.0/token")) {
        ++token_requests;
        return {200, {}, token_body("token-" + std::to_string(token_requests.load()))};
      }
      if (arm)
        if (auto r = arm(req)) return *r;
      if (auto r = security_scope_answer(req)) return *r;
      const std::string& t = req.target;
      if (has(t, "/providers/Microsoft.Compute/virtualMachines?") && has(t, "skiptoken"))
        return {200,
                {},
                specs_example_body("Microsoft.Compute__2024-07-01__VirtualMachine_ListBySubscription_ByLocation.json")};
      if (has(t, "/providers/Microsoft.Compute/virtualMachines?")) {
        json page = json::parse(recorded_body("VMTest.virtual_machine_instance", 0));
        page["nextLink"] =
            "https://management.azure.com/subscriptions/" + kSub +
            "/providers/Microsoft.Compute/virtualMachines?api-version=2024-07-01&statusOnly=true&%24skiptoken=abc";
        return {200, {}, page.dump()};
      }
      if (has(t, "/providers/Microsoft.Compute/disks?"))
        return {200, {}, recorded_body("DiskTest.test_find_by_name", 0)};
      if (has(t, "/providers/Microsoft.Network/networkSecurityGroups?"))
        return {200, {}, recorded_body("NetworkSecurityGroupTest.test_find_by_name", 0)};
      if (has(t, "/providers/Microsoft.Storage/storageAccounts?"))
        return {200, {}, recorded_body("StorageMetricsFilterTest.test_blob_metrics_filter", 0)};
      if (has(t, "/providers/Microsoft.Sql/servers?"))
        return {200, {}, recorded_body("SqlDatabaseTest.test_get_database_by_name", 0)};
      if (has(t, "/databases?")) return {200, {}, recorded_body("SqlDatabaseTest.test_get_database_by_name", 1)};
      return {404, {}, R"({"error":{"code":"NotRecorded","message":"no recording for this request"}})"};
    };
  }

  FakeClock clock{1'700'000'000'000};
  std::unique_ptr<storage::Database> db = storage::testing::fresh_sqlite();
  common::HttpClient http{common::testing::unlimited_settings(), common::testing::instant_effects(clock)};
  ProviderKind kind = azure_kind(http);
  std::atomic<int> token_requests{0};
};

TEST_F(AzureProviderTest, CredentialsValidation) {
  json good = {{"tenantId", kTenant},
               {"clientId", "11111111-2222-3333-4444-555555555555"},
               {"clientSecret", "x"},
               {"subscriptionId", kSub}};
  EXPECT_TRUE(validate_credentials(good).empty());
  auto p = validate_credentials({{"tenantId", "contoso.onmicrosoft.com"}, {"clientSecret", ""}, {"typo", 1}});
  EXPECT_TRUE(p.count("tenantId") && p.count("clientId") && p.count("subscriptionId") && p.count("clientSecret") &&
              p.count("typo"));
  EXPECT_EQ(validate_credentials(json::array()).count("credentials"), 1u);
  EXPECT_EQ(kind.name, "azure");
  EXPECT_THROW(kind.create({"a", "o", good, {{"endpoints", {{"management", "ftp://x"}}}}}, ProviderDeps{clock, *db}),
               ProviderError);
}

TEST_F(AzureProviderTest, ListResourcesWalksEveryKindWithNextLinkAndOneToken) {
  std::atomic<int> disk_calls{0};
  TestHttpServer server(replay([&](const ReceivedRequest& req) -> std::optional<Reply> {
    if (has(req.target, "/disks?") && ++disk_calls == 1)  // throttled once
      return Reply{429, {{"Retry-After", "2"}}, R"({"error":{"code":"TooManyRequests","message":"slow down"}})"};
    return std::nullopt;
  }));
  auto p = make(server);
  std::vector<std::string> tokens;
  Millis started = clock.now_ms();
  std::vector<ResourceRecord> all = list_all(*p, 50, &tokens);
  EXPECT_EQ(
      tokens,
      (std::vector<std::string>{
          "0|https://management.azure.com/subscriptions/" + kSub +
              "/providers/Microsoft.Compute/virtualMachines?api-version=2024-07-01&statusOnly=true&%24skiptoken=abc",
          "1", "2", "3", "4", "5", "6", "6|" + recorded_vault_link(0), "6|" + recorded_vault_link(1),
          "6|" + recorded_vault_link(2), ""}));
  // 1 + 2 VMs, 4 disks, 2 NSGs, 3 storage accounts, 1 SQL server + its 2 user databases, the
  // subscription, 2 keys in each of 2 vaults.
  ASSERT_EQ(all.size(), 20u);
  EXPECT_EQ(all[0].name, "cctestvm");
  EXPECT_EQ(all[3].spec["kind"], "managedDisk");
  EXPECT_EQ(all[7].type, "network");
  EXPECT_EQ(all[9].spec["kind"], "storageAccount");
  EXPECT_EQ(all[12].spec["kind"], "sqlServer");
  EXPECT_EQ(all[14].name, "cctestdb");
  EXPECT_EQ(all[15].type, "account");
  EXPECT_EQ(all[16].type, "key");
  EXPECT_EQ(token_requests.load(), 1);
  EXPECT_GE(clock.now_ms() - started, 2000);  // Retry-After honoured
  auto received = server.received();
  EXPECT_EQ(received[0].method, "POST");
  EXPECT_EQ(received[0].target, "/" + kTenant + "/oauth2/v2.0/token");
  EXPECT_TRUE(has(received[0].body, "grant_type=client_credentials"));
  EXPECT_TRUE(has(received[0].body, "scope=https%3A%2F%2Fmanagement.azure.com%2F.default"));
  EXPECT_EQ(received[1].headers["authorization"], "Bearer token-1");
  EXPECT_EQ(
      received[1].target,
      "/subscriptions/" + kSub + "/providers/Microsoft.Compute/virtualMachines?api-version=2024-07-01&statusOnly=true");
  EXPECT_TRUE(has(received[2].target, "%24skiptoken=abc"));  // the nextLink, moved onto the replay server
}

TEST_F(AzureProviderTest, PageTokensAreCheckedAndNextLinksStayOnTheManagementEndpoint) {
  TestHttpServer server(replay([](const ReceivedRequest& req) -> std::optional<Reply> {
    if (has(req.target, "/disks?"))
      return Reply{200, {}, R"({"value": [], "nextLink": "https://attacker.example/steal"})"};
    return std::nullopt;
  }));
  auto p = make(server);
  for (const char* bad : {"9", "7", "x", "0|https://attacker.example/x", "1|", "5|x", "6|https://attacker.example/x"}) {
    try {
      p->list_resources(bad, 10);
      FAIL() << bad;
    } catch (const ProviderError& e) {
      EXPECT_TRUE(e.code() == "InvalidParameterValue" || e.code() == "InvalidResponse") << e.code();
    }
  }
  try {
    p->list_resources("1", 10);
    FAIL();
  } catch (const ProviderError& e) { EXPECT_EQ(e.code(), "InvalidResponse"); }
  for (const auto& r : server.received()) EXPECT_FALSE(has(r.target, "steal"));
}

TEST_F(AzureProviderTest, ExpiredTokenIsRefreshedOnceAndCachedTokensExpire) {
  std::atomic<int> expired_left{1};
  TestHttpServer server(replay([&](const ReceivedRequest& req) -> std::optional<Reply> {
    if (has(req.target, "/virtualMachines?") && expired_left > 0) {
      --expired_left;
      return Reply{401, {{"WWW-Authenticate", "Bearer error=\"invalid_token\""}}, kExpired};
    }
    return std::nullopt;
  }));
  auto p = make(server);
  EXPECT_EQ(p->list_resources("", 10).items.size(), 1u);
  EXPECT_EQ(token_requests.load(), 2);
  EXPECT_EQ(server.received().back().headers["authorization"], "Bearer token-2");

  p->list_resources("1", 10);
  EXPECT_EQ(token_requests.load(), 2);        // cached
  clock.advance((3599 - 5 * 60) * 1000 + 1);  // within 5 minutes of expiry
  p->list_resources("1", 10);
  EXPECT_EQ(token_requests.load(), 3);

  expired_left = 5;  // an answer that stays "expired" is not retried forever
  try {
    p->list_resources("", 10);
    FAIL();
  } catch (const ProviderError& e) { EXPECT_EQ(e.code(), "ExpiredAuthenticationToken"); }
  EXPECT_EQ(token_requests.load(), 4);
}

TEST_F(AzureProviderTest, AadErrorIsReportedWithoutTheSecret) {
  TestHttpServer server([](const ReceivedRequest&) {
    // Microsoft's documented invalid_client answer for a wrong secret (AADSTS7000215).
    return Reply{
        401,
        {},
        R"({"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.\r\nTrace ID: 255d1aef-8c98-452f-ac51-23d051240864","error_codes":[7000215]})"};
  });
  auto p = make(server);
  ConnectionTest t = p->test_connection();
  EXPECT_FALSE(t.valid);
  ASSERT_EQ(t.errors.size(), 1u);
  EXPECT_EQ(
      t.errors[0].rfind(
          "Azure refused the credentials: invalid_client — Azure AD: AADSTS7000215: Invalid client secret provided.",
          0),
      0u);
  EXPECT_FALSE(has(t.errors[0], kSecret));
  try {
    p->list_resources("", 10);
    FAIL();
  } catch (const ProviderError& e) {
    EXPECT_EQ(e.code(), "invalid_client");
    EXPECT_FALSE(has(e.what(), kSecret));
  }
}

TEST_F(AzureProviderTest, TestConnectionReportsIdentityRegionsPermissionsAndLimitations) {
  TestHttpServer server(replay([](const ReceivedRequest& req) -> std::optional<Reply> {
    if (req.target == "/subscriptions/" + kSub + "?api-version=2022-12-01")
      return Reply{200, {}, recorded_body("SubscriptionTaggingTest.test_subscription_tag_and_untag", 0)};
    if (has(req.target, "/locations?")) {
      // One location as `az account list-locations` printed it (Azure/ArtistAnywhere), in ARM's
      // list envelope.
      return Reply{
          200,
          {},
          R"({"value":[{"displayName":"West US","id":"/subscriptions/5cc0d8f1-3643-410c-8646-1a2961134bd3/locations/westus","metadata":{"geography":"United States","geographyGroup":"US","latitude":"37.783","longitude":"-122.417","physicalLocation":"California","regionCategory":"Other","regionType":"Physical"},"name":"westus"}]})"};
    }
    if (has(req.target, "/disks?")) return Reply{403, {}, authorization_failed("Microsoft.Compute/disks/read")};
    return std::nullopt;
  }));
  auto p = make(server);
  ConnectionTest t = p->test_connection();
  EXPECT_TRUE(t.valid);
  EXPECT_EQ(t.identity["subscriptionId"], kSub);
  EXPECT_EQ(t.identity["displayName"], "Test Subscription");
  EXPECT_EQ(t.identity["tenantId"], kTenant);
  EXPECT_EQ(t.regions, std::vector<std::string>{"westus"});
  EXPECT_EQ(t.limitations, std::vector<std::string>{"Microsoft.Compute/disks/read"});
  EXPECT_NE(std::find(t.permissions.begin(), t.permissions.end(), "Microsoft.Compute/virtualMachines/read"),
            t.permissions.end());
  EXPECT_NE(std::find(t.permissions.begin(), t.permissions.end(), "Microsoft.Sql/servers/read"), t.permissions.end());
  EXPECT_EQ(t.services, (std::vector<std::string>{"compute", "network", "storage", "sql", "keyvault"}));
  for (const char* p : {"Microsoft.Insights/DiagnosticSettings/Read", "Microsoft.KeyVault/vaults/read"})
    EXPECT_NE(std::find(t.permissions.begin(), t.permissions.end(), p), t.permissions.end()) << p;
  EXPECT_TRUE(t.errors.empty());
}

TEST_F(AzureProviderTest, AnErrorMidWalkThrowsInsteadOfAPartialPage) {
  TestHttpServer server(replay([](const ReceivedRequest& req) -> std::optional<Reply> {
    if (has(req.target, "/databases?")) return Reply{200, {}, R"({"value": [)"};
    return std::nullopt;
  }));
  auto p = make(server);
  try {
    p->list_resources("4", 10);
    FAIL();
  } catch (const ProviderError& e) {
    EXPECT_EQ(e.code(), "InvalidResponse");
    EXPECT_TRUE(has(e.what(), "SQL databases"));
  }
}

TEST_F(AzureProviderTest, ServerErrorsAreRetriedThenOpenTheBreaker) {
  std::atomic<int> arm_calls{0};
  TestHttpServer server(replay([&](const ReceivedRequest&) -> std::optional<Reply> {
    ++arm_calls;
    return Reply{500, {}, R"({"error":{"code":"InternalServerError","message":"boom"}})"};
  }));
  auto p = make(server);
  try {
    p->list_resources("", 10);
    FAIL();
  } catch (const ProviderError& e) {
    EXPECT_EQ(e.code(), "InternalServerError");
    EXPECT_TRUE(e.retryable());
  }
  EXPECT_EQ(arm_calls.load(), 4);
  EXPECT_THROW(p->list_resources("", 10), ProviderError);  // 5th failure opens the breaker
  EXPECT_EQ(http.breaker_state("acc-azure"), "open");
  int before = arm_calls;
  try {
    p->list_resources("", 10);
    FAIL();
  } catch (const ProviderError& e) { EXPECT_EQ(e.code(), "CircuitOpen"); }
  EXPECT_EQ(arm_calls.load(), before);
}

TEST_F(AzureProviderTest, VmGetActionsAndDelete) {
  TestHttpServer server(replay([](const ReceivedRequest& req) -> std::optional<Reply> {
    if (req.method == "GET" && has(req.target, "/virtualMachines/cctestvm?"))
      return Reply{200, {}, recorded_body("VMTest.virtual_machine_instance", 1)};
    if (req.method == "GET" && has(req.target, "/virtualMachines/gone?"))
      return Reply{
          404,
          {},
          R"({"error":{"code":"ResourceNotFound","message":"The Resource 'Microsoft.Compute/virtualMachines/gone' under resource group 'TEST_VM' was not found."}})"};
    if (req.method == "POST" || req.method == "DELETE") return Reply{202, {}, ""};
    return std::nullopt;
  }));
  auto p = make(server);
  auto vm = p->get_resource(kVmId);
  ASSERT_TRUE(vm);
  EXPECT_EQ(vm->status, "running");
  EXPECT_FALSE(p->get_resource("/subscriptions/" + kSub +
                               "/resourceGroups/TEST_VM/providers/Microsoft.Compute/virtualMachines/gone"));

  p->resource_actions()->run_action(kVmId, Action::kStop);
  p->resource_actions()->run_action(kVmId, Action::kReboot);
  ResourceRecord deleted = p->resource_actions()->delete_resource(kVmId);
  EXPECT_EQ(deleted.status, "terminated");
  std::vector<std::string> calls;
  for (const auto& r : server.received())
    if (r.method != "GET" && !has(r.target, "oauth2")) calls.push_back(r.method + " " + r.target);
  EXPECT_EQ(calls, (std::vector<std::string>{"POST " + kVmId + "/deallocate?api-version=2024-07-01",
                                             "POST " + kVmId + "/restart?api-version=2024-07-01",
                                             "DELETE " + kVmId + "?api-version=2024-07-01"}));

  for (const std::string& bad : {std::string("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/x/"
                                             "providers/Microsoft.Compute/virtualMachines/y"),
                                 kVmId + "?x=1", kVmId + "/../../other", std::string("i-0abc")}) {
    try {
      p->get_resource(bad);
      FAIL() << bad;
    } catch (const ProviderError& e) { EXPECT_EQ(e.code(), "InvalidParameterValue"); }
  }
  std::string disk = "/subscriptions/" + kSub + "/resourceGroups/TEST_DISK/providers/Microsoft.Compute/disks/d1";
  EXPECT_THROW(p->resource_actions()->run_action(disk, Action::kStart), ProviderError);
  EXPECT_THROW(p->resource_actions()->create_resource({"n", "server", "eastus"}), ProviderError);
  EXPECT_EQ(p->change_feed(), nullptr) << "Azure has no change feed";
}

TEST_F(AzureProviderTest, MetricsAskAzureMonitorAndParseThePoints) {
  TestHttpServer server(replay([](const ReceivedRequest& req) -> std::optional<Reply> {
    if (has(req.target, "/providers/Microsoft.Insights/metrics?"))
      return Reply{200, {}, recorded_body("ArmResourceTest.test_metric_filter_find", 1)};
    return std::nullopt;
  }));
  auto p = make(server);
  Millis from = *parse_rfc3339("2019-05-01T23:59:59Z"), to = *parse_rfc3339("2019-05-02T23:59:59Z");
  auto points = p->metrics_source()->metrics(kVmId, "", "network_in_bytes", from, to, 86'400'000);
  ASSERT_EQ(points.size(), 1u);
  EXPECT_DOUBLE_EQ(points[0].value, 96233830.0);
  std::string target = server.received().back().target;
  EXPECT_EQ(target,
            kVmId +
                "/providers/Microsoft.Insights/metrics?api-version=2018-01-01&metricnames=Network%20In%20Total"
                "&timespan=2019-05-01T23%3A59%3A59.000Z%2F2019-05-02T23%3A59%3A59.000Z&interval=P1D&aggregation=total");
  p->metrics_source()->metrics(kVmId, "", "cpu_utilization", from, to, 300'000);
  EXPECT_TRUE(has(server.received().back().target, "metricnames=Percentage%20CPU&"));
  EXPECT_TRUE(has(server.received().back().target, "&interval=PT5M&aggregation=average"));
  EXPECT_THROW(p->metrics_source()->metrics(kVmId, "", "memory_utilization", from, to, 60'000), ProviderError);
  EXPECT_THROW(p->metrics_source()->metrics(kVmId, "", "cpu_utilization", to, from, 60'000), ProviderError);
}

TEST_F(AzureProviderTest, MetricsBatchReadsARegionsVmsPerCallWithTheMonitorToken) {
  // Azure Monitor's own example answer (two resources, the first with two series of its first
  // metric), its resource ids replaced by VMs'; the first call is throttled.
  const json example = json::parse(project_specs_example_body("monitor_metrics-batch.json"));
  const std::string vm2 =
      "/subscriptions/" + kSub + "/resourceGroups/TEST_VM/providers/Microsoft.Compute/virtualMachines/vm2";
  const std::string vm3 =
      "/subscriptions/" + kSub + "/resourceGroups/EU/providers/Microsoft.Compute/virtualMachines/vm3";
  int batch_calls = 0;
  TestHttpServer server(replay([&](const ReceivedRequest& req) -> std::optional<Reply> {
    if (!has(req.target, "/metrics:getBatch?")) return std::nullopt;
    if (batch_calls++ == 0) return Reply{429, {{"Retry-After", "0"}}, R"({"error":{"code":"TooManyRequests"}})"};
    json ids = json::parse(req.body)["resourceids"];
    json body = example;
    if (ids.size() == 2) {
      std::string upper = kVmId;  // Azure answers ids in a case of its own
      std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
      body["values"][0]["resourceid"] = upper;
      body["values"][1]["resourceid"] = vm2;
    } else {
      body["values"] = json::array({example["values"][1]});
      body["values"][0]["resourceid"] = vm3;
    }
    return Reply{200, {}, body.dump()};
  }));
  auto p = make(server);
  std::vector<MetricsSource::Request> requests = {
      {kVmId, "eastus", "cpu_utilization"},
      {vm2, "eastus", "cpu_utilization"},
      {vm3, "westeurope", "cpu_utilization"},
      {kVmId, "eastus", "memory_utilization"},  // Azure Monitor has no VM memory metric
      {"/subscriptions/" + kSub + "/resourceGroups/TEST_VM/providers/Microsoft.Compute/disks/d1", "eastus",
       "cpu_utilization"},
  };
  Millis from = *parse_rfc3339("2023-02-01T20:00:00Z"), to = *parse_rfc3339("2023-02-01T23:00:00Z");
  auto out = p->metrics_source()->metrics_batch(requests, from, to, 300'000);
  ASSERT_EQ(out.size(), requests.size());
  ASSERT_EQ(out[0].points.size(), 13u) << "both series of the first metric";
  EXPECT_EQ(out[0].points.front().timestamp, *parse_rfc3339("2023-02-01T20:00:00Z"));
  EXPECT_DOUBLE_EQ(out[0].points.front().value, 437);
  ASSERT_EQ(out[1].points.size(), 1u);
  EXPECT_DOUBLE_EQ(out[1].points[0].value, 330);
  ASSERT_EQ(out[2].points.size(), 1u);
  EXPECT_TRUE(out[3].unsupported);
  EXPECT_TRUE(out[4].unsupported);

  std::vector<ReceivedRequest> batches;
  bool monitor_token = false;
  for (const auto& req : server.received()) {
    if (has(req.target, "/metrics:getBatch?")) batches.push_back(req);
    if (has(req.target, "/oauth2/v2.0/token") &&
        has(req.body, "scope=https%3A%2F%2Fmetrics.monitor.azure.com%2F.default"))
      monitor_token = true;
  }
  EXPECT_TRUE(monitor_token) << "the data plane's own audience";
  ASSERT_EQ(batches.size(), 3u) << "eastus throttled then answered, westeurope once";
  const std::string& eastus = batches[1].target;
  EXPECT_EQ(eastus.substr(0, eastus.find('?')), "/subscriptions/" + kSub + "/metrics:getBatch");
  for (const char* part : {"api-version=2024-02-01", "metricnamespace=Microsoft.Compute%2FvirtualMachines",
                           "metricnames=Percentage%20CPU", "interval=PT5M", "aggregation=average",
                           "starttime=2023-02-01T20%3A00%3A00.000Z", "endtime=2023-02-01T23%3A00%3A00.000Z"})
    EXPECT_TRUE(has(eastus, part)) << part << " in " << eastus;
  EXPECT_EQ(json::parse(batches[1].body)["resourceids"], json::array({kVmId, vm2}));
}

TEST_F(AzureProviderTest, CostsQueryCostManagementDailyByService) {
  TestHttpServer server(replay([](const ReceivedRequest& req) -> std::optional<Reply> {
    if (has(req.target, "/providers/Microsoft.CostManagement/query?"))
      return Reply{200, {}, recorded_body("CostFilterTest.test_cost_resource", 1)};
    return std::nullopt;
  }));
  auto p = make(server);
  auto lines = p->cost_source()->costs("2019-05-02", "2019-05-02");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].date, "2019-05-02");  // a one-day total: the day is known
  EXPECT_DOUBLE_EQ(lines[0].amount, 0.16403);
  const ReceivedRequest req = server.received().back();
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.target, "/subscriptions/" + kSub + "/providers/Microsoft.CostManagement/query?api-version=2023-11-01");
  json q = json::parse(req.body);
  EXPECT_EQ(q["dataset"]["granularity"], "Daily");
  EXPECT_EQ(q["dataset"]["grouping"][0]["name"], "ServiceName");
  EXPECT_EQ(q["timePeriod"]["from"], "2019-05-02T00:00:00Z");
  // Several days without a UsageDate column cannot be split by day.
  EXPECT_THROW(p->cost_source()->costs("2019-05-01", "2019-05-02"), ProviderError);
  EXPECT_THROW(p->cost_source()->costs("2019-5-1", "2019-05-02"), ProviderError);
}

TEST_F(AzureProviderTest, CostsOfSeveralDaysAreFiledOnTheirUsageDate) {
  TestHttpServer server(replay([](const ReceivedRequest& req) -> std::optional<Reply> {
    if (has(req.target, "/providers/Microsoft.CostManagement/query?"))
      return Reply{200, {}, project_specs_example_body("costmanagement_subscription-query.json")};
    return std::nullopt;
  }));
  auto p = make(server);
  auto lines = p->cost_source()->costs("2018-03-31", "2018-04-29");
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].date, "2018-03-31");
  EXPECT_EQ(lines[1].date, "2018-03-31");
  EXPECT_EQ(lines[2].date, "2018-04-01");
  EXPECT_EQ(lines[3].date, "2018-04-29");
  EXPECT_DOUBLE_EQ(lines[1].amount, 218.68795741935486);
  json q = json::parse(server.received().back().body);
  EXPECT_EQ(q["timePeriod"]["from"], "2018-03-31T00:00:00Z");
  EXPECT_EQ(q["timePeriod"]["to"], "2018-04-29T23:59:59Z");
}

TEST_F(AzureProviderTest, RegionsSettingFiltersTheInventory) {
  TestHttpServer server(replay());
  auto p = make(server, {{"regions", {"East US"}}});
  ResourcePage nsgs = p->list_resources("2", 10);
  ASSERT_EQ(nsgs.items.size(), 1u);
  EXPECT_EQ(nsgs.items[0].name, "c7n-nsg");
  EXPECT_EQ(p->list_resources("5", 10).items.size(), 1u) << "the subscription is global";
  // The recorded vaults are in centralus: their keys are not even listed.
  EXPECT_TRUE(p->list_resources("6|" + recorded_vault_link(0), 10).items.empty());
  for (const auto& r : server.received()) EXPECT_FALSE(has(r.target, "/keys")) << r.target;
}

TEST_F(AzureProviderTest, SubscriptionIsAnAccountRecordWithItsActivityLogExport) {
  TestHttpServer server(replay());
  auto p = make(server);
  ResourcePage page = p->list_resources("5", 10);
  EXPECT_EQ(page.next_token, "6");
  ASSERT_EQ(page.items.size(), 1u);
  const ResourceRecord& sub = page.items[0];
  EXPECT_EQ(sub.external_id, "/subscriptions/" + kSub);
  EXPECT_EQ(sub.name, "matter-compliance-dev-new");
  EXPECT_EQ(sub.type, "account");
  EXPECT_EQ(sub.region, "global");
  EXPECT_EQ(sub.spec["kind"], "subscription");
  EXPECT_EQ(sub.posture["trailEnabled"], true) << "the recorded setting sends Administrative to a storage account";
  std::vector<std::string> targets;
  for (const auto& r : server.received())
    if (!has(r.target, "oauth2")) targets.push_back(r.target);
  EXPECT_EQ(targets, (std::vector<std::string>{
                         "/subscriptions/" + kSub + "?api-version=2022-12-01",
                         "/subscriptions/" + kSub +
                             "/providers/Microsoft.Insights/diagnosticSettings?api-version=2021-05-01-preview"}));
}

TEST_F(AzureProviderTest, ActivityLogExportFollowsTheSettings) {
  std::string settings;
  TestHttpServer server(replay([&](const ReceivedRequest& req) -> std::optional<Reply> {
    if (has(req.target, "/diagnosticSettings?")) return Reply{200, {}, settings};
    return std::nullopt;
  }));
  auto p = make(server);
  auto trail = [&] { return p->list_resources("5", 10).items.at(0).posture.value("trailEnabled", json()); };
  settings = project_specs_example_body("monitor_list-subscription-diagnostic-settings.json");
  EXPECT_EQ(trail(), true) << "categoryGroup allLogs";
  json without = json::parse(project_recorded_body(kDiag, 1));
  for (json& log : without["value"][0]["properties"]["logs"])
    if (log["category"] == "Administrative") log["enabled"] = false;
  settings = without.dump();
  EXPECT_EQ(trail(), false) << "Security and Policy only";
  settings = R"({"value": []})";
  EXPECT_EQ(trail(), false) << "no setting";
  settings = R"({"value": [)";
  EXPECT_EQ(providers::testing::code_of([&] { p->list_resources("5", 10); }), "InvalidResponse");
}

TEST_F(AzureProviderTest, RefusedSubscriptionReadsLeaveFactsUnknown) {
  TestHttpServer server(replay([](const ReceivedRequest& req) -> std::optional<Reply> {
    if (has(req.target, "/diagnosticSettings?"))
      return Reply{403, {}, authorization_failed("microsoft.insights/diagnosticSettings/read")};
    if (req.target == "/subscriptions/" + kSub + "?api-version=2022-12-01")
      return Reply{403, {}, authorization_failed("Microsoft.Resources/subscriptions/read")};
    return std::nullopt;
  }));
  auto p = make(server);
  ResourcePage page = p->list_resources("5", 10);
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].name, kSub) << "named by its id";
  EXPECT_FALSE(page.items[0].posture.contains("trailEnabled"));
  EXPECT_EQ(page.items[0].posture["unknown"], json::array({"trailEnabled"}));
  EXPECT_EQ(page.next_token, "6");
}

TEST_F(AzureProviderTest, KeyVaultKeysFollowTheVaultPagesAndReadEachKey) {
  TestHttpServer server(replay());
  auto p = make(server);
  std::vector<ResourceRecord> keys;
  std::vector<std::string> tokens;
  std::string token = "6";
  while (!token.empty()) {
    ResourcePage page = p->list_resources(token, 10);
    keys.insert(keys.end(), page.items.begin(), page.items.end());
    token = page.next_token;
    tokens.push_back(token);
  }
  EXPECT_EQ(tokens, (std::vector<std::string>{"6|" + recorded_vault_link(0), "6|" + recorded_vault_link(1),
                                              "6|" + recorded_vault_link(2), ""}));
  ASSERT_EQ(keys.size(), 4u);
  for (const ResourceRecord& k : keys) {
    EXPECT_EQ(k.type, "key");
    EXPECT_EQ(k.spec["kind"], "keyVaultKey");
    EXPECT_EQ(k.spec["kty"], "RSA") << "read from the key's own GET";
    EXPECT_EQ(k.region, "centralus");
    EXPECT_EQ(k.status, "running");
  }
  EXPECT_EQ(keys[0].name, "sample-key-name-1");
  EXPECT_EQ(keys[0].spec["vault"], "cfb-qmbknzbm-keyvault");
  EXPECT_EQ(keys[0].posture["keyRotationEnabled"], true);
  EXPECT_EQ(keys[1].posture["keyRotationEnabled"], true);
  EXPECT_EQ(keys[2].spec["vault"], "cfb-vpbanzbk-keyvault");
  EXPECT_EQ(keys[2].posture["keyRotationEnabled"], false) << "Notify only";
  EXPECT_EQ(keys[3].posture["keyRotationEnabled"], false);

  std::vector<std::string> targets;
  for (const auto& r : server.received())
    if (!has(r.target, "oauth2")) targets.push_back(r.target);
  ASSERT_GE(targets.size(), 4u);
  EXPECT_EQ(targets[0], "/subscriptions/" + kSub + "/providers/Microsoft.KeyVault/vaults?api-version=2023-07-01");
  const Vault first = parse_vault(parse_arm_page(project_recorded_body(kVaults, 1), "v").items[0]);
  EXPECT_EQ(targets[2], first.id + "/keys?api-version=2023-07-01");
  EXPECT_EQ(targets[3], first.id + "/keys/sample-key-name-1?api-version=2023-07-01");
}

TEST_F(AzureProviderTest, RefusedKeyVaultReadsDoNotFailTheSync) {
  bool deny_vaults = true;
  TestHttpServer server(replay([&](const ReceivedRequest& req) -> std::optional<Reply> {
    const std::string& t = req.target;
    if (deny_vaults && has(t, "/providers/Microsoft.KeyVault/vaults?"))
      return Reply{403, {}, authorization_failed("Microsoft.KeyVault/vaults/read")};
    // qmbknzbm: its keys come in two pages, the first key may not be read, the second was deleted
    // since the list; vpbanzbk: its keys may not be listed at all.
    if (has(t, "/vaults/cfb-qmbknzbm-keyvault/keys?")) {
      json list = json::parse(security_scope_answer(req)->body);
      json rest = list;
      if (has(t, "page=2")) {
        rest["value"].erase(0);
        return Reply{200, {}, rest.dump()};
      }
      list["value"].erase(1);
      list["nextLink"] = "https://management.azure.com" + t.substr(0, t.find('?')) + "?api-version=2023-07-01&page=2";
      return Reply{200, {}, list.dump()};
    }
    if (has(t, "/keys/sample-key-name-1?"))
      return Reply{403, {}, authorization_failed("Microsoft.KeyVault/vaults/keys/read")};
    if (has(t, "/keys/sample-key-name-2?"))
      return Reply{404, {}, R"({"error":{"code":"ResourceNotFound","message":"The key was not found."}})"};
    if (has(t, "/vaults/cfb-vpbanzbk-keyvault/keys?"))
      return Reply{403, {}, authorization_failed("Microsoft.KeyVault/vaults/keys/read")};
    return std::nullopt;
  }));
  auto p = make(server);
  ResourcePage refused = p->list_resources("6", 10);
  EXPECT_TRUE(refused.items.empty());
  EXPECT_EQ(refused.next_token, "") << "no vault list, no keys: the walk ends";

  deny_vaults = false;
  ResourcePage page = p->list_resources("6|" + recorded_vault_link(0), 10);
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].name, "sample-key-name-1");
  EXPECT_FALSE(page.items[0].posture.contains("keyRotationEnabled"));
  EXPECT_EQ(page.items[0].posture["unknown"], json::array({"keyRotationEnabled"}));
  EXPECT_EQ(page.next_token, "6|" + recorded_vault_link(1));
  bool second_page = false;
  for (const auto& r : server.received()) second_page = second_page || has(r.target, "page=2");
  EXPECT_TRUE(second_page) << "the keys list's nextLink is followed";
}

TEST_F(AzureProviderTest, KeyIdsOutsideTheirVaultAreRefusedBeforeARequest) {
  TestHttpServer server(replay([](const ReceivedRequest& req) -> std::optional<Reply> {
    if (has(req.target, "/keys?"))
      return Reply{
          200,
          {},
          R"({"value": [{"id": "/subscriptions/x/resourceGroups/y/providers/Microsoft.Compute/virtualMachines/vm", "name": "vm"}]})"};
    return std::nullopt;
  }));
  auto p = make(server);
  EXPECT_EQ(providers::testing::code_of([&] { p->list_resources("6|" + recorded_vault_link(0), 10); }),
            "InvalidResponse");
  for (const auto& r : server.received()) EXPECT_FALSE(has(r.target, "virtualMachines/vm")) << r.target;
}

}  // namespace
}  // namespace cw::providers::azure
