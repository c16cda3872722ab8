// ARM parsers on genuine bodies: cloud-custodian's recorded ARM sessions and the official REST
// examples of azure-rest-api-specs (testdata/azure). Documented error shapes are quoted where no
// recording exists, with their source.
#include <gtest/gtest.h>

#include "providers/azure/arm_responses.hpp"
#include "providers/azure/cassettes_test_support.hpp"

namespace cw::providers::azure {
namespace {

using nlohmann::json;
using testing::project_specs_example_body;
using testing::recorded_body;
using testing::specs_example_body;

ResourceRecord first(const std::string& body, ResourceRecord (*map)(const json&), size_t expected_items) {
  ArmPage page = parse_arm_page(body, "list");
  EXPECT_EQ(page.items.size(), expected_items);
  return map(page.items.at(0));
}

TEST(AzureArmResponses, VirtualMachineWithInstanceViewIsRunning) {
  ResourceRecord vm = vm_record(json::parse(recorded_body("VMTest.virtual_machine_instance", 1)));
  EXPECT_EQ(vm.external_id,
            "/subscriptions/ea42f556-5106-4743-99b0-c129bfa71a47/resourceGroups/TEST_VM/providers/Microsoft.Compute/"
            "virtualMachines/cctestvm");
  EXPECT_EQ(vm.provider, "azure");
  EXPECT_EQ(vm.type, "server");
  EXPECT_EQ(vm.status, "running");
  EXPECT_EQ(vm.region, "southcentralus");
  EXPECT_EQ(vm.name, "cctestvm");
  EXPECT_EQ(vm.spec["instanceType"], "Standard_A1_v2");
  EXPECT_EQ(vm.spec["osType"], "Linux");
  EXPECT_EQ(vm.spec["image"], "Canonical:UbuntuServer:16.04.0-LTS");
  EXPECT_EQ(vm.spec["storageGb"], 30 + 1023);
  EXPECT_EQ(vm.tags["testtag"], "testvalue");
  EXPECT_EQ(vm.posture["passwordAuthentication"], true);
}

TEST(AzureArmResponses, VmPowerStatesMapToStatuses) {
  json vm = json::parse(recorded_body("VMTest.virtual_machine_instance", 1));
  auto with = [&](const char* code) {
    json v = vm;
    v["properties"]["instanceView"]["statuses"][1]["code"] = code;
    return vm_status(v);
  };
  EXPECT_EQ(with("PowerState/deallocated"), "stopped");
  EXPECT_EQ(with("PowerState/stopped"), "stopped");
  EXPECT_EQ(with("PowerState/starting"), "provisioning");
  EXPECT_EQ(with("ProvisioningState/failed/InternalOperationError"), "error");
  // Listed without an instance view: only the provisioning state is known.
  EXPECT_EQ(vm_status(parse_arm_page(recorded_body("VMTest.virtual_machine", 0), "l").items.at(0)), "running");
}

TEST(AzureArmResponses, OfficialVmListExample) {
  ArmPage page = parse_arm_page(
      specs_example_body("Microsoft.Compute__2024-07-01__VirtualMachine_ListBySubscription_ByLocation.json"), "vms");
  ASSERT_EQ(page.items.size(), 2u);
  ResourceRecord vm = vm_record(page.items[0]);
  EXPECT_EQ(vm.spec["osType"], "Windows");
  EXPECT_EQ(vm.spec["storageGb"], 127);
  EXPECT_EQ(vm.region, "eastus");
  EXPECT_EQ(page.next_link, "");
}

TEST(AzureArmResponses, ManagedDisk) {
  ResourceRecord disk = first(recorded_body("DiskTest.test_find_by_name", 0), disk_record, 4);
  EXPECT_EQ(disk.type, "storage");
  EXPECT_EQ(disk.status, "stopped");  // Unattached
  EXPECT_EQ(disk.spec["storageGb"], 1023);
  EXPECT_EQ(disk.spec["sku"], "Standard_LRS");
  EXPECT_EQ(disk.posture["encrypted"], true);
  EXPECT_EQ(disk.posture["customerManagedKey"], false);
  EXPECT_EQ(disk.created_at, *parse_rfc3339("2019-05-01T21:50:23.627Z"));
}

TEST(AzureArmResponses, NetworkSecurityGroupOpenPortsAreInboundAllowFromAnywhere) {
  ArmPage page = parse_arm_page(recorded_body("NetworkSecurityGroupTest.test_find_by_name", 0), "nsgs");
  ASSERT_EQ(page.items.size(), 2u);
  ResourceRecord nsg = nsg_record(page.items[0]);
  EXPECT_EQ(nsg.type, "network");
  EXPECT_EQ(nsg.name, "c7n-nsg");
  // test1 80, test2 8080-8084 + 8086, test6 88-90; Deny and Outbound rules are not open ports.
  json ports = nsg.posture["openPorts"];
  ASSERT_EQ(ports.size(), 4u);
  EXPECT_EQ(ports[0]["port"], 80);
  EXPECT_EQ(ports[0]["cidr"], "0.0.0.0/0");
  EXPECT_EQ(ports[0]["rule"], "test1");
  EXPECT_EQ(ports[1]["port"], 8080);
  EXPECT_EQ(ports[1]["toPort"], 8084);
  EXPECT_EQ(ports[2]["port"], 8086);
  EXPECT_EQ(ports[3]["port"], 88);
  EXPECT_EQ(ports[3]["toPort"], 90);
  json k8s = nsg_record(page.items[1]).posture["openPorts"];
  ASSERT_EQ(k8s.size(), 2u);
  EXPECT_EQ(k8s[0]["port"], 22);
  EXPECT_FALSE(k8s[0].contains("toPort"));  // "22-22"
}

TEST(AzureArmResponses, StorageAccountPosture) {
  ArmPage page = parse_arm_page(recorded_body("StorageMetricsFilterTest.test_blob_metrics_filter", 0), "accounts");
  ResourceRecord modern = storage_account_record(page.items.at(0));
  EXPECT_EQ(modern.name, "mlwsbad20250522211107");
  EXPECT_EQ(modern.type, "storage");
  EXPECT_EQ(modern.status, "running");
  EXPECT_EQ(modern.posture["publicAccess"], true);
  EXPECT_EQ(modern.posture["httpsOnly"], true);
  EXPECT_EQ(modern.posture["minimumTlsVersion"], "TLS1_2");
  EXPECT_EQ(modern.spec["accountKind"], "StorageV2");

  // 2019 accounts predate the settings: the old defaults apply.
  ResourceRecord old =
      storage_account_record(parse_arm_page(recorded_body("StorageTest.test_value_filter", 0), "a").items.at(0));
  EXPECT_EQ(old.posture["publicAccess"], true);
  EXPECT_EQ(old.posture["httpsOnly"], false);
  EXPECT_EQ(old.posture["minimumTlsVersion"], "TLS1_0");

  ArmPage official = parse_arm_page(specs_example_body("Microsoft.Storage__2023-05-01__StorageAccountList.json"), "a");
  ASSERT_EQ(official.items.size(), 6u);
  EXPECT_EQ(storage_account_record(official.items[0]).name, "sto1125");
}

TEST(AzureArmResponses, SqlServerAndDatabases) {
  ResourceRecord server = first(recorded_body("SqlDatabaseTest.test_get_database_by_name", 0), sql_server_record, 1);
  EXPECT_EQ(server.type, "database");
  EXPECT_EQ(server.status, "running");
  EXPECT_EQ(server.spec["engine"], "sqlserver");
  EXPECT_EQ(server.spec["endpoint"], "cctestsqlserverkonu36uvuesr4.database.windows.net");
  EXPECT_EQ(server.posture["publicAccess"], true);

  ArmPage dbs = parse_arm_page(recorded_body("SqlDatabaseTest.test_get_database_by_name", 1), "dbs");
  ASSERT_EQ(dbs.items.size(), 3u);
  EXPECT_TRUE(is_system_database(dbs.items[2]));  // master
  ResourceRecord db = sql_database_record(dbs.items[1]);
  EXPECT_EQ(db.name, "cctestdb");
  EXPECT_EQ(db.status, "running");
  EXPECT_EQ(db.spec["instanceType"], "Standard");
  EXPECT_EQ(db.spec["storageGb"], 2);
  EXPECT_EQ(db.spec["server"], "cctestsqlserverkonu36uvuesr4");
  EXPECT_EQ(db.created_at, *parse_rfc3339("2019-05-07T16:00:38.137Z"));
}

TEST(AzureArmResponses, SubscriptionAndMetrics) {
  Subscription s = parse_subscription(recorded_body("SubscriptionTaggingTest.test_subscription_tag_and_untag", 0));
  EXPECT_EQ(s.subscription_id, "ea42f556-5106-4743-99b0-c129bfa71a47");
  EXPECT_EQ(s.display_name, "Test Subscription");
  EXPECT_EQ(s.tenant_id, "00000000-0000-0000-0000-000000000003");

  auto points = parse_metrics(recorded_body("ArmResourceTest.test_metric_filter_find", 1), "total");
  ASSERT_EQ(points.size(), 1u);
  EXPECT_EQ(points[0].timestamp, *parse_rfc3339("2019-05-01T23:59:00Z"));
  EXPECT_DOUBLE_EQ(points[0].value, 96233830.0);
  EXPECT_TRUE(parse_metrics(recorded_body("ArmResourceTest.test_metric_filter_find", 1), "average").empty());
}

TEST(AzureArmResponses, CostQueryColumnsAreReadByName) {
  CostQueryPage by_resource = parse_cost_query(recorded_body("CostFilterTest.test_cost_resource", 1));
  ASSERT_EQ(by_resource.lines.size(), 1u);
  EXPECT_DOUBLE_EQ(by_resource.lines[0].amount, 0.16403);
  EXPECT_EQ(by_resource.lines[0].resource_external_id,
            "/subscriptions/ea42f556-5106-4743-99b0-c129bfa71a47/resourcegroups/test_vm/providers/microsoft.compute/"
            "virtualmachines/cctestvm");
  EXPECT_FALSE(by_resource.has_date);

  CostQueryPage by_group = parse_cost_query(recorded_body("CostFilterTest.test_cost_resource_group", 1));
  EXPECT_EQ(by_group.lines.size(), 14u);
  EXPECT_DOUBLE_EQ(by_group.lines[1].amount, 6e-05);
  EXPECT_EQ(by_group.lines[1].resource_external_id, "");

  CostQueryPage official =
      parse_cost_query(specs_example_body("Microsoft.CostManagement__2023-11-01__BillingAccountQueryGrouping.json"));
  EXPECT_EQ(official.lines.size(), 3u);
  EXPECT_EQ(official.next_link.rfind("https://management.azure.com/providers/Microsoft.Billing/", 0), 0u);
}

TEST(AzureArmResponses, DailyCostRowsCarryTheirUsageDate) {
  // Microsoft's own example of a daily subscription query: UsageDate is a number (yyyymmdd) in a
  // column between others, and rows of several days come in one answer.
  CostQueryPage daily = parse_cost_query(project_specs_example_body("costmanagement_subscription-query.json"));
  EXPECT_TRUE(daily.has_date);
  EXPECT_EQ(daily.next_link, "");  // "nextLink": null
  ASSERT_EQ(daily.lines.size(), 4u);
  EXPECT_EQ(daily.lines[0].date, "2018-03-31");
  EXPECT_DOUBLE_EQ(daily.lines[0].amount, 2.10333307059661);
  EXPECT_EQ(daily.lines[1].date, "2018-03-31");
  EXPECT_DOUBLE_EQ(daily.lines[1].amount, 218.68795741935486);
  EXPECT_EQ(daily.lines[2].date, "2018-04-01");
  EXPECT_EQ(daily.lines[3].date, "2018-04-29");
  EXPECT_DOUBLE_EQ(daily.lines[3].amount, 0.009865586851323632);
  for (const CostLine& line : daily.lines) EXPECT_EQ(line.service, "");  // grouped by resource group, not service

  // The same answer with a date that is not a day is refused, not misfiled.
  json bad = json::parse(project_specs_example_body("costmanagement_subscription-query.json"));
  bad["properties"]["rows"][2][2] = 201804;
  EXPECT_THROW(parse_cost_query(bad.dump()), ProviderError);
}

TEST(AzureArmResponses, ErrorsAndMalformedBodies) {
  // Shape of ARM errors as reported in Azure/azure-sdk-for-java#33112.
  ProviderError expired = arm_error(
      401,
      R"({"error":{"code":"ExpiredAuthenticationToken","message":"The access token expiry UTC time '1/18/2023 5:10:42 PM' is earlier than current UTC time '1/18/2023 5:24:09 PM'."}})");
  EXPECT_EQ(expired.code(), "ExpiredAuthenticationToken");
  EXPECT_FALSE(expired.retryable());
  EXPECT_EQ(arm_error(503, "<html>").code(), "HttpError");
  EXPECT_TRUE(arm_error(503, "<html>").retryable());
  EXPECT_EQ(arm_error(403, "").code(), "Forbidden");

  // The sample error of Microsoft's "Microsoft Entra authentication and authorization error codes".
  ProviderError aad = aad_error(
      400,
      R"({"error":"invalid_scope","error_description":"AADSTS70011: The provided value for the input parameter 'scope' isn't valid. The scope https://example.contoso.com/activity.read isn't valid.\r\nTrace ID: 255d1aef-8c98-452f-ac51-23d051240864\r\nCorrelation ID: fb3d2015-bc17-4bb9-bb85-30c5cf1aaaa7\r\nTimestamp: 2016-01-09 02:02:12Z","error_codes":[70011],"timestamp":"2016-01-09 02:02:12Z","trace_id":"255d1aef-8c98-452f-ac51-23d051240864","correlation_id":"fb3d2015-bc17-4bb9-bb85-30c5cf1aaaa7"})");
  EXPECT_EQ(aad.code(), "invalid_scope");
  EXPECT_EQ(std::string(aad.what()),
            "Azure AD: AADSTS70011: The provided value for the input parameter 'scope' isn't valid. The scope "
            "https://example.contoso.com/activity.read isn't valid.");

  for (const std::string& bad : {std::string("{\"value\": 3}"), std::string("not json"), std::string("[]")}) {
    try {
      parse_arm_page(bad, "the list");
      FAIL() << bad;
    } catch (const ProviderError& e) { EXPECT_EQ(e.code(), "InvalidResponse"); }
  }
  EXPECT_THROW(vm_record(json::object()), ProviderError);
  EXPECT_THROW(parse_cost_query(R"({"properties":{"columns":[{"name":"ResourceId"}],"rows":[]}})"), ProviderError);
}

}  // namespace
}  // namespace cw::providers::azure
