// The generated inventory on its own: credentials, determinism, scenario contents, planted
// misconfigurations, id round trips, prices and resources created through the API.
#include "providers/simulated/inventory.hpp"

#include <gtest/gtest.h>

#include <set>

namespace cw::providers::simulated {
namespace {

using nlohmann::json;

Inventory inventory(const std::string& scenario, std::int64_t seed = 1, std::optional<std::int64_t> count = {}) {
  json c = {{"scenario", scenario}, {"seed", seed}};
  if (count) c["resourceCount"] = *count;
  return Inventory(settings_from(c));
}

bool has_open_port(const ResourceRecord& r, int port) {
  for (const auto& p : r.posture.value("openPorts", json::array()))
    if (p["port"] == port && p["cidr"] == "0.0.0.0/0") return true;
  return false;
}

TEST(SimulatedCredentials, ValidateNamesEachBadField) {
  EXPECT_TRUE(validate_credentials({{"scenario", "startup"}}).empty());
  EXPECT_TRUE(validate_credentials(
                  {{"scenario", "multicloud"}, {"seed", 42}, {"resourceCount", 1000000}, {"failureRate", 0.25}})
                  .empty());
  EXPECT_TRUE(validate_credentials({{"scenario", "devops"}, {"seed", 3.0}}).empty());

  auto p = validate_credentials({{"scenario", "bigcorp"}, {"seed", 1.5}, {"resourceCount", 0}, {"failureRate", 2}});
  EXPECT_EQ(p.size(), 4u);
  EXPECT_EQ(p["scenario"], "must be one of startup, enterprise, devops, multicloud");
  EXPECT_EQ(p["seed"], "must be an integer");
  EXPECT_EQ(p["resourceCount"], "must be an integer from 1 to 1000000");
  EXPECT_EQ(p["failureRate"], "must be a number from 0 to 1");

  EXPECT_EQ(validate_credentials({{"scenario", "startup"}, {"seed", "7"}}).count("seed"), 1u);
  EXPECT_EQ(validate_credentials({{"scenario", "startup"}, {"resourceCount", 1000001}}).count("resourceCount"), 1u);
  EXPECT_EQ(validate_credentials({{"scenario", "startup"}, {"resourceCount", "10"}}).count("resourceCount"), 1u);
  EXPECT_EQ(validate_credentials({{"scenario", "startup"}, {"failureRate", -0.1}}).count("failureRate"), 1u);
  EXPECT_EQ(validate_credentials({{"seed", 1}}).count("scenario"), 1u);
  EXPECT_EQ(validate_credentials({{"scenario", "startup"}, {"resourcecount", 5}}).count("resourcecount"), 1u);
  EXPECT_EQ(validate_credentials(json::array()).count("credentials"), 1u);
}

TEST(SimulatedCredentials, DefaultsFollowTheScenario) {
  Settings s = settings_from({{"scenario", "enterprise"}});
  EXPECT_EQ(s.seed, 1);
  EXPECT_EQ(s.resource_count, 2000);
  EXPECT_EQ(s.failure_rate, 0);
  EXPECT_EQ(settings_from({{"scenario", "startup"}}).resource_count, 25);
  EXPECT_EQ(settings_from({{"scenario", "devops"}, {"resourceCount", 7}, {"seed", 9}}).resource_count, 7);
}

TEST(SimulatedInventory, SameSeedSameAccountOtherSeedOtherAccount) {
  Inventory a = inventory("enterprise", 7), b = inventory("enterprise", 7), c = inventory("enterprise", 8);
  int differing = 0;
  for (std::int64_t i = 0; i < 300; ++i) {
    ASSERT_EQ(record_to_json(a.at(i)).dump(), record_to_json(b.at(i)).dump()) << i;
    if (a.at(i).external_id != c.at(i).external_id) ++differing;
  }
  EXPECT_GT(differing, 290);
}

TEST(SimulatedInventory, EveryScenarioHasTheDemoResourcesAndEveryPlantedWeakness) {
  for (const char* scenario : {"startup", "enterprise", "devops", "multicloud"}) {
    SCOPED_TRACE(scenario);
    Inventory inv = inventory(scenario, 3);
    ResourceRecord web = inv.at(0), db = inv.at(1);
    EXPECT_EQ(web.name, "demo-web-server-1");
    EXPECT_EQ(web.type, "server");
    EXPECT_EQ(web.status, "running");
    EXPECT_EQ(db.name, "demo-database-1");
    EXPECT_EQ(db.type, "database");

    bool public_bucket = false, ssh = false, rdp = false, unencrypted = false, old_key = false, no_backups = false;
    bool no_trail = false, user_without_mfa = false, key_not_rotated = false;
    std::set<std::string> names, ids;
    int flawed = 0;
    for (std::int64_t i = 0; i < inv.size(); ++i) {
      ResourceRecord r = inv.at(i);
      const json& p = r.posture;
      bool f = false;
      if (r.type == "storage" && p.value("publicAccess", false)) public_bucket = f = true;
      if (has_open_port(r, 22)) ssh = f = true;
      if (has_open_port(r, 3389)) rdp = f = true;
      if (p.contains("encrypted") && !p["encrypted"].get<bool>()) unencrypted = f = true;
      if (p.value("accessKeyAgeDays", 0) > 90) old_key = f = true;
      if (r.type == "database" && !p.value("backupsEnabled", true)) no_backups = f = true;
      if (r.type == "account" && p.value("trailEnabled", true) == false) no_trail = f = true;
      if (r.type == "identity" && (p.value("mfaEnabled", true) == false || p.value("accessKeyAgeDays", 0) > 90))
        user_without_mfa = f = true;
      if (r.type == "key" && p.value("keyRotationEnabled", true) == false) key_not_rotated = f = true;
      flawed += f;
      names.insert(r.name);
      ids.insert(r.external_id);
      // Every record is well-formed.
      EXPECT_TRUE(type_named(r.type)) << r.type;
      EXPECT_TRUE(r.status == "running" || r.status == "stopped" || r.status == "error") << r.status;
      EXPECT_GE(r.monthly_cost, 0);
      EXPECT_LT(r.created_at, 1'748'736'000'000);
      EXPECT_GT(r.created_at, 1'640'995'200'000);  // 2022
      EXPECT_TRUE(r.tags.contains("env") && r.tags.contains("team") && r.tags.contains("app"));
      EXPECT_TRUE(r.spec.contains("kind"));
      auto fl = flavour_named(r.provider);
      ASSERT_TRUE(fl);
      // Accounts and identities are global, as IAM is.
      bool region_ok = r.region == "global" && (r.type == "account" || r.type == "identity");
      for (const auto& reg : catalog(*fl).regions) region_ok |= reg.name == r.region;
      EXPECT_TRUE(region_ok) << r.region;
    }
    EXPECT_TRUE(public_bucket && ssh && rdp && unencrypted && old_key && no_backups);
    EXPECT_TRUE(no_trail && user_without_mfa && key_not_rotated);
    EXPECT_EQ(inv.at(14).type, "account");
    EXPECT_EQ(inv.at(15).name, "demo-ci-deployer");
    EXPECT_EQ(inv.at(16).name, "demo-data-key");
    EXPECT_EQ(names.size(), static_cast<size_t>(inv.size()));
    EXPECT_EQ(ids.size(), static_cast<size_t>(inv.size()));
    if (inv.size() >= 1000) {
      EXPECT_GT(flawed, inv.size() * 2 / 100);
      EXPECT_LT(flawed, inv.size() * 9 / 100);
    }
  }
}

TEST(SimulatedInventory, ScenarioShapes) {
  EXPECT_EQ(inventory("startup").size(), 25);
  EXPECT_EQ(inventory("enterprise").size(), 2000);
  EXPECT_EQ(inventory("devops").size(), 150);
  EXPECT_EQ(inventory("multicloud").size(), 300);

  std::set<std::string> flavours;
  Inventory multi = inventory("multicloud");
  for (std::int64_t i = 0; i < multi.size(); ++i) flavours.insert(multi.at(i).provider);
  EXPECT_EQ(flavours, (std::set<std::string>{"aws", "azure", "gcp"}));
  EXPECT_EQ(multi.at(0).provider, "aws");
  EXPECT_EQ(multi.at(1).provider, "azure");
  EXPECT_EQ(multi.at(2).provider, "gcp");
  EXPECT_EQ(multi.at(1).external_id.rfind("/subscriptions/", 0), 0u);
  EXPECT_EQ(multi.at(2).external_id.rfind("projects/", 0), 0u);

  std::map<std::string, int> types, kinds;
  Inventory devops = inventory("devops");
  for (std::int64_t i = 0; i < devops.size(); ++i) {
    ResourceRecord r = devops.at(i);
    types[r.type]++;
    kinds[r.spec["kind"].get<std::string>()]++;
  }
  EXPECT_GT(types["container"], 20);
  EXPECT_GT(types["function"], 10);
  EXPECT_GT(kinds["pipeline"], 3);
  EXPECT_GT(kinds["cluster"], 0);

  // A startup lives mostly in one region; an enterprise in several, across linked accounts.
  std::map<std::string, int> startup_regions, enterprise_regions;
  std::set<std::string> accounts;
  Inventory startup = inventory("startup"), enterprise = inventory("enterprise");
  for (std::int64_t i = 0; i < startup.size(); ++i) startup_regions[startup.at(i).region]++;
  for (std::int64_t i = 0; i < enterprise.size(); ++i) {
    ResourceRecord r = enterprise.at(i);
    enterprise_regions[r.region]++;
    accounts.insert(r.spec["accountId"].get<std::string>());
  }
  EXPECT_GE(startup_regions["us-east-1"], 18);
  EXPECT_GE(enterprise_regions.size(), 5u);
  EXPECT_EQ(accounts.size(), 4u);
  EXPECT_EQ(startup.at(0).external_id.rfind("i-0", 0), 0u);
  EXPECT_EQ(startup.at(0).external_id.size(), 19u);
}

TEST(SimulatedInventory, ExternalIdsLeadBackToTheirIndex) {
  for (const char* scenario : {"enterprise", "multicloud", "devops"}) {
    Inventory inv = inventory(scenario, 11);
    for (std::int64_t i = 0; i < inv.size(); ++i) {
      ASSERT_EQ(inv.index_of(inv.external_id_at(i)), i) << scenario << " " << inv.external_id_at(i);
    }
  }
  Inventory big = inventory("multicloud", 5, 1'000'000);
  for (std::int64_t i : {0LL, 1LL, 2LL, 999'999LL, 123'456LL, 500'000LL})
    EXPECT_EQ(big.index_of(big.at(i).external_id), i);
  EXPECT_FALSE(big.index_of("i-0123456789abcdef0"));
  EXPECT_FALSE(big.index_of(""));
  EXPECT_FALSE(big.index_of(inventory("multicloud", 6, 1'000'000).at(10).external_id));
  // An id of a resource beyond this account's size is not found.
  EXPECT_FALSE(inventory("startup", 1).index_of(inventory("startup", 1, 100).at(50).external_id));
}

TEST(SimulatedInventory, PricesComeFromThePriceList) {
  Inventory inv = inventory("startup");
  ResourceRecord r;
  r.provider = "aws";
  r.type = "server";
  r.spec = {{"instanceType", "t3.medium"}, {"storageGb", 100}, {"os", "ubuntu-24.04"}};
  Pricing p = inv.price(r);
  EXPECT_NEAR(p.running, 0.0416 * 730 + 100 * 0.08, 1e-9);
  EXPECT_NEAR(p.stopped, 8, 1e-9);
  EXPECT_EQ(p.for_status("terminated"), 0);
  r.spec["os"] = "windows-server-2022";
  r.spec["cpu"] = 2;
  EXPECT_GT(inv.price(r).running, p.running);
  // Generated records carry the price of their status.
  for (std::int64_t i = 0; i < inv.size(); ++i) {
    ResourceRecord g = inv.at(i);
    EXPECT_NEAR(g.monthly_cost, inv.price(g).for_status(g.status), 0.006);
  }
}

TEST(SimulatedInventory, CreatedResourcesAreValidatedAndPriced) {
  Inventory inv = inventory("multicloud");
  auto code_of = [&](const NewResource& n) {
    try {
      inv.build_created(n, 1000, 42);
    } catch (const ProviderError& e) { return e.code(); }
    return std::string("ok");
  };
  EXPECT_EQ(code_of({"", "server", "us-east-1"}), "InvalidParameterValue");
  EXPECT_EQ(code_of({"   ", "server", "us-east-1"}), "InvalidParameterValue");
  EXPECT_EQ(code_of({"a/b", "server", "us-east-1"}), "InvalidParameterValue");
  EXPECT_EQ(code_of({"x", "mainframe", "us-east-1"}), "InvalidParameterValue");
  EXPECT_EQ(code_of({"x", "server", "mars-north-1"}), "InvalidParameterValue");
  EXPECT_EQ(code_of({"x", "server", "us-east-1", {{"instanceType", "t9.huge"}}}), "InvalidParameterValue");
  EXPECT_EQ(code_of({"x", "storage", "us-east-1", {{"kind", "tape"}}}), "InvalidParameterValue");
  EXPECT_EQ(code_of({"x", "server", "us-east-1", json::object(), {{"env", 5}}}), "InvalidParameterValue");
  for (const char* read_only : {"account", "identity", "key"})  // read from the cloud, never created here
    EXPECT_EQ(code_of({"x", read_only, "us-east-1"}), "InvalidParameterValue") << read_only;

  ResourceRecord vm = inv.build_created(
      {"api-1", "server", "westeurope", {{"instanceType", "Standard_D4s_v5"}}, {{"env", "dev"}}}, 1000, 42);
  EXPECT_EQ(vm.provider, "azure");
  EXPECT_EQ(vm.status, "provisioning");
  EXPECT_EQ(vm.spec["cpu"], 4);
  EXPECT_EQ(vm.created_at, 1000);
  EXPECT_NE(vm.external_id.find("/virtualMachines/api-1"), std::string::npos);
  EXPECT_NEAR(vm.monthly_cost, 0.192 * 730 + 30 * 0.075, 0.01);
  EXPECT_EQ(vm.posture["encrypted"], true);

  ResourceRecord bucket =
      inv.build_created({"open-data", "storage", "us-central1", {{"publicAccess", true}}}, 1000, 43);
  EXPECT_EQ(bucket.provider, "gcp");
  EXPECT_EQ(bucket.external_id, "projects/_/buckets/open-data");
  EXPECT_EQ(bucket.posture["publicAccess"], true);

  ResourcePatch patch;
  patch.spec = json{{"instanceType", "Standard_B1s"}};
  patch.name = "api-1-small";
  inv.apply_patch(vm, patch);
  EXPECT_EQ(vm.name, "api-1-small");
  EXPECT_EQ(vm.spec["cpu"], 1);
  EXPECT_LT(vm.monthly_cost, 20);
  patch.spec = json{{"instanceType", "nope"}};
  patch.name = "renamed";
  EXPECT_THROW(inv.apply_patch(vm, patch), ProviderError);
  EXPECT_EQ(vm.name, "api-1-small");  // nothing half-applied
}

}  // namespace
}  // namespace cw::providers::simulated

namespace cw::providers::simulated {
namespace {

Inventory in_regions(const std::string& scenario, std::vector<std::string> regions, std::int64_t count = 300) {
  Settings s = settings_from({{"scenario", scenario}, {"seed", 5}, {"resourceCount", count}});
  s.regions = std::move(regions);
  return Inventory(s);
}

TEST(SimulatedRegions, AnAccountWithRegionsHoldsResourcesOnlyThere) {
  for (const char* scenario : {"startup", "enterprise", "devops"}) {
    SCOPED_TRACE(scenario);
    Inventory inv = in_regions(scenario, {"eu-west-1", "us-east-1"});
    std::set<std::string> seen;
    for (std::int64_t i = 0; i < inv.size(); ++i) seen.insert(inv.at(i).region);
    EXPECT_EQ(seen, (std::set<std::string>{"eu-west-1", "global", "us-east-1"}));  // global: the account, its users
    // The demo pair sits in the first listed region, even one the scenario would not favour.
    EXPECT_EQ(inv.at(0).name, "demo-web-server-1");
    EXPECT_EQ(inv.at(0).region, "eu-west-1");
    EXPECT_EQ(inv.at(1).name, "demo-database-1");
    EXPECT_EQ(inv.at(1).region, "eu-west-1");
    EXPECT_EQ(inv.regions(), (std::vector<std::string>{"us-east-1", "eu-west-1"}));
    EXPECT_TRUE(inv.ignored_regions().empty());
  }
}

TEST(SimulatedRegions, RestrictedInventoryIsDeterministicAndIdsRoundTrip) {
  Inventory a = in_regions("enterprise", {"us-west-2"}), b = in_regions("enterprise", {"us-west-2"});
  for (std::int64_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(record_to_json(a.at(i)).dump(), record_to_json(b.at(i)).dump()) << i;
    ASSERT_EQ(a.index_of(a.at(i).external_id), i) << a.at(i).external_id;
  }
  // Without regions nothing changes: the scenario's own spread.
  Inventory open = inventory("enterprise", 5, 300);
  std::set<std::string> regions;
  for (std::int64_t i = 0; i < open.size(); ++i) regions.insert(open.at(i).region);
  EXPECT_GT(regions.size(), 3u);
}

TEST(SimulatedRegions, MulticloudKeepsOnlyTheCloudsOfTheListedRegions) {
  Inventory inv = in_regions("multicloud", {"westeurope", "us-central1"});
  std::set<std::string> providers, regions;
  for (std::int64_t i = 0; i < inv.size(); ++i) {
    providers.insert(inv.at(i).provider);
    regions.insert(inv.at(i).region);
  }
  EXPECT_EQ(providers, (std::set<std::string>{"azure", "gcp"}));
  EXPECT_EQ(regions, (std::set<std::string>{"global", "westeurope", "us-central1"}));
  EXPECT_EQ(inv.at(0).provider, "azure");
  EXPECT_EQ(inv.at(0).region, "westeurope");
  EXPECT_EQ(inv.at(1).region, "westeurope");
}

TEST(SimulatedRegions, UnknownNamesAreIgnoredAndReported) {
  Inventory some = in_regions("startup", {"mars-north-1", "us-west-2", "eastus"});
  EXPECT_EQ(some.ignored_regions(), (std::vector<std::string>{"mars-north-1", "eastus"}));
  for (std::int64_t i = 0; i < some.size(); ++i)
    if (some.at(i).region != "global") EXPECT_EQ(some.at(i).region, "us-west-2");
  // Nothing usable listed: the scenario's own regions.
  Inventory none = in_regions("startup", {"mars-north-1"});
  EXPECT_EQ(none.ignored_regions(), std::vector<std::string>{"mars-north-1"});
  EXPECT_EQ(none.at(0).region, inventory("startup", 5, 300).at(0).region);
}

TEST(SimulatedRegions, CreatesGoToListedRegionsOnly) {
  Inventory inv = in_regions("startup", {"eu-west-1"});
  NewResource vm{"vm-here", "server", "", {}, {}};
  EXPECT_EQ(inv.build_created(vm, 1'800'000'000'000, 1).region, "eu-west-1") << "no region: the first listed";
  vm.region = "us-east-1";  // a region of the cloud, but not of this account
  try {
    inv.build_created(vm, 1'800'000'000'000, 2);
    FAIL();
  } catch (const ProviderError& e) {
    EXPECT_EQ(e.code(), "InvalidParameterValue");
    EXPECT_NE(std::string(e.what()).find("eu-west-1"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace cw::providers::simulated
