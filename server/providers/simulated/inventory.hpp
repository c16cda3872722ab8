#pragma once
/// The simulated cloud's base inventory: resource i of an account is a pure function of
/// (scenario, seed, i), generated on demand — a 1,000,000-resource account costs nothing until a
/// page of it is read. Also the price list applied to any record (generated or created through
/// the API) and the parsing/validation of the simulated credentials.
///
/// Layout of every scenario: indexes 0..16 are fixed "anchors" so demos and tests can rely on them
///   0 demo-web-server-1 (server)          4 server with RDP 3389 open to 0.0.0.0/0 (windows)
///   1 demo-database-1 (database)          5 storage volume with encrypted=false
///   2 storage bucket with publicAccess    6 database with backupsEnabled=false
///   3 server with SSH 22 open to 0.0.0.0/0 7 function with an access key older than 90 days
///   8 demo-idle-server-1 (CPU p95 ~3 %)   10 demo-unattached-volume-1 (spec.attached=false)
///   9 demo-oversized-server-1 (4 vCPU, CPU p95 ~25 %)  11 demo-idle-lb-1 (no requests)
///  12 demo-old-snapshot-1, 13 demo-idle-ip-1 (savings)
///  14 the account itself (account / subscription / project): no audit trail; on AWS also root
///     without MFA and an 8-character password policy
///  15 demo-ci-deployer: an identity with a console password, no MFA and a 200-day-old access key
///     last used 60 days ago (a GCP service account: the key only)
///  16 demo-data-key: a customer-managed key that is never rotated
/// (multicloud: anchors 0, 1, 2 are aws, azure, gcp). Beyond them about 4 % of resources carry
/// one misconfiguration fitting their type (accounts, identities and keys are anchors only). With
/// resourceCount below 17 only the first anchors exist.
///
/// An account's `regions` setting restricts the estate to those regions: every resource is drawn
/// among them (a listed region the scenario would not use gets a modest share), flavours without
/// a listed region disappear, and the demo pair lives in the first listed region. Listed names
/// the scenario's clouds do not have are ignored (and reported by the connection test).
///
/// External ids embed the index — a bijectively mixed 16-hex token (i-0…, vol-0…) or a name that
/// ends in the index (web-prod-use1-07) — so `index_of` finds a resource without scanning.
#include <array>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "providers/provider.hpp"
#include "providers/simulated/catalog.hpp"

namespace cw::providers::simulated {

/// The credentials of a simulated account, with defaults applied.
struct Settings {
  std::string scenario = "startup";
  std::int64_t seed = 1;
  std::int64_t resource_count = 0;  // the scenario's default when not given
  double failure_rate = 0;
  std::vector<std::string> regions;  // the account's `regions` setting; empty = the scenario's own
  /// `spikeOn` (YYYY-MM-DD): a Compute spike planted on that day besides the bill's own (one in
  /// about 97 days). Demo mode plants one two days before it loads, so a recent anomaly shows.
  std::optional<Millis> spike_on;
};

inline constexpr std::int64_t kMaxResourceCount = 1'000'000;
inline constexpr std::int64_t kAnchorCount = 17;
inline constexpr std::int64_t kIdleServerAnchor = 8;
inline constexpr std::int64_t kOversizedServerAnchor = 9;
inline constexpr std::int64_t kUnattachedVolumeAnchor = 10;
inline constexpr std::int64_t kIdleLoadBalancerAnchor = 11;
inline constexpr std::int64_t kOldSnapshotAnchor = 12;   // taken 400 days before the inventory epoch
inline constexpr std::int64_t kIdlePublicIpAnchor = 13;  // a reserved address nothing uses

/// The CPU level (percent at average load) the savings anchors run at, for the telemetry: nearly
/// nothing for the idle server, a quarter of a machine twice too big for the oversized one.
/// nullopt for every other resource (they run at their type's usual level).
std::optional<double> planted_cpu_level(std::int64_t index);
/// True for the idle load balancer anchor: nobody sends it requests or bytes.
bool planted_without_traffic(std::int64_t index);

/// Field → reason for each problem; empty when the credentials are usable.
std::map<std::string, std::string> validate_credentials(const nlohmann::json& credentials);
/// Precondition: validate_credentials() returned no problems.
Settings settings_from(const nlohmann::json& credentials);

/// Monthly USD of a resource while running and while stopped (disks and control planes still bill).
struct Pricing {
  double running = 0;
  double stopped = 0;
  double for_status(std::string_view status) const;
};

std::string_view flavour_name(Flavour f);
std::optional<Flavour> flavour_named(std::string_view name);
std::optional<Type> type_named(std::string_view name);
/// Start/stop apply to servers, databases and containers; reboot also to caches.
bool can_start_stop(std::string_view type);
bool can_reboot(std::string_view type);
/// The billing service a type's charges appear under ("Compute", "Database", …).
std::string_view service_of(std::string_view type);

class Inventory {
 public:
  explicit Inventory(Settings settings);

  const Settings& settings() const { return settings_; }
  const ScenarioProfile& profile() const { return *profile_; }
  std::int64_t size() const { return settings_.resource_count; }

  /// Resource `index` (0 ≤ index < size()) as the cloud reports it before any API change.
  ResourceRecord at(std::int64_t index) const;
  /// Only the external id of resource `index` (cheaper than at()).
  std::string external_id_at(std::int64_t index) const;
  /// The index whose external id is exactly `external_id`, if any.
  std::optional<std::int64_t> index_of(std::string_view external_id) const;

  /// A resource created through the API, validated (ProviderError "InvalidParameterValue") and
  /// priced, in status "provisioning". `token` makes its id unique.
  ResourceRecord build_created(const NewResource& request, Millis now, std::uint64_t token) const;
  /// Applies a patch (name, spec merge, tags replace), re-deriving size facts and price.
  void apply_patch(ResourceRecord& record, const ResourcePatch& patch) const;
  /// Prices of a record from its flavour (record.provider), type and spec.
  Pricing price(const ResourceRecord& record) const;

  /// Account facts for test_connection.
  nlohmann::json identity() const;
  std::vector<std::string> regions() const;
  std::vector<Flavour> flavours() const;
  std::optional<Flavour> flavour_of_region(std::string_view region) const;
  /// Names in Settings::regions that are not regions of the scenario's clouds.
  const std::vector<std::string>& ignored_regions() const { return ignored_regions_; }

 private:
  struct Core;
  Core core(std::int64_t index) const;
  std::string external_id(const Core& c) const;
  std::string scope_id(Flavour f, std::string_view env) const;  // account / subscription / project
  std::uint64_t token(std::int64_t index) const;
  void restrict_regions();
  /// The region the demo pair and region-less creates use.
  std::pair<Flavour, int> home_region(Flavour f) const;

  Settings settings_;
  const ScenarioProfile* profile_;
  // The profile's weights, narrowed to the account's regions when it lists some.
  std::array<double, kFlavourCount> flavour_weights_;
  std::array<std::array<double, 8>, kFlavourCount> region_weights_;
  std::optional<std::pair<Flavour, int>> first_listed_;  // first known entry of Settings::regions
  std::vector<std::string> ignored_regions_;
  std::uint64_t key_;  // everything random hangs off this
  std::uint64_t token_offset_;
  std::string company_;
};

/// Record ⇄ JSON as stored in the simulator's own table.
nlohmann::json record_to_json(const ResourceRecord& r);
ResourceRecord record_from_json(const nlohmann::json& j);

}  // namespace cw::providers::simulated
