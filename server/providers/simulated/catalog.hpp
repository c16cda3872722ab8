#pragma once
/// The simulated cloud's fixed facts: flavours (aws, azure, gcp) with their regions, machine
/// types and list prices, the four scenarios with their mix of flavours, types and regions, and
/// the words realistic names are made of. Prices are on-demand USD, close to public list prices;
/// a month is 730 hours.
#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace cw::providers::simulated {

// The tables read best aligned by hand.
// clang-format off

enum class Flavour : int { kAws = 0, kAzure = 1, kGcp = 2 };
inline constexpr int kFlavourCount = 3;
inline constexpr double kHoursPerMonth = 730;

/// Index into kResourceTypes (provider.hpp) — same order.
enum class Type : int {
  kServer = 0, kDatabase, kStorage, kNetwork, kContainer, kFunction, kLoadBalancer, kCache,
  kQueue, kDns, kAccount, kIdentity, kKey
};
inline constexpr int kTypeCount = 13;

struct Region {
  std::string_view name;
  std::string_view short_code;  // used in names: web-prod-use1-07
};

struct MachineType {
  std::string_view name;
  int cpu;
  double memory_gb;
  double hourly;  // USD
  double weight;  // how often the generator picks it
};

struct FlavourCatalog {
  std::string_view name;
  std::span<const Region> regions;
  std::span<const MachineType> servers;
  std::span<const MachineType> databases;
  std::span<const MachineType> caches;
  double bucket_gb_month;   // object storage, per GB-month
  double volume_gb_month;   // block storage
  double db_storage_gb_month;
  double control_plane_hourly;  // managed Kubernetes
  double lb_hourly;
  double nat_hourly;
};

// --- AWS ------------------------------------------------------------------------------------
inline constexpr Region kAwsRegions[] = {
    {"us-east-1", "use1"},      {"us-east-2", "use2"},      {"us-west-2", "usw2"},
    {"eu-west-1", "euw1"},      {"eu-central-1", "euc1"},   {"ap-southeast-1", "apse1"},
    {"ap-northeast-1", "apne1"}, {"sa-east-1", "sae1"}};
inline constexpr MachineType kAwsServers[] = {
    {"t3.micro", 2, 1, 0.0104, 6},    {"t3.small", 2, 2, 0.0208, 10},  {"t3.medium", 2, 4, 0.0416, 16},
    {"t3.large", 2, 8, 0.0832, 12},   {"m5.large", 2, 8, 0.096, 14},   {"m5.xlarge", 4, 16, 0.192, 10},
    {"m6i.2xlarge", 8, 32, 0.384, 5}, {"c5.xlarge", 4, 8, 0.17, 8},    {"c6i.2xlarge", 8, 16, 0.34, 4},
    {"r5.large", 2, 16, 0.126, 6},    {"r6i.xlarge", 4, 32, 0.252, 4}, {"m6i.4xlarge", 16, 64, 0.768, 1}};
inline constexpr MachineType kAwsDatabases[] = {
    {"db.t3.micro", 2, 1, 0.017, 4},    {"db.t3.medium", 2, 4, 0.068, 10}, {"db.m5.large", 2, 8, 0.171, 10},
    {"db.m5.xlarge", 4, 16, 0.342, 6},  {"db.r5.large", 2, 16, 0.24, 6},   {"db.r6g.xlarge", 4, 32, 0.43, 4},
    {"db.r6g.2xlarge", 8, 64, 0.86, 1}};
inline constexpr MachineType kAwsCaches[] = {
    {"cache.t3.micro", 2, 0.5, 0.017, 4}, {"cache.t3.medium", 2, 3.09, 0.068, 8},
    {"cache.m6g.large", 2, 6.38, 0.149, 6}, {"cache.r6g.large", 2, 13.07, 0.206, 4}};

// --- Azure ----------------------------------------------------------------------------------
inline constexpr Region kAzureRegions[] = {
    {"eastus", "eus"},        {"eastus2", "eus2"},     {"westus2", "wus2"}, {"westeurope", "weu"},
    {"northeurope", "neu"},   {"southeastasia", "sea"}, {"uksouth", "uks"}};
inline constexpr MachineType kAzureServers[] = {
    {"Standard_B1s", 1, 1, 0.0104, 6},     {"Standard_B2s", 2, 4, 0.0416, 14},
    {"Standard_D2s_v5", 2, 8, 0.096, 16},  {"Standard_D4s_v5", 4, 16, 0.192, 10},
    {"Standard_D8s_v5", 8, 32, 0.384, 4},  {"Standard_E4s_v5", 4, 32, 0.252, 5},
    {"Standard_F4s_v2", 4, 8, 0.169, 5}};
inline constexpr MachineType kAzureDatabases[] = {
    {"B_Standard_B1ms", 1, 2, 0.025, 5},        {"GP_Standard_D2ds_v4", 2, 8, 0.178, 10},
    {"GP_Standard_D4ds_v4", 4, 16, 0.356, 6},   {"MO_Standard_E4ds_v4", 4, 32, 0.5, 3}};
inline constexpr MachineType kAzureCaches[] = {
    {"C0 Basic", 1, 0.25, 0.022, 3}, {"C1 Standard", 1, 1, 0.101, 8}, {"C2 Standard", 2, 2.5, 0.203, 5},
    {"P1 Premium", 2, 6, 0.554, 2}};

// --- GCP ------------------------------------------------------------------------------------
inline constexpr Region kGcpRegions[] = {
    {"us-central1", "usc1"},   {"us-east1", "use1"},        {"us-west1", "usw1"},
    {"europe-west1", "euw1"},  {"europe-west4", "euw4"},    {"asia-southeast1", "ase1"},
    {"asia-northeast1", "ane1"}};
inline constexpr MachineType kGcpServers[] = {
    {"e2-micro", 2, 1, 0.0084, 5},        {"e2-small", 2, 2, 0.0168, 8},      {"e2-medium", 2, 4, 0.0335, 14},
    {"e2-standard-2", 2, 8, 0.067, 16},   {"e2-standard-4", 4, 16, 0.134, 10}, {"n2-standard-4", 4, 16, 0.194, 6},
    {"n2-standard-8", 8, 32, 0.388, 3},   {"n2-highmem-4", 4, 32, 0.262, 3},   {"c2-standard-8", 8, 32, 0.418, 2}};
inline constexpr MachineType kGcpDatabases[] = {
    {"db-f1-micro", 1, 0.6, 0.015, 3},       {"db-g1-small", 1, 1.7, 0.05, 5},
    {"db-custom-2-7680", 2, 7.5, 0.2, 10},   {"db-custom-4-15360", 4, 15, 0.4, 6},
    {"db-n1-highmem-4", 4, 26, 0.55, 2}};
inline constexpr MachineType kGcpCaches[] = {
    {"BASIC-1GB", 1, 1, 0.049, 6}, {"STANDARD_HA-5GB", 2, 5, 0.27, 4}, {"STANDARD_HA-13GB", 2, 13, 0.46, 2}};

inline constexpr FlavourCatalog kFlavours[kFlavourCount] = {
    {"aws", kAwsRegions, kAwsServers, kAwsDatabases, kAwsCaches, 0.023, 0.08, 0.115, 0.10, 0.0225, 0.045},
    {"azure", kAzureRegions, kAzureServers, kAzureDatabases, kAzureCaches, 0.0184, 0.075, 0.115, 0.10, 0.025, 0.045},
    {"gcp", kGcpRegions, kGcpServers, kGcpDatabases, kGcpCaches, 0.020, 0.10, 0.17, 0.10, 0.025, 0.044}};

inline const FlavourCatalog& catalog(Flavour f) { return kFlavours[static_cast<int>(f)]; }

// --- scenarios ------------------------------------------------------------------------------
struct ScenarioProfile {
  std::string_view name;
  std::int64_t default_count;
  std::array<double, kFlavourCount> flavour_weights;
  std::array<double, kTypeCount> type_weights;  // kResourceTypes order
  /// Per flavour: weight of each region of that flavour's list (missing = 0).
  std::array<std::array<double, 8>, kFlavourCount> region_weights;
  bool linked_accounts;  // AWS accounts per environment (prod, staging, dev, shared-services)
  double devops_kinds;   // share of containers/functions/queues that are CI/CD pipeline parts
};

// Accounts, identities and keys exist only as anchors (inventory.hpp): a weight of 0 keeps every
// other resource's draw as it was before those types existed.
//                                         server db  stor net  cont func lb  cache queue dns acct id key
inline constexpr ScenarioProfile kScenarios[] = {
    {"startup", 25, {1, 0, 0}, {30, 10, 15, 8, 5, 10, 6, 5, 6, 5, 0, 0, 0},
     {{{90, 0, 10}, {}, {}}}, false, 0},
    {"enterprise", 2000, {1, 0, 0}, {35, 12, 15, 10, 8, 6, 5, 4, 3, 2, 0, 0, 0},
     {{{35, 5, 20, 20, 10, 6, 4, 0}, {}, {}}}, true, 0},
    {"devops", 150, {1, 0, 0}, {12, 6, 8, 4, 30, 18, 5, 4, 10, 3, 0, 0, 0},
     {{{60, 0, 25, 15}, {}, {}}}, false, 0.4},
    {"multicloud", 300, {45, 30, 25}, {28, 12, 16, 10, 10, 8, 6, 4, 4, 2, 0, 0, 0},
     {{{60, 0, 0, 40}, {50, 0, 0, 50}, {60, 0, 0, 40}}}, false, 0},
};

inline const ScenarioProfile* find_scenario(std::string_view name) {
  for (const auto& s : kScenarios)
    if (s.name == name) return &s;
  return nullptr;
}

// --- words ----------------------------------------------------------------------------------
inline constexpr std::string_view kCompanies[] = {"acme", "globex", "initech", "umbrella", "hooli",
                                                  "stark", "wayne", "tyrell", "cyberdyne", "vandelay",
                                                  "wonka", "soylent", "massive", "aperture"};
inline constexpr std::string_view kApps[] = {
    "orders", "payments", "checkout", "catalog", "search", "auth", "billing", "inventory",
    "analytics", "notifications", "shipping", "reviews", "recommendations", "gateway", "profile",
    "reporting", "media", "chat", "ledger", "pricing"};
inline constexpr std::string_view kTeams[] = {"platform", "payments", "growth", "data", "security",
                                              "mobile", "web", "sre", "ml", "commerce"};
inline constexpr std::string_view kFirstNames[] = {
    "maria", "james", "aisha", "wei", "lucas", "priya", "noah", "sofia", "kenji", "olivia",
    "mateo", "fatima", "liam", "elena", "omar", "hannah", "diego", "yuki", "samuel", "ingrid"};
inline constexpr std::string_view kLastNames[] = {
    "garcia", "smith", "okafor", "chen", "muller", "patel", "johnson", "rossi", "tanaka", "brown",
    "silva", "haddad", "nguyen", "kowalski", "hassan", "schmidt", "lopez", "sato", "adeyemi", "larsen"};
inline constexpr std::string_view kEnvs[] = {"prod", "staging", "dev"};
inline constexpr double kEnvWeights[] = {55, 25, 20};

// clang-format on

}  // namespace cw::providers::simulated
