#pragma once
/// Savings recommendations: the model and the pure rules that find them. A rule reads facts about
/// one resource (what the inventory stores, its CPU p95 over 14 days from the provider's metrics,
/// its last 30 days of cost rows) or one account's compute spend, and says what to do and what it
/// saves a month. No I/O here: recommendation_service.cpp gathers the facts, the repository stores.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace cw::costs {

inline constexpr double kIdleCpuP95 = 5;        // percent: below this over 14 days, nobody uses it
inline constexpr double kRightsizeCpuP95 = 40;  // percent: half the vCPUs would still run under 80 %
inline constexpr int kCpuWindowDays = 14;
/// Hourly CPU points a verdict needs: a week's worth, so a server that reports only now and then
/// (or a cloud that dropped data) is not judged on a few hours.
inline constexpr size_t kMinCpuPoints = 7 * 24;
inline constexpr double kIdleRequestsP95 = 0.01;      // requests per second: under one a minute
inline constexpr double kSavingsPlanDiscount = 0.28;  // 1-year no-upfront compute savings plan, typical
inline constexpr double kSavingsPlanCoverage = 0.8;   // commit to this share of the steady on-demand rate
inline constexpr double kMinOnDemandShare = 0.2;      // below: coverage is already good
inline constexpr double kHoursPerMonth = 730;
inline constexpr int kOldSnapshotDays = 90;  // older than a quarter: rarely restored, often forgotten

struct Recommendation {
  std::string id, organization_id, account_id;
  std::string kind;  // one of kRecommendationKinds
  std::string resource_id, resource_name, provider, region, title, detail;
  double monthly_savings = 0;
  std::string currency = "USD";
  std::optional<nlohmann::json> action;  // {kind: stop|delete|resize, …}
  std::string status = "open";           // open | dismissed | applied | resolved
  std::string dismissed_reason, dismissed_by;
  std::optional<Millis> dismissed_at, resolved_at;
  Millis first_seen_at = 0, last_seen_at = 0;
};
nlohmann::json to_json(const Recommendation& r);

inline constexpr const char* kRecommendationKinds[] = {
    "idle_server",        "rightsize_server", "unattached_volume", "stopped_server_storage",
    "idle_load_balancer", "old_snapshot",     "idle_public_ip",    "commitment"};

/// What a rule knows about one resource.
struct ResourceFacts {
  std::string id, account_id, provider, external_id, name, type, region, status;
  nlohmann::json spec = nlohmann::json::object();
  double monthly_cost = 0;             // the inventory's estimate (USD)
  Millis created_at = 0;               // at the cloud
  Millis now = 0;                      // when the facts were gathered (ages are measured to it)
  std::optional<double> billed_30d;    // its linked cost rows over the last 30 days, when any
  std::string currency = "USD";        // of billed_30d
  std::optional<double> cpu_p95;       // running servers whose provider has metrics
  std::optional<double> requests_p95;  // running load balancers, requests per second
};

/// The monthly cost a saving is measured against: the resource's own last 30 days of cost rows
/// scaled to a month when it has some, else the inventory's estimate.
double monthly_cost_of(const ResourceFacts& r);

/// Every recommendation for one resource (at most one per kind; usually none).
std::vector<Recommendation> recommend_for(const ResourceFacts& r);

/// One account's compute usage over the last 30 days, split by commitment coverage.
struct ComputeSpend {
  double on_demand = 0, committed = 0;
  std::string currency = "USD";
  int days = 30;
};
/// A savings plan recommendation when the on-demand share is large enough to matter.
std::optional<Recommendation> recommend_commitment(const ComputeSpend& spend);

/// p95 of the values (nearest rank); nullopt for none.
std::optional<double> p95(std::vector<double> values);

}  // namespace cw::costs
