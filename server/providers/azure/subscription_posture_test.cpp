// The subscription's account record and its Activity Log export on genuine answers:
// cloud-custodian's recorded subscription and subscription diagnostic settings
// (SubscriptionDiagnosticSettingsFilterTest.diag, server/tests/testdata/azure) and the official
// Microsoft.Insights 2021-05-01-preview examples of azure-rest-api-specs.
#include "providers/azure/subscription_posture.hpp"

#include <gtest/gtest.h>

#include "providers/azure/cassettes_test_support.hpp"

namespace cw::providers::azure {
namespace {

using nlohmann::json;
using testing::project_recorded_body;
using testing::project_specs_example_body;

const char* kDiag = "SubscriptionDiagnosticSettingsFilterTest.diag";

/// The recorded setting: a storage account receiving Security, Administrative and Policy.
json recorded_setting() { return json::parse(project_recorded_body(kDiag, 1))["value"][0]; }

TEST(AzureSubscriptionPosture, RecordedSubscriptionExportsItsAdministrativeLog) {
  const json subscription = json::parse(project_recorded_body(kDiag, 0));
  const bool exported = activity_log_exported(project_recorded_body(kDiag, 1));
  EXPECT_TRUE(exported);
  ResourceRecord rec = subscription_record(subscription, exported);
  EXPECT_EQ(rec.external_id, "/subscriptions/ea42f556-5106-4743-99b0-c129bfa71a47");
  EXPECT_EQ(rec.provider, "azure");
  EXPECT_EQ(rec.name, "matter-compliance-dev-new");
  EXPECT_EQ(rec.type, "account");
  EXPECT_EQ(rec.region, "global");
  EXPECT_EQ(rec.status, "running");
  EXPECT_EQ(rec.spec["kind"], "subscription");
  EXPECT_EQ(rec.spec["tenantId"], "00000000-0000-0000-0000-000000000003");
  EXPECT_EQ(rec.spec["state"], "Enabled");
  EXPECT_EQ(rec.tags["product_id"], "13742");
  EXPECT_EQ(rec.posture["trailEnabled"], true);
  EXPECT_FALSE(rec.posture.contains("unknown"));
}

TEST(AzureSubscriptionPosture, OfficialExamplesExportAllLogs) {
  // categoryGroup "allLogs" holds the Administrative category.
  EXPECT_TRUE(activity_log_exported(project_specs_example_body("monitor_list-subscription-diagnostic-settings.json")));
  EXPECT_TRUE(exports_administrative_log(
      json::parse(project_specs_example_body("monitor_get-subscription-diagnostic-setting.json"))));
}

TEST(AzureSubscriptionPosture, OnlyAnEnabledAdministrativeLogWithADestinationCounts) {
  json without_administrative = recorded_setting();
  for (json& log : without_administrative["properties"]["logs"])
    if (log["category"] == "Administrative") log["enabled"] = false;
  EXPECT_FALSE(exports_administrative_log(without_administrative)) << "Security and Policy alone are not enough";
  EXPECT_FALSE(activity_log_exported(json{{"value", json::array({without_administrative})}}.dump()));

  json nowhere = recorded_setting();
  nowhere["properties"].erase("storageAccountId");
  EXPECT_FALSE(exports_administrative_log(nowhere)) << "no destination";

  json audit = nowhere;
  audit["properties"]["marketplacePartnerId"] =
      "/subscriptions/ea42f556-5106-4743-99b0-c129bfa71a47/resourceGroups/rg/providers/Microsoft.Datadog/monitors/dd1";
  audit["properties"]["logs"] = json::array({{{"categoryGroup", "audit"}, {"enabled", true}}});
  EXPECT_TRUE(exports_administrative_log(audit));
  audit["properties"]["logs"][0]["enabled"] = "true";  // not a boolean: not enabled
  EXPECT_FALSE(exports_administrative_log(audit));

  EXPECT_FALSE(activity_log_exported(R"({"value": []})")) << "no setting at all";
}

TEST(AzureSubscriptionPosture, UnknownFactsAndOddBodies) {
  json subscription = json::parse(project_recorded_body(kDiag, 0));
  ResourceRecord refused = subscription_record(subscription, std::nullopt);
  EXPECT_FALSE(refused.posture.contains("trailEnabled"));
  EXPECT_EQ(refused.posture["unknown"], json::array({"trailEnabled"}));

  subscription.erase("displayName");
  subscription["state"] = "Disabled";
  ResourceRecord disabled = subscription_record(subscription, false);
  EXPECT_EQ(disabled.name, "ea42f556-5106-4743-99b0-c129bfa71a47");
  EXPECT_EQ(disabled.status, "stopped");
  EXPECT_EQ(disabled.posture["trailEnabled"], false);

  EXPECT_THROW(subscription_record(json::object(), true), ProviderError);
  EXPECT_THROW(subscription_record(json::array(), true), ProviderError);
  // A truncated answer is refused; odd items are settings that export nothing.
  try {
    activity_log_exported(R"({"value": [{"properties": {"storageAccountId": "x", "logs": [)");
    FAIL();
  } catch (const ProviderError& e) { EXPECT_EQ(e.code(), "InvalidResponse"); }
  EXPECT_FALSE(activity_log_exported(R"({"value": [3, null, {"properties": {"workspaceId": 1, "logs": "all"}},
                                                   {"properties": {"workspaceId": "w", "logs": [null, 7]}}]})"));
}

}  // namespace
}  // namespace cw::providers::azure
