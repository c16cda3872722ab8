#include "providers/simulated/inventory.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <set>

#include "providers/simulated/random.hpp"

namespace cw::providers::simulated {

using nlohmann::json;

namespace {

// clang-format off
constexpr Millis kDayMs = 86'400'000;
// Base resources were created during the ~3 years before 2025-06-01T00:00:00Z. A fixed instant
// (rather than "now") keeps the inventory byte-identical on every read, so a resync of an
// untouched account finds nothing to write.
constexpr Millis kInventoryEpoch = 1'748'736'000'000;
constexpr double kMisconfiguredShare = 0.04;

/// A planted weakness; each maps to posture keys documented in simulated_provider.hpp.
enum class Flaw {
  kNone, kPublicBucket, kSshOpen, kRdpOpen, kUnencryptedVolume, kNoBackups, kOldAccessKey,
  kUnencryptedDatabase, kPublicDatabase, kUnencryptedBucket, kUnencryptedCache, kPlainHttp,
  kNoFlowLogs, kUnencryptedQueue, kUnencryptedRootVolume, kPublicClusterEndpoint,
  kNoAuditTrail, kUserWithoutMfa, kKeyNotRotated
};

struct Anchor {
  Type type;
  std::string_view kind;
  Flaw flaw;
  std::string_view name;  // empty → generated
  std::string_view role;  // empty → generated
};
constexpr Anchor kAnchors[kAnchorCount] = {
    {Type::kServer, "vm", Flaw::kNone, "demo-web-server-1", "web"},
    {Type::kDatabase, "primary", Flaw::kNone, "demo-database-1", ""},
    {Type::kStorage, "bucket", Flaw::kPublicBucket, "", "assets"},
    {Type::kServer, "vm", Flaw::kSshOpen, "", "bastion"},
    {Type::kServer, "vm", Flaw::kRdpOpen, "", "rdp-gateway"},
    {Type::kStorage, "volume", Flaw::kUnencryptedVolume, "", "data"},
    {Type::kDatabase, "primary", Flaw::kNoBackups, "", ""},
    {Type::kFunction, "function", Flaw::kOldAccessKey, "", "sync-crm"},
    // Savings the recommendations find (their CPU comes from planted_cpu_level).
    {Type::kServer, "vm", Flaw::kNone, "demo-idle-server-1", "batch"},
    {Type::kServer, "vm", Flaw::kNone, "demo-oversized-server-1", "api"},
    {Type::kStorage, "volume", Flaw::kNone, "demo-unattached-volume-1", "data"},
    {Type::kLoadBalancer, "application", Flaw::kNone, "demo-idle-lb-1", ""},
    {Type::kStorage, "snapshot", Flaw::kNone, "demo-old-snapshot-1", "data"},
    {Type::kNetwork, "public-ip", Flaw::kNone, "demo-idle-ip-1", ""},
    // The security scope of the account (kinds and the account's name follow its cloud).
    {Type::kAccount, "", Flaw::kNoAuditTrail, "", ""},
    {Type::kIdentity, "", Flaw::kUserWithoutMfa, "demo-ci-deployer", ""},
    {Type::kKey, "", Flaw::kKeyNotRotated, "demo-data-key", ""},
};
constexpr std::int64_t kAccountAnchor = 14;

constexpr std::string_view kServerRoles[] = {"web", "api", "worker", "batch", "app", "ingest",
                                             "etl", "build-agent", "bastion", "cron"};
constexpr std::string_view kBucketPurposes[] = {"assets", "logs", "backups", "uploads",
                                                "data-lake", "artifacts", "exports", "static"};
constexpr std::string_view kServiceRoles[] = {"api", "worker", "web", "consumer", "scheduler",
                                              "gateway"};
constexpr std::string_view kFunctionVerbs[] = {"resize-images", "process-events", "send-email",
                                               "webhook-handler", "nightly-report", "sync-crm",
                                               "cleanup", "authorizer", "thumbnailer", "exporter"};
constexpr std::string_view kPipelineStages[] = {"build", "test", "deploy", "lint", "release"};
constexpr std::string_view kQueueEvents[] = {"orders", "events", "emails", "jobs", "dead-letter",
                                             "webhooks", "audit"};
constexpr std::string_view kTlds[] = {"io", "com", "dev", "net"};
constexpr std::string_view kLinuxImages[] = {"ubuntu-22.04", "ubuntu-24.04", "debian-12",
                                             "amazon-linux-2023", "rhel-9"};
constexpr std::string_view kRuntimes[] = {"python3.12", "nodejs20.x", "nodejs18.x", "go1.x",
                                          "java21", "dotnet8", "python3.11"};
constexpr std::string_view kKubernetesVersions[] = {"1.28", "1.29", "1.30", "1.31"};

struct Engine {
  std::string_view name, version;
  int port;
};
constexpr Engine kAwsEngines[] = {{"postgres", "16.4", 5432}, {"postgres", "15.8", 5432},
                                  {"mysql", "8.0.39", 3306},  {"aurora-postgresql", "15.4", 5432},
                                  {"mariadb", "10.11.9", 3306}};
constexpr Engine kAzureEngines[] = {{"postgres", "16", 5432}, {"mysql", "8.0", 3306},
                                    {"sqlserver", "2022", 1433}};
constexpr Engine kGcpEngines[] = {{"postgres", "POSTGRES_15", 5432}, {"mysql", "MYSQL_8_0", 3306},
                                  {"sqlserver", "SQLSERVER_2019_STANDARD", 1433}};

// clang-format on

std::span<const Engine> engines(Flavour f) {
  switch (f) {
    case Flavour::kAzure:
      return kAzureEngines;
    case Flavour::kGcp:
      return kGcpEngines;
    default:
      return kAwsEngines;
  }
}

std::string two_digits(std::int64_t n) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%02lld", static_cast<long long>(n));
  return buf;
}

std::string hex16(std::uint64_t v, bool upper = false) {
  char buf[20];
  std::snprintf(buf, sizeof buf, upper ? "%016llX" : "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

double round2(double v) { return std::round(v * 100.0) / 100.0; }

const MachineType& pick_machine(std::span<const MachineType> types, Rng& rng) {
  std::vector<double> w;
  w.reserve(types.size());
  for (const auto& t : types) w.push_back(t.weight);
  return types[rng.weighted(w)];
}

const MachineType* find_machine(std::span<const MachineType> types, std::string_view name) {
  for (const auto& t : types)
    if (t.name == name) return &t;
  return nullptr;
}

[[noreturn]] void invalid(const std::string& message) { throw ProviderError("InvalidParameterValue", message, false); }

std::string ip(std::uint64_t h, int first) {
  return std::to_string(first) + "." + std::to_string((h >> 8) % 256) + "." + std::to_string((h >> 16) % 256) + "." +
         std::to_string(1 + (h >> 24) % 253);
}

json port(int p, std::string_view cidr) { return {{"port", p}, {"protocol", "tcp"}, {"cidr", cidr}}; }

std::string_view default_kind(Type t, Flavour f) {
  switch (t) {
    case Type::kServer:
      return "vm";
    case Type::kDatabase:
      return "primary";
    case Type::kStorage:
      return "bucket";
    case Type::kNetwork:
      return "vpc";
    case Type::kContainer:
      return "service";
    case Type::kFunction:
      return "function";
    case Type::kLoadBalancer:
      return "application";
    case Type::kCache:
      return "redis";
    case Type::kQueue:
      return f == Flavour::kGcp ? "topic" : "standard";
    case Type::kDns:
      return "public";
    case Type::kAccount:
      return f == Flavour::kAws ? "account" : f == Flavour::kAzure ? "subscription" : "project";
    case Type::kIdentity:
      return f == Flavour::kAws ? "iamUser" : f == Flavour::kAzure ? "user" : "serviceAccount";
    case Type::kKey:
      return f == Flavour::kAws ? "kmsKey" : f == Flavour::kAzure ? "keyVaultKey" : "cryptoKey";
  }
  return "";
}

bool valid_kind(Type t, std::string_view k) {
  static const std::map<Type, std::set<std::string_view>> kinds = {
      {Type::kServer, {"vm"}},
      {Type::kDatabase, {"primary", "replica"}},
      {Type::kStorage, {"bucket", "volume", "snapshot"}},
      {Type::kNetwork, {"vpc", "subnet", "nat-gateway", "vpn-gateway", "public-ip"}},
      {Type::kContainer, {"cluster", "service", "pipeline"}},
      {Type::kFunction, {"function", "pipeline-step"}},
      {Type::kLoadBalancer, {"application", "network"}},
      {Type::kCache, {"redis", "memcached"}},
      {Type::kQueue, {"standard", "fifo", "topic"}},
      {Type::kDns, {"public", "private"}},
      {Type::kAccount, {"account", "subscription", "project"}},
      {Type::kIdentity, {"iamUser", "user", "serviceAccount"}},
      {Type::kKey, {"kmsKey", "keyVaultKey", "cryptoKey"}}};
  return kinds.at(t).count(k) > 0;
}

std::string text_of(const json& j, const char* key, std::string_view fallback = "") {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string(fallback);
}

bool bool_of(const json& j, const char* key, bool fallback) {
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

double number_of(const json& j, const char* key, double fallback = 0) {
  auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : fallback;
}

void check_name(const std::string& name) {
  if (name.empty() || name.find_first_not_of(" \t") == std::string::npos)
    invalid("The resource name must not be empty.");
  if (name.size() > 128) invalid("The resource name must be at most 128 characters.");
  if (name.front() == ' ' || name.back() == ' ') invalid("The resource name must not start or end with a space.");
  for (unsigned char c : name)
    if (c < 0x20 || c == 0x7f || c == '/' || c == '\\')
      invalid("The resource name contains a character that is not allowed ('/', '\\' or a control character).");
}

void check_tags(const json& tags) {
  if (!tags.is_object()) invalid("Tags must be an object of string values.");
  if (tags.size() > 50) invalid("A resource can have at most 50 tags.");
  for (const auto& [k, v] : tags.items()) {
    if (k.empty() || k.size() > 128) invalid("Tag keys must be 1 to 128 characters.");
    if (!v.is_string() || v.get_ref<const std::string&>().size() > 256)
      invalid("Tag '" + k + "' must have a string value of at most 256 characters.");
  }
}

}  // namespace

// --- credentials ------------------------------------------------------------------------------

std::map<std::string, std::string> validate_credentials(const json& c) {
  std::map<std::string, std::string> problems;
  if (!c.is_object()) {
    problems["credentials"] = "must be an object with a scenario";
    return problems;
  }
  auto scenario = c.find("scenario");
  if (scenario == c.end() || !scenario->is_string() || !find_scenario(scenario->get_ref<const std::string&>()))
    problems["scenario"] = "must be one of startup, enterprise, devops, multicloud";
  auto is_integral = [](const json& v) {
    if (v.is_number_integer()) return true;
    if (!v.is_number_float()) return false;
    double d = v.get<double>();
    return std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15;
  };
  if (auto seed = c.find("seed"); seed != c.end() && !seed->is_null() && !is_integral(*seed))
    problems["seed"] = "must be an integer";
  if (auto n = c.find("resourceCount"); n != c.end() && !n->is_null()) {
    if (!is_integral(*n) || n->get<double>() < 1 || n->get<double>() > kMaxResourceCount)
      problems["resourceCount"] = "must be an integer from 1 to 1000000";
  }
  if (auto f = c.find("failureRate"); f != c.end() && !f->is_null()) {
    if (!f->is_number() || !(f->get<double>() >= 0 && f->get<double>() <= 1))
      problems["failureRate"] = "must be a number from 0 to 1";
  }
  if (auto d = c.find("spikeOn"); d != c.end() && !d->is_null()) {
    auto day = d->is_string() && d->get_ref<const std::string&>().size() == 10
                   ? parse_rfc3339(d->get<std::string>() + "T00:00:00Z")
                   : std::nullopt;
    if (!day || format_rfc3339(*day).substr(0, 10) != d->get<std::string>())
      problems["spikeOn"] = "must be a date, YYYY-MM-DD";
  }
  for (const auto& [k, v] : c.items()) {
    if (k != "scenario" && k != "seed" && k != "resourceCount" && k != "failureRate" && k != "spikeOn")
      problems[k] = "is not a field of simulated credentials (scenario, seed, resourceCount, failureRate, spikeOn)";
  }
  return problems;
}

Settings settings_from(const json& c) {
  Settings s;
  s.scenario = c.value("scenario", std::string("startup"));
  auto integer = [](const json& v) {
    return v.is_number_integer() ? v.get<std::int64_t>() : static_cast<std::int64_t>(v.get<double>());
  };
  if (auto seed = c.find("seed"); seed != c.end() && !seed->is_null()) s.seed = integer(*seed);
  const ScenarioProfile* profile = find_scenario(s.scenario);
  s.resource_count = profile ? profile->default_count : 25;
  if (auto n = c.find("resourceCount"); n != c.end() && !n->is_null()) s.resource_count = integer(*n);
  if (auto f = c.find("failureRate"); f != c.end() && f->is_number()) s.failure_rate = f->get<double>();
  if (auto d = c.find("spikeOn"); d != c.end() && d->is_string())
    s.spike_on = parse_rfc3339(d->get<std::string>() + "T00:00:00Z");
  return s;
}

// --- small vocabulary -------------------------------------------------------------------------

double Pricing::for_status(std::string_view status) const {
  if (status == "stopped") return stopped;
  if (status == "terminated") return 0;
  return running;
}

std::string_view flavour_name(Flavour f) { return catalog(f).name; }

std::optional<Flavour> flavour_named(std::string_view name) {
  for (int i = 0; i < kFlavourCount; ++i)
    if (kFlavours[i].name == name) return static_cast<Flavour>(i);
  return std::nullopt;
}

std::optional<Type> type_named(std::string_view name) {
  for (int i = 0; i < kTypeCount; ++i)
    if (name == kResourceTypes[i]) return static_cast<Type>(i);
  return std::nullopt;
}

bool can_start_stop(std::string_view t) { return t == "server" || t == "database" || t == "container"; }
bool can_reboot(std::string_view t) { return can_start_stop(t) || t == "cache"; }

std::string_view service_of(std::string_view type) {
  static const std::map<std::string_view, std::string_view> services = {{"server", "Compute"},
                                                                        {"database", "Database"},
                                                                        {"storage", "Storage"},
                                                                        {"network", "Networking"},
                                                                        {"container", "Containers"},
                                                                        {"function", "Serverless"},
                                                                        {"load_balancer", "Load Balancing"},
                                                                        {"cache", "Cache"},
                                                                        {"queue", "Messaging"},
                                                                        {"dns", "DNS"},
                                                                        {"key", "Key Management"}};
  auto it = services.find(type);
  return it == services.end() ? std::string_view("Other") : it->second;
}

// --- the generator ----------------------------------------------------------------------------

struct Inventory::Core {
  std::int64_t index = 0;
  Flavour flavour = Flavour::kAws;
  Type type = Type::kServer;
  std::string kind;
  int region = 0;
  int zone = 0;  // 0..2
  int env = 0;   // kEnvs
  int app = 0;   // kApps
  std::string role;
  std::string name;
  std::string parent;  // cluster of a service, network of a subnet
  int engine = 0;      // databases: index into engines(flavour)
  bool windows = false;
  Flaw flaw = Flaw::kNone;
  std::string status = "running";
  Millis created_at = 0;
};

Inventory::Inventory(Settings settings) : settings_(std::move(settings)) {
  profile_ = find_scenario(settings_.scenario);
  if (!profile_) profile_ = &kScenarios[0];
  if (settings_.resource_count <= 0) settings_.resource_count = profile_->default_count;
  key_ = key(hash_text(profile_->name), static_cast<std::uint64_t>(settings_.seed));
  token_offset_ = key(key_, 0x70c3);
  company_ = std::string(kCompanies[key(key_, 0xc0) % std::size(kCompanies)]);
  flavour_weights_ = profile_->flavour_weights;
  region_weights_ = profile_->region_weights;
  restrict_regions();
}

void Inventory::restrict_regions() {
  // Which listed names are regions of the scenario's clouds, as (flavour, catalog index).
  std::vector<std::pair<Flavour, int>> listed;
  for (const auto& name : settings_.regions) {
    bool known = false;
    for (int f = 0; f < kFlavourCount && !known; ++f) {
      if (profile_->flavour_weights[f] <= 0) continue;
      const auto& regions = catalog(static_cast<Flavour>(f)).regions;
      for (size_t i = 0; i < regions.size() && i < region_weights_[f].size() && !known; ++i)
        if (regions[i].name == name) {
          listed.emplace_back(static_cast<Flavour>(f), static_cast<int>(i));
          known = true;
        }
    }
    if (!known) ignored_regions_.push_back(name);
  }
  if (listed.empty()) return;  // nothing usable listed: the scenario's own regions
  // A listed region the scenario gives no weight still gets a modest share of its cloud.
  constexpr double kListedFloor = 10;
  std::array<std::array<double, 8>, kFlavourCount> weights{};
  for (auto [f, i] : listed) {
    double w = profile_->region_weights[static_cast<int>(f)][i];
    weights[static_cast<int>(f)][i] = w > 0 ? w : kListedFloor;
  }
  for (int f = 0; f < kFlavourCount; ++f) {
    double sum = 0;
    for (double w : weights[f]) sum += w;
    if (sum == 0) flavour_weights_[f] = 0;  // no listed region in this cloud: none of its resources
  }
  region_weights_ = weights;
  first_listed_ = listed.front();
}

std::pair<Flavour, int> Inventory::home_region(Flavour f) const {
  if (first_listed_) return *first_listed_;
  const auto& w = region_weights_[static_cast<int>(f)];
  return {f, static_cast<int>(std::max_element(w.begin(), w.end()) - w.begin())};
}

std::uint64_t Inventory::token(std::int64_t index) const {
  return mix(static_cast<std::uint64_t>(index) + token_offset_);
}

Inventory::Core Inventory::core(std::int64_t index) const {
  Rng r(key(key_, 1, index));
  Core c;
  c.index = index;
  const Anchor* anchor = index < kAnchorCount ? &kAnchors[index] : nullptr;

  c.flavour = static_cast<Flavour>(r.weighted(flavour_weights_));
  // Multicloud: the first anchors show one resource per cloud (of those the account has).
  if (profile_->flavour_weights[1] > 0 && index < kFlavourCount && flavour_weights_[index] > 0)
    c.flavour = static_cast<Flavour>(index);
  // The demo pair lives in the account's main region (the first listed one, if any).
  if (index <= 1) c.flavour = home_region(c.flavour).first;
  c.type = static_cast<Type>(r.weighted(profile_->type_weights));
  const auto& weights = region_weights_[static_cast<int>(c.flavour)];
  c.region = static_cast<int>(std::min<size_t>(r.weighted(weights), catalog(c.flavour).regions.size() - 1));
  if (index <= 1) c.region = home_region(c.flavour).second;
  c.zone = static_cast<int>(r.range(0, 2));
  c.env = static_cast<int>(r.weighted(kEnvWeights));
  // A startup runs a handful of apps; an enterprise runs all of them.
  std::int64_t app_pool = profile_->name == "startup" ? 4 : profile_->name == "enterprise" ? 20 : 8;
  c.app = static_cast<int>((key(key_, 0xa9) + r.range(0, app_pool - 1)) % std::size(kApps));
  c.created_at = kInventoryEpoch - r.range(1, 1000) * kDayMs - r.range(0, kDayMs - 1);
  bool flawed = r.chance(kMisconfiguredShare);
  double status_draw = r.uniform();
  double kind_draw = r.uniform();
  double flaw_draw = r.uniform();
  c.windows = r.chance(0.12);
  c.engine = static_cast<int>(r.range(0, static_cast<std::int64_t>(engines(c.flavour).size()) - 1));
  std::uint64_t role_draw = r.next();

  if (index == kOldSnapshotAnchor) c.created_at = kInventoryEpoch - 400 * kDayMs;
  if (anchor) {
    c.type = anchor->type;
    c.kind = anchor->kind;
    c.flaw = anchor->flaw;
    c.windows = index == 4;
    if (index <= 1) {
      c.env = 0;
      c.engine = 0;
    }
  }
  const bool devops = profile_->devops_kinds > 0;
  const bool aws = c.flavour == Flavour::kAws;
  if (c.kind.empty()) {
    switch (c.type) {
      case Type::kServer:
        c.kind = "vm";
        break;
      case Type::kDatabase:
        c.kind = kind_draw < 0.75 ? "primary" : "replica";
        break;
      case Type::kStorage:
        c.kind = kind_draw < 0.6 ? "bucket" : "volume";
        break;
      case Type::kNetwork:
        c.kind = kind_draw < 0.25  ? "vpc"
                 : kind_draw < 0.7 ? "subnet"
                 : kind_draw < 0.9 ? "nat-gateway"
                                   : "vpn-gateway";
        break;
      case Type::kContainer:
        if (devops)
          c.kind = kind_draw < 0.35 ? "pipeline" : kind_draw < 0.45 ? "cluster" : "service";
        else
          c.kind = kind_draw < 0.15 ? "cluster" : "service";
        break;
      case Type::kFunction:
        c.kind = devops && kind_draw < 0.3 ? "pipeline-step" : "function";
        break;
      case Type::kLoadBalancer:
        c.kind = kind_draw < 0.7 ? "application" : "network";
        break;
      case Type::kCache:
        c.kind = aws && kind_draw >= 0.8 ? "memcached" : "redis";
        break;
      case Type::kQueue:
        c.kind = c.flavour == Flavour::kGcp ? "topic" : aws && kind_draw >= 0.8 ? "fifo" : "standard";
        break;
      case Type::kDns:
        c.kind = kind_draw < 0.7 ? "public" : "private";
        break;
      case Type::kAccount:
      case Type::kIdentity:
      case Type::kKey:
        c.kind = default_kind(c.type, c.flavour);
        break;
    }
  }
  if (!anchor && flawed) {
    auto choose = [&](std::initializer_list<Flaw> options) {
      return *(options.begin() + static_cast<size_t>(flaw_draw * options.size()));
    };
    switch (c.type) {
      case Type::kServer:
        c.flaw =
            choose({c.windows ? Flaw::kRdpOpen : Flaw::kSshOpen, Flaw::kOldAccessKey, Flaw::kUnencryptedRootVolume});
        break;
      case Type::kDatabase:
        c.flaw = choose({Flaw::kUnencryptedDatabase, Flaw::kNoBackups, Flaw::kPublicDatabase});
        break;
      case Type::kStorage:
        c.flaw =
            c.kind == "bucket" ? choose({Flaw::kPublicBucket, Flaw::kUnencryptedBucket}) : Flaw::kUnencryptedVolume;
        break;
      case Type::kNetwork:
        c.flaw = Flaw::kNoFlowLogs;
        break;
      case Type::kContainer:
        c.flaw = c.kind == "cluster" ? Flaw::kPublicClusterEndpoint : Flaw::kOldAccessKey;
        break;
      case Type::kFunction:
        c.flaw = Flaw::kOldAccessKey;
        break;
      case Type::kLoadBalancer:
        c.flaw = Flaw::kPlainHttp;
        break;
      case Type::kCache:
        c.flaw = Flaw::kUnencryptedCache;
        break;
      case Type::kQueue:
        c.flaw = Flaw::kUnencryptedQueue;
        break;
      case Type::kDns:
      case Type::kAccount:
      case Type::kIdentity:
      case Type::kKey:
        c.flaw = Flaw::kNone;
        break;
    }
  }
  // Status: some servers, databases and containers are stopped (more of them in dev); a few
  // container services are failing.
  if (!anchor) {
    double stopped_share = c.env == 2 ? 0.15 : 0.06;
    if (c.type == Type::kServer || c.type == Type::kDatabase) {
      if (status_draw < stopped_share) c.status = "stopped";
    } else if (c.type == Type::kContainer && c.kind != "pipeline") {
      if (status_draw < 0.03)
        c.status = "stopped";
      else if (status_draw < 0.04 && c.kind == "service")
        c.status = "error";
    }
  }

  // Names end in the index (≥ 2 digits) so they are unique and lead back to it.
  const std::string app(kApps[c.app]);
  const std::string env(kEnvs[c.env]);
  const std::string rs(catalog(c.flavour).regions[c.region].short_code);
  const std::string nn = two_digits(index);
  auto pick = [&](auto& words) { return std::string(words[role_draw % std::size(words)]); };
  switch (c.type) {
    case Type::kServer:
      c.role = anchor && !anchor->role.empty() ? std::string(anchor->role) : pick(kServerRoles);
      c.name = (role_draw >> 32) % 2 ? app + "-" + c.role + "-" + env + "-" + rs + "-" + nn
                                     : c.role + "-" + env + "-" + rs + "-" + nn;
      break;
    case Type::kDatabase:
      c.name = c.kind == "primary" ? app + "-db-primary-" + nn : app + "-db-replica-" + nn;
      if ((role_draw >> 32) % 3 == 0) {
        std::string engine(engines(c.flavour)[c.engine].name);
        if (engine.find('-') != std::string::npos) engine = engine.substr(0, engine.find('-'));
        c.name = app + "-" + engine + "-" + env + "-" + nn;
      }
      break;
    case Type::kStorage:
      if (c.kind == "bucket") {
        c.role = anchor ? std::string(anchor->role) : pick(kBucketPurposes);
        c.name = company_ + "-" + app + "-" + c.role + "-" + env + "-" + nn;
      } else if (c.kind == "snapshot") {
        c.name = app + "-data-" + env + "-snap-" + nn;
      } else {
        c.name = app + "-data-" + env + "-" + nn;
      }
      break;
    case Type::kNetwork: {
      const std::string net = c.flavour == Flavour::kAzure ? "vnet-" : "vpc-";
      c.parent = net + env + "-" + rs;
      if (c.kind == "vpc")
        c.name = c.parent + "-" + nn;
      else if (c.kind == "subnet")
        c.name = app + ((role_draw >> 32) % 2 ? "-private-" : "-public-") +
                 std::string(1, static_cast<char>('a' + c.zone)) + "-" + nn;
      else if (c.kind == "nat-gateway")
        c.name = "nat-" + env + "-" + rs + "-" + nn;
      else if (c.kind == "public-ip")
        c.name = app + "-ip-" + env + "-" + rs + "-" + nn;
      else
        c.name = "vpn-office-" + rs + "-" + nn;
      break;
    }
    case Type::kContainer: {
      const char* k8s = c.flavour == Flavour::kAzure ? "aks" : c.flavour == Flavour::kGcp ? "gke" : "eks";
      c.parent = std::string(k8s) + "-" + env + "-" + rs;
      if (c.kind == "cluster")
        c.name = c.parent + "-" + nn;
      else if (c.kind == "pipeline")
        c.name = app + ((role_draw >> 32) % 2 ? "-ci-pipeline-" : "-deploy-pipeline-") + nn;
      else {
        c.role = pick(kServiceRoles);
        c.name = app + "-" + c.role + "-" + env + "-" + nn;
      }
      break;
    }
    case Type::kFunction:
      if (c.kind == "pipeline-step") {
        c.role = pick(kPipelineStages);
        c.name = app + "-pipeline-" + c.role + "-" + nn;
      } else {
        c.role = anchor ? std::string(anchor->role) : pick(kFunctionVerbs);
        c.name = app + "-" + c.role + "-" + nn;
      }
      break;
    case Type::kLoadBalancer:
      c.name =
          app + (c.kind == "application" ? (aws ? "-alb-" : "-appgw-") : (aws ? "-nlb-" : "-lb-")) + env + "-" + nn;
      break;
    case Type::kCache:
      c.name = app + "-" + c.kind + "-" + env + "-" + nn;
      break;
    case Type::kQueue:
      c.role = devops && (role_draw >> 40) % 3 == 0 ? std::string("build") : pick(kQueueEvents);
      c.name = app + "-" + c.role + (c.kind == "topic" ? "-topic-" : "-queue-") + nn;
      if (c.kind == "fifo") c.name += ".fifo";
      break;
    case Type::kDns:
      if (c.flavour == Flavour::kGcp)
        c.name = app + "-zone-" + nn;
      else
        c.name = app + "-" + nn + "." + company_ + "." + pick(kTlds);
      break;
    case Type::kAccount:  // the alias, subscription name or project id
      c.name = c.flavour == Flavour::kGcp ? scope_id(c.flavour, env) : company_ + "-" + env;
      break;
    case Type::kIdentity:
      c.name = "svc-" + app + "-" + env + "-" + nn;
      break;
    case Type::kKey:
      c.parent = app + "-" + env;  // the key ring (GCP) the key lives in
      c.name = app + "-" + env + "-key-" + nn;
      break;
  }
  if (anchor && !anchor->name.empty()) c.name = std::string(anchor->name);
  return c;
}

std::string Inventory::scope_id(Flavour f, std::string_view env) const {
  switch (f) {
    case Flavour::kAws: {
      int slot = 0;
      if (profile_->linked_accounts) slot = env == "staging" ? 1 : env == "dev" ? 2 : env == "shared" ? 3 : 0;
      return std::to_string(100'000'000'000ULL + key(key_, 0xacc7, slot) % 899'999'999'999ULL);
    }
    case Flavour::kAzure: {
      std::string h = hex16(key(key_, 0x5ab, 1)) + hex16(key(key_, 0x5ab, 2));
      return h.substr(0, 8) + "-" + h.substr(8, 4) + "-4" + h.substr(13, 3) + "-a" + h.substr(17, 3) + "-" +
             h.substr(20, 12);
    }
    case Flavour::kGcp:
      return company_ + "-" + std::string(env) + "-" +
             std::to_string(100'000 + key(key_, 0x9c9, hash_text(env)) % 900'000);
  }
  return "";
}

namespace {
struct IdParts {
  Flavour flavour;
  Type type;
  std::string_view kind, region, name, parent, scope, resource_group, engine;
  std::string zone;  // aws us-east-1a, gcp us-central1-a
  std::uint64_t token;
};

std::string make_external_id(const IdParts& p) {
  const std::string region(p.region), name(p.name), scope(p.scope), parent(p.parent);
  switch (p.flavour) {
    case Flavour::kAws: {
      const std::string arn_tail = region + ":" + scope + ":";
      switch (p.type) {
        case Type::kServer:
          return "i-0" + hex16(p.token);
        case Type::kDatabase:
          return "arn:aws:rds:" + arn_tail + "db:" + name;
        case Type::kStorage:
          if (p.kind == "snapshot") return "snap-0" + hex16(p.token);
          return p.kind == "bucket" ? "arn:aws:s3:::" + name : "vol-0" + hex16(p.token);
        case Type::kNetwork:
          if (p.kind == "vpc") return "vpc-0" + hex16(p.token);
          if (p.kind == "subnet") return "subnet-0" + hex16(p.token);
          if (p.kind == "nat-gateway") return "nat-0" + hex16(p.token);
          if (p.kind == "public-ip") return "eipalloc-0" + hex16(p.token);
          return "vgw-0" + hex16(p.token);
        case Type::kContainer:
          if (p.kind == "cluster") return "arn:aws:eks:" + arn_tail + "cluster/" + name;
          if (p.kind == "pipeline") return "arn:aws:codebuild:" + arn_tail + "project/" + name;
          return "arn:aws:ecs:" + arn_tail + "service/" + parent + "/" + name;
        case Type::kFunction:
          return "arn:aws:lambda:" + arn_tail + "function:" + name;
        case Type::kLoadBalancer:
          return "arn:aws:elasticloadbalancing:" + arn_tail + "loadbalancer/" +
                 (p.kind == "network" ? "net/" : "app/") + name + "/" + hex16(p.token);
        case Type::kCache:
          return "arn:aws:elasticache:" + arn_tail + "replicationgroup:" + name;
        case Type::kQueue:
          return "arn:aws:sqs:" + arn_tail + name;
        case Type::kDns:
          return "/hostedzone/Z0" + hex16(p.token, true);
        case Type::kAccount:
          return scope;
        case Type::kIdentity:
          return "arn:aws:iam::" + scope + ":user/" + name;
        case Type::kKey: {
          const std::string h = hex16(p.token) + hex16(mix(p.token));  // a key id is a UUID
          return "arn:aws:kms:" + arn_tail + "key/" + h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) +
                 "-" + h.substr(16, 4) + "-" + h.substr(20, 12);
        }
      }
      break;
    }
    case Flavour::kAzure: {
      const std::string rg =
          "/subscriptions/" + scope + "/resourceGroups/" + std::string(p.resource_group) + "/providers/";
      switch (p.type) {
        case Type::kServer:
          return rg + "Microsoft.Compute/virtualMachines/" + name;
        case Type::kDatabase:
          if (p.engine == "mysql") return rg + "Microsoft.DBforMySQL/flexibleServers/" + name;
          if (p.engine == "sqlserver") return rg + "Microsoft.Sql/servers/" + name;
          return rg + "Microsoft.DBforPostgreSQL/flexibleServers/" + name;
        case Type::kStorage:
          if (p.kind == "bucket") {
            // Storage account names are 3–24 lower-case letters and digits.
            std::string account = "st";
            for (char ch : p.resource_group.substr(3))
              if (std::isalnum(static_cast<unsigned char>(ch)) && account.size() < 24) account += ch;
            return rg + "Microsoft.Storage/storageAccounts/" + account + "/blobServices/default/containers/" + name;
          }
          if (p.kind == "snapshot") return rg + "Microsoft.Compute/snapshots/" + name;
          return rg + "Microsoft.Compute/disks/" + name;
        case Type::kNetwork:
          if (p.kind == "vpc") return rg + "Microsoft.Network/virtualNetworks/" + name;
          if (p.kind == "subnet") return rg + "Microsoft.Network/virtualNetworks/" + parent + "/subnets/" + name;
          if (p.kind == "nat-gateway") return rg + "Microsoft.Network/natGateways/" + name;
          if (p.kind == "public-ip") return rg + "Microsoft.Network/publicIPAddresses/" + name;
          return rg + "Microsoft.Network/virtualNetworkGateways/" + name;
        case Type::kContainer:
          if (p.kind == "cluster") return rg + "Microsoft.ContainerService/managedClusters/" + name;
          if (p.kind == "pipeline") return rg + "Microsoft.ContainerInstance/containerGroups/" + name;
          return rg + "Microsoft.App/containerApps/" + name;
        case Type::kFunction:
          return rg + "Microsoft.Web/sites/" + name;
        case Type::kLoadBalancer:
          return rg +
                 (p.kind == "application" ? "Microsoft.Network/applicationGateways/"
                                          : "Microsoft.Network/loadBalancers/") +
                 name;
        case Type::kCache:
          return rg + "Microsoft.Cache/redis/" + name;
        case Type::kQueue:
          return rg + "Microsoft.ServiceBus/namespaces/sb-" + std::string(p.resource_group.substr(3)) + "/queues/" +
                 name;
        case Type::kDns:
          return rg + (p.kind == "private" ? "Microsoft.Network/privateDnsZones/" : "Microsoft.Network/dnszones/") +
                 name;
        case Type::kAccount:
          return "/subscriptions/" + scope;
        case Type::kIdentity:  // an Entra ID user, as ARM role assignments name principals
          return "/subscriptions/" + scope + "/providers/Microsoft.Authorization/principals/" + name;
        case Type::kKey:
          return rg + "Microsoft.KeyVault/vaults/kv-" + std::string(p.resource_group.substr(3)) + "/keys/" + name;
      }
      break;
    }
    case Flavour::kGcp: {
      const std::string proj = "projects/" + scope + "/";
      switch (p.type) {
        case Type::kServer:
          return proj + "zones/" + p.zone + "/instances/" + name;
        case Type::kDatabase:
          return proj + "instances/" + name;
        case Type::kStorage:
          if (p.kind == "snapshot") return proj + "global/snapshots/" + name;
          return p.kind == "bucket" ? "projects/_/buckets/" + name : proj + "zones/" + p.zone + "/disks/" + name;
        case Type::kNetwork:
          if (p.kind == "vpc") return proj + "global/networks/" + name;
          if (p.kind == "subnet") return proj + "regions/" + region + "/subnetworks/" + name;
          if (p.kind == "nat-gateway") return proj + "regions/" + region + "/routers/" + name;
          if (p.kind == "public-ip") return proj + "regions/" + region + "/addresses/" + name;
          return proj + "regions/" + region + "/vpnGateways/" + name;
        case Type::kContainer:
          if (p.kind == "cluster") return proj + "locations/" + region + "/clusters/" + name;
          if (p.kind == "pipeline") return proj + "locations/" + region + "/triggers/" + name;
          return proj + "locations/" + region + "/services/" + name;
        case Type::kFunction:
          return proj + "locations/" + region + "/functions/" + name;
        case Type::kLoadBalancer:
          return proj + "global/forwardingRules/" + name;
        case Type::kCache:
          return proj + "locations/" + region + "/instances/" + name;
        case Type::kQueue:
          return proj + "topics/" + name;
        case Type::kDns:
          return proj + "managedZones/" + name;
        case Type::kAccount:
          return "projects/" + scope;
        case Type::kIdentity:
          return proj + "serviceAccounts/" + name + "@" + scope + ".iam.gserviceaccount.com";
        case Type::kKey:
          return proj + "locations/" + region + "/keyRings/" + parent + "/cryptoKeys/" + name;
      }
      break;
    }
  }
  return name;
}

std::string zone_of(Flavour f, std::string_view region, int zone) {
  switch (f) {
    case Flavour::kAws:
      return std::string(region) + static_cast<char>('a' + zone);
    case Flavour::kAzure:
      return std::to_string(zone + 1);
    case Flavour::kGcp:
      return std::string(region) + "-" + static_cast<char>('a' + zone);
  }
  return "";
}
}  // namespace

std::string Inventory::external_id(const Core& c) const {
  const std::string env(kEnvs[c.env]);
  const bool shared = c.type == Type::kNetwork || c.type == Type::kDns;
  const std::string scope = scope_id(c.flavour, shared && profile_->linked_accounts ? "shared" : env);
  const std::string_view region = catalog(c.flavour).regions[c.region].name;
  const std::string rg = "rg-" + std::string(kApps[c.app]) + "-" + env;
  return make_external_id({c.flavour, c.type, c.kind, region, c.name, c.parent, scope, rg,
                           engines(c.flavour)[c.engine].name, zone_of(c.flavour, region, c.zone), token(c.index)});
}

std::string Inventory::external_id_at(std::int64_t index) const { return external_id(core(index)); }

bool planted_without_traffic(std::int64_t index) { return index == kIdleLoadBalancerAnchor; }

std::optional<double> planted_cpu_level(std::int64_t index) {
  if (index == kIdleServerAnchor) return 1.2;
  if (index == kOversizedServerAnchor) return 13;
  return std::nullopt;
}

std::optional<std::int64_t> Inventory::index_of(std::string_view id) const {
  // Anchors with a fixed name do not end in their index.
  std::vector<std::int64_t> candidates;
  for (std::int64_t i = 0; i < kAnchorCount; ++i)
    if (!kAnchors[i].name.empty()) candidates.push_back(i);
  candidates.push_back(kAccountAnchor);  // named after the account, which ends in no index
  // The last run of digits: names end in their index.
  size_t end = id.size();
  while (end > 0 && !std::isdigit(static_cast<unsigned char>(id[end - 1]))) --end;
  size_t begin = end;
  while (begin > 0 && std::isdigit(static_cast<unsigned char>(id[begin - 1]))) --begin;
  if (end > begin && end - begin <= 7) candidates.push_back(std::stoll(std::string(id.substr(begin, end - begin))));
  // Runs of 16+ hex digits: the mixed token of i-0…, vol-0…, load balancer ARNs, hosted zones.
  for (size_t i = 0; i < id.size();) {
    size_t j = i;
    while (j < id.size() && std::isxdigit(static_cast<unsigned char>(id[j]))) ++j;
    if (j - i >= 16) {
      std::uint64_t v = std::stoull(std::string(id.substr(j - 16, 16)), nullptr, 16);
      candidates.push_back(static_cast<std::int64_t>(unmix(v) - token_offset_));
    }
    i = j == i ? i + 1 : j;
  }
  for (std::int64_t c : candidates) {
    if (c >= 0 && c < size() && external_id_at(c) == id) return c;
  }
  return std::nullopt;
}

ResourceRecord Inventory::at(std::int64_t index) const {
  const Core c = core(index);
  Rng d(key(key_, 2, index));
  const FlavourCatalog& cat = catalog(c.flavour);
  const bool aws = c.flavour == Flavour::kAws, azure = c.flavour == Flavour::kAzure;
  const std::string region(cat.regions[c.region].name);
  const std::string env(kEnvs[c.env]);
  const std::string app(kApps[c.app]);
  const bool prod = c.env == 0;

  ResourceRecord rec;
  rec.external_id = external_id(c);
  rec.provider = std::string(cat.name);
  rec.name = c.name;
  rec.type = kResourceTypes[static_cast<int>(c.type)];
  rec.region = region;
  rec.status = c.status;
  rec.created_at = c.created_at;
  json& spec = rec.spec;
  json& posture = rec.posture;
  spec["kind"] = c.kind;
  const std::string zone = zone_of(c.flavour, region, c.zone);
  const std::uint64_t net = d.next();
  const std::string private_ip = "10." + std::to_string(c.env * 16 + c.region) + "." +
                                 std::to_string((net >> 8) % 256) + "." + std::to_string(4 + (net >> 16) % 250);
  auto old_key = [&](bool flawed, double share) {
    std::int64_t days = d.range(3, 85);
    bool has = d.chance(share);
    if (flawed)
      posture["accessKeyAgeDays"] = d.range(120, 900);
    else if (has)
      posture["accessKeyAgeDays"] = days;
  };

  switch (c.type) {
    case Type::kServer: {
      const MachineType* m = &pick_machine(cat.servers, d);
      // The oversized anchor runs a 4-vCPU general-purpose machine that has a 2-vCPU sibling.
      if (c.index == kOversizedServerAnchor)
        m = find_machine(cat.servers, aws ? "m5.xlarge" : azure ? "Standard_D4s_v5" : "n2-standard-4");
      static constexpr int kDisks[] = {20, 30, 50, 100, 200, 500};
      spec["instanceType"] = m->name;
      spec["cpu"] = m->cpu;
      spec["memoryGb"] = m->memory_gb;
      spec["storageGb"] = d.pick(kDisks);
      spec["os"] = c.windows ? std::string("windows-server-2022") : std::string(d.pick(kLinuxImages));
      if (aws) spec["image"] = "ami-0" + hex16(d.next()).substr(0, 16);
      spec["availabilityZone"] = zone;
      spec["privateIp"] = private_ip;
      bool public_facing = c.role == "web" || c.role == "bastion" || c.role == "rdp-gateway";
      if (public_facing) spec["publicIp"] = ip(d.next(), aws ? 54 : azure ? 20 : 34);
      json ports = json::array();
      if (c.role == "web") {
        ports.push_back(port(443, "0.0.0.0/0"));
        ports.push_back(port(80, "0.0.0.0/0"));
      }
      ports.push_back(port(c.windows ? 3389 : 22,
                           c.flaw == Flaw::kSshOpen || c.flaw == Flaw::kRdpOpen ? "0.0.0.0/0" : "10.0.0.0/8"));
      posture["openPorts"] = ports;
      posture["publicIp"] = public_facing;
      posture["encrypted"] = c.flaw != Flaw::kUnencryptedRootVolume;
      old_key(c.flaw == Flaw::kOldAccessKey, 0.1);
      break;
    }
    case Type::kDatabase: {
      const MachineType& m = pick_machine(cat.databases, d);
      const Engine& e = engines(c.flavour)[c.engine];
      static constexpr int kSizes[] = {20, 50, 100, 250, 500, 1000, 2000};
      spec["instanceType"] = m.name;
      spec["cpu"] = m.cpu;
      spec["memoryGb"] = m.memory_gb;
      spec["storageGb"] = d.pick(kSizes);
      spec["engine"] = e.name;
      spec["engineVersion"] = e.version;
      spec["port"] = e.port;
      spec["multiAz"] = prod && c.kind == "primary" && d.chance(0.6);
      spec["availabilityZone"] = zone;
      spec["endpoint"] = aws     ? c.name + ".c" + hex16(key_).substr(0, 10) + "." + region + ".rds.amazonaws.com"
                         : azure ? c.name + (e.name == "sqlserver" ? ".database.windows.net"
                                                                   : "." + std::string(e.name) + ".database.azure.com")
                                 : private_ip;
      bool backups = c.flaw != Flaw::kNoBackups;
      static constexpr int kRetention[] = {7, 7, 14, 30, 35};
      posture["encrypted"] = c.flaw != Flaw::kUnencryptedDatabase;
      posture["backupsEnabled"] = backups;
      posture["backupRetentionDays"] = backups ? d.pick(kRetention) : 0;
      posture["publicAccess"] = c.flaw == Flaw::kPublicDatabase;
      posture["openPorts"] = json::array({port(e.port, c.flaw == Flaw::kPublicDatabase ? "0.0.0.0/0" : "10.0.0.0/8")});
      posture["deletionProtection"] = prod;
      break;
    }
    case Type::kStorage: {
      if (c.kind == "bucket") {
        double gb = std::round(std::exp(d.between(0, 9.5)) * 10) / 10;
        spec["sizeGb"] = gb;
        spec["storageClass"] = aws     ? (d.chance(0.8) ? "STANDARD" : "INTELLIGENT_TIERING")
                               : azure ? (d.chance(0.8) ? "Hot" : "Cool")
                                       : (d.chance(0.8) ? "STANDARD" : "NEARLINE");
        spec["objectCount"] = static_cast<std::int64_t>(gb * d.range(40, 2000));
        bool versioning = d.chance(0.5);
        spec["versioning"] = versioning;
        posture["publicAccess"] = c.flaw == Flaw::kPublicBucket;
        posture["encrypted"] = c.flaw != Flaw::kUnencryptedBucket;
        posture["versioning"] = versioning;
        posture["loggingEnabled"] = d.chance(0.6);
      } else if (c.kind == "snapshot") {
        static constexpr int kSizes[] = {8, 20, 50, 100, 200, 500, 1000};
        spec["sizeGb"] = d.pick(kSizes);
        spec["sourceVolume"] = app + "-data-" + env + "-" + two_digits(d.range(14, 99));
        posture["encrypted"] = true;
        posture["publicAccess"] = false;
      } else {
        static constexpr int kSizes[] = {8, 20, 50, 100, 200, 500, 1000};
        bool fast = d.chance(0.15);
        spec["sizeGb"] = d.pick(kSizes);
        spec["volumeType"] = aws     ? (fast ? "io2" : "gp3")
                             : azure ? (fast ? "Premium_LRS" : "StandardSSD_LRS")
                                     : (fast ? "pd-ssd" : "pd-balanced");
        spec["iops"] = fast ? d.range(4, 16) * 1000 : 3000;
        spec["availabilityZone"] = zone;
        spec["attached"] = c.index != kUnattachedVolumeAnchor;
        posture["encrypted"] = c.flaw != Flaw::kUnencryptedVolume;
      }
      break;
    }
    case Type::kNetwork: {
      int second = c.env * 16 + c.region;
      if (c.kind == "vpc")
        spec["cidr"] = "10." + std::to_string(second) + ".0.0/16";
      else if (c.kind == "subnet") {
        spec["cidr"] = "10." + std::to_string(second) + "." + std::to_string(d.range(0, 255)) + ".0/24";
        spec["network"] = c.parent;
        spec["availabilityZone"] = zone;
      } else if (c.kind == "nat-gateway") {
        spec["publicIp"] = ip(d.next(), aws ? 3 : azure ? 20 : 35);
        spec["processedGbPerMonth"] = d.range(10, 4000);
      } else if (c.kind == "public-ip") {
        // A reserved address: billed by the hour whether or not anything uses it.
        spec["address"] = ip(d.next(), aws ? 3 : azure ? 20 : 35);
        spec["associated"] = c.index != kIdlePublicIpAnchor;
        break;  // no flow logs: nothing flows through an address on its own
      } else {
        spec["peer"] = "office-" + std::string(cat.regions[c.region].short_code);
        spec["tunnels"] = 2;
      }
      posture["flowLogsEnabled"] = c.flaw != Flaw::kNoFlowLogs;
      break;
    }
    case Type::kContainer: {
      if (c.kind == "cluster") {
        const MachineType& m = pick_machine(cat.servers, d);
        std::int64_t nodes = d.range(2, 12);
        spec["kubernetesVersion"] = d.pick(kKubernetesVersions);
        spec["nodeCount"] = nodes;
        spec["nodeInstanceType"] = m.name;
        spec["cpu"] = nodes * m.cpu;
        spec["memoryGb"] = nodes * m.memory_gb;
        posture["publicEndpoint"] = c.flaw == Flaw::kPublicClusterEndpoint;
      } else if (c.kind == "pipeline") {
        static constexpr std::string_view kCompute[] = {"BUILD_GENERAL1_SMALL", "BUILD_GENERAL1_MEDIUM",
                                                        "BUILD_GENERAL1_LARGE"};
        spec["repository"] = "github.com/" + company_ + "/" + app;
        spec["branch"] = d.chance(0.8) ? "main" : "release";
        spec["buildsPerMonth"] = d.range(30, 3000);
        spec["avgBuildMinutes"] = d.range(3, 25);
        spec["computeType"] = d.pick(kCompute);
        old_key(c.flaw == Flaw::kOldAccessKey, 0.2);
      } else {
        static constexpr double kCpu[] = {0.25, 0.5, 1, 2};
        static constexpr double kMem[] = {0.5, 1, 2, 4};
        std::int64_t size = d.range(0, 3);
        spec["cluster"] = c.parent;
        spec["image"] = (aws     ? std::string(scope_id(c.flavour, env)) + ".dkr.ecr." + region + ".amazonaws.com/"
                         : azure ? company_ + "acr.azurecr.io/"
                                 : region + "-docker.pkg.dev/" + scope_id(c.flavour, env) + "/apps/") +
                        app + "-" + c.role + ":1." + std::to_string(d.range(0, 40)) + "." +
                        std::to_string(d.range(0, 9));
        spec["desiredCount"] = d.range(1, 6);
        spec["cpu"] = kCpu[size];
        spec["memoryGb"] = kMem[size];
        old_key(c.flaw == Flaw::kOldAccessKey, 0.05);
      }
      break;
    }
    case Type::kFunction: {
      static constexpr int kMemory[] = {128, 256, 512, 1024, 2048};
      spec["runtime"] = d.pick(kRuntimes);
      spec["memoryMb"] = d.pick(kMemory);
      spec["timeoutSeconds"] = d.range(1, 30) * 10;
      spec["invocationsPerMonth"] = static_cast<std::int64_t>(std::exp(d.between(7, 17)));
      spec["avgDurationMs"] = d.range(20, 1500);
      spec["handler"] = "index.handler";
      posture["publicUrl"] = false;
      old_key(c.flaw == Flaw::kOldAccessKey, 0.08);
      break;
    }
    case Type::kLoadBalancer: {
      bool external = d.chance(0.7);
      spec["scheme"] = external ? "internet-facing" : "internal";
      spec["dnsName"] =
          aws ? c.name + "-" + std::to_string(d.range(100000000, 999999999)) + "." + region + ".elb.amazonaws.com"
              : c.name + "." + region + (azure ? ".cloudapp.azure.com" : ".lb.gcp.internal");
      spec["processedGbPerMonth"] = d.range(5, 5000);
      json listeners = json::array({443});
      if (c.flaw == Flaw::kPlainHttp) listeners.push_back(80);
      spec["listeners"] = listeners;
      posture["httpsOnly"] = c.flaw != Flaw::kPlainHttp;
      json ports = json::array({port(443, external ? "0.0.0.0/0" : "10.0.0.0/8")});
      if (c.flaw == Flaw::kPlainHttp) ports.push_back(port(80, external ? "0.0.0.0/0" : "10.0.0.0/8"));
      posture["openPorts"] = ports;
      break;
    }
    case Type::kCache: {
      const MachineType& m = pick_machine(cat.caches, d);
      std::int64_t nodes = d.range(1, 3);
      spec["engine"] = c.kind;
      spec["engineVersion"] = c.kind == "redis" ? "7.1" : "1.6.22";
      spec["instanceType"] = m.name;
      spec["nodes"] = nodes;
      spec["memoryGb"] = nodes * m.memory_gb;
      posture["encrypted"] = c.flaw != Flaw::kUnencryptedCache;
      posture["authEnabled"] = c.flaw != Flaw::kUnencryptedCache;
      break;
    }
    case Type::kQueue: {
      static constexpr int kRetention[] = {4, 7, 14};
      spec["messagesPerDay"] = static_cast<std::int64_t>(std::exp(d.between(6, 17)));
      spec["retentionDays"] = d.pick(kRetention);
      posture["encrypted"] = c.flaw != Flaw::kUnencryptedQueue;
      break;
    }
    case Type::kDns: {
      spec["domain"] = c.flavour == Flavour::kGcp ? app + "-" + two_digits(index) + "." + company_ + ".io" : c.name;
      spec["recordCount"] = d.range(3, 400);
      spec["queriesPerMonth"] = static_cast<std::int64_t>(std::exp(d.between(10, 19)));
      posture["dnssec"] = c.kind == "public" && d.chance(0.3);
      break;
    }
    // The account's security scope, with the facts the adapters read from IAM, CloudTrail, KMS,
    // diagnostic settings and Cloud KMS (docs/security-rules.md).
    case Type::kAccount: {
      rec.region = "global";
      const bool flawed = c.flaw == Flaw::kNoAuditTrail;
      posture["trailEnabled"] = !flawed;
      if (aws) {
        posture["rootAccessKeys"] = false;
        posture["rootMfaEnabled"] = !flawed;
        posture["passwordPolicy"] = true;
        posture["passwordMinLength"] = flawed ? 8 : 14;
        if (!flawed) posture["trailMultiRegion"] = true;
      }
      break;
    }
    case Type::kIdentity: {
      rec.region = "global";
      const bool flawed = c.flaw == Flaw::kUserWithoutMfa;
      if (c.flavour == Flavour::kGcp) {
        spec["email"] = c.name + "@" + scope_id(c.flavour, env) + ".iam.gserviceaccount.com";
      } else {
        posture["consolePassword"] = true;
        posture["mfaEnabled"] = !flawed;
      }
      if (!azure) {  // Entra ID users have no long-lived access keys
        posture["accessKeyAgeDays"] = flawed ? 200 : d.range(3, 85);
        if (aws) posture["accessKeyLastUsedDays"] = flawed ? 60 : d.range(0, 6);
      }
      break;
    }
    case Type::kKey: {
      spec["keyManager"] = "CUSTOMER";
      spec["keySpec"] = aws ? "SYMMETRIC_DEFAULT" : azure ? "RSA-HSM" : "GOOGLE_SYMMETRIC_ENCRYPTION";
      posture["keyRotationEnabled"] = c.flaw != Flaw::kKeyNotRotated;
      break;
    }
  }

  // Tags: teams own apps; a few resources lost their owner and cost-center tags.
  int team = static_cast<int>(d.chance(0.8) ? c.app % std::size(kTeams) : d.range(0, std::size(kTeams) - 1));
  const std::string first(kFirstNames[(team * 2 + d.range(0, 2)) % std::size(kFirstNames)]);
  const std::string last(kLastNames[(team * 3 + d.range(0, 3)) % std::size(kLastNames)]);
  bool untagged = index >= kAnchorCount && d.chance(0.05);
  rec.tags["env"] = env;
  rec.tags["app"] = app;
  rec.tags["team"] = std::string(kTeams[team]);
  if (!untagged) {
    rec.tags["owner"] = first + "." + last + "@" + company_ + ".io";
    rec.tags["cost-center"] = "CC-" + std::to_string(1000 + team * 100 + c.env * 10);
  }
  if (d.chance(0.6)) rec.tags["managed-by"] = d.chance(0.8) ? "terraform" : "console";
  if (c.kind == "pipeline" || c.kind == "pipeline-step" || (c.type == Type::kQueue && c.role == "build"))
    rec.tags["pipeline"] = app + "-ci";
  if (profile_->linked_accounts)
    rec.spec["accountId"] = scope_id(c.flavour, c.type == Type::kNetwork || c.type == Type::kDns ? "shared" : env);

  rec.monthly_cost = round2(price(rec).for_status(rec.status));
  return rec;
}

// --- prices -----------------------------------------------------------------------------------

Pricing Inventory::price(const ResourceRecord& r) const {
  const Flavour f = flavour_named(r.provider).value_or(Flavour::kAws);
  const FlavourCatalog& cat = catalog(f);
  const json& s = r.spec;
  const std::string kind = text_of(s, "kind");
  Pricing p;
  auto hourly = [&](std::span<const MachineType> types, const char* field) {
    const MachineType* m = find_machine(types, text_of(s, field));
    return m ? m->hourly : 0.05;
  };
  const auto type = type_named(r.type).value_or(Type::kServer);
  switch (type) {
    case Type::kServer: {
      double h = hourly(cat.servers, "instanceType");
      if (text_of(s, "os").rfind("windows", 0) == 0) h += 0.046 * number_of(s, "cpu", 2);
      double disk = number_of(s, "storageGb", 30) * cat.volume_gb_month;
      p.running = h * kHoursPerMonth + disk;
      p.stopped = disk;
      break;
    }
    case Type::kDatabase: {
      double h = hourly(cat.databases, "instanceType") * (bool_of(s, "multiAz", false) ? 2 : 1);
      double disk = number_of(s, "storageGb", 20) * cat.db_storage_gb_month;
      p.running = h * kHoursPerMonth + disk;
      p.stopped = disk;
      break;
    }
    case Type::kStorage: {
      double gb = number_of(s, "sizeGb", 0);
      p.running = kind == "volume" ? gb * cat.volume_gb_month + std::max(0.0, number_of(s, "iops", 3000) - 3000) * 0.065
                  : kind == "snapshot" ? gb * 0.05  // every cloud's standard snapshot tier: $0.05/GB-month
                                       : gb * cat.bucket_gb_month;
      p.stopped = p.running;
      break;
    }
    case Type::kNetwork:
      if (kind == "nat-gateway")
        p.running = cat.nat_hourly * kHoursPerMonth + number_of(s, "processedGbPerMonth") * 0.045;
      else if (kind == "vpn-gateway")
        p.running = 0.05 * kHoursPerMonth;
      else if (kind == "public-ip")  // GCP charges twice as much for a static address nothing uses
        p.running = (f == Flavour::kGcp && !bool_of(s, "associated", true) ? 0.01 : 0.005) * kHoursPerMonth;
      p.stopped = p.running;
      break;
    case Type::kContainer:
      if (kind == "cluster") {
        double plane = cat.control_plane_hourly * kHoursPerMonth;
        p.running = plane + number_of(s, "nodeCount", 3) * hourly(cat.servers, "nodeInstanceType") * kHoursPerMonth;
        p.stopped = plane;
      } else if (kind == "pipeline") {
        p.running = p.stopped = number_of(s, "buildsPerMonth") * number_of(s, "avgBuildMinutes") * 0.005;
      } else {
        p.running = number_of(s, "desiredCount", 1) *
                    (number_of(s, "cpu", 0.25) * 0.04048 + number_of(s, "memoryGb", 0.5) * 0.004445) * kHoursPerMonth;
      }
      break;
    case Type::kFunction: {
      double calls = number_of(s, "invocationsPerMonth");
      double gb_seconds = calls * number_of(s, "avgDurationMs", 100) / 1000 * number_of(s, "memoryMb", 128) / 1024;
      p.running = p.stopped = calls * 0.2 / 1e6 + gb_seconds * 0.0000166667;
      break;
    }
    case Type::kLoadBalancer:
      p.running = p.stopped = cat.lb_hourly * kHoursPerMonth + number_of(s, "processedGbPerMonth") * 0.008;
      break;
    case Type::kCache:
      p.running = p.stopped = hourly(cat.caches, "instanceType") * number_of(s, "nodes", 1) * kHoursPerMonth;
      break;
    case Type::kQueue:
      p.running = p.stopped = (f == Flavour::kAzure ? 10 : 0) + number_of(s, "messagesPerDay") * 30 * 0.4 / 1e6;
      break;
    case Type::kDns:
      p.running = p.stopped = (f == Flavour::kGcp ? 0.2 : 0.5) + number_of(s, "queriesPerMonth") * 0.4 / 1e6;
      break;
    case Type::kAccount:
    case Type::kIdentity:
      break;          // free
    case Type::kKey:  // a customer-managed key: AWS $1 a month, Azure pays per operation, GCP $0.06 a version
      p.running = p.stopped = f == Flavour::kAws ? 1 : f == Flavour::kGcp ? 0.06 : 0;
      break;
  }
  return p;
}

// --- resources created and changed through the API -------------------------------------------

namespace {
/// Machine-sized types: the instance type names the size; cpu and memory follow from it.
void derive_size(Flavour f, Type t, json& spec) {
  const FlavourCatalog& cat = catalog(f);
  std::span<const MachineType> table = t == Type::kServer     ? cat.servers
                                       : t == Type::kDatabase ? cat.databases
                                                              : cat.caches;
  const char* what = t == Type::kServer ? "server" : t == Type::kDatabase ? "database" : "cache";
  std::string it = text_of(spec, "instanceType");
  const MachineType* m = find_machine(table, it);
  if (!m) {
    std::string known;
    for (const auto& x : table) known += (known.empty() ? "" : ", ") + std::string(x.name);
    invalid("The instance type '" + it + "' is not offered for " + std::string(cat.name) + " " + what + "s (one of " +
            known + ").");
  }
  if (t == Type::kCache) {
    spec["memoryGb"] = number_of(spec, "nodes", 1) * m->memory_gb;
  } else {
    spec["cpu"] = m->cpu;
    spec["memoryGb"] = m->memory_gb;
  }
}

/// Security settings a request may give in its spec; they become the resource's posture, so a
/// PATCH can also fix (or break) what a scanner reports.
constexpr const char* kPostureSettings[] = {"publicAccess", "encrypted", "backupsEnabled", "openPorts"};

void check_posture_settings(const json& spec) {
  for (const char* k : kPostureSettings) {
    auto it = spec.find(k);
    if (it == spec.end() || it->is_null()) continue;
    if (std::string_view(k) != "openPorts") {
      if (!it->is_boolean()) invalid(std::string("spec.") + k + " must be true or false.");
      continue;
    }
    if (!it->is_array()) invalid("spec.openPorts must be a list of {port, cidr}.");
    for (const auto& p : *it) {
      if (!p.is_object() || !p.contains("port") || !p["port"].is_number_integer() || !p.contains("cidr") ||
          !p["cidr"].is_string() || (p.contains("protocol") && !p["protocol"].is_string()))
        invalid("spec.openPorts must be a list of {port, cidr}.");
    }
  }
}

void copy_posture_settings(const json& spec, json& posture) {
  for (const char* k : kPostureSettings) {
    auto it = spec.find(k);
    if (it == spec.end() || it->is_null()) continue;
    if (std::string_view(k) != "openPorts") {
      posture[k] = *it;
      continue;
    }
    json ports = json::array();
    for (const auto& p : *it)
      ports.push_back({{"port", p["port"]}, {"protocol", p.value("protocol", "tcp")}, {"cidr", p["cidr"]}});
    posture[k] = ports;
  }
  if (posture.value("backupsEnabled", true) == false) posture["backupRetentionDays"] = 0;
}

void check_spec_numbers(const json& spec) {
  for (const char* k : {"storageGb", "sizeGb", "nodeCount", "desiredCount", "nodes", "memoryMb", "invocationsPerMonth",
                        "messagesPerDay", "processedGbPerMonth", "iops"}) {
    auto it = spec.find(k);
    if (it == spec.end()) continue;
    if (!it->is_number() || it->get<double>() < 0 || it->get<double>() > 1e12)
      invalid(std::string("spec.") + k + " must be a non-negative number.");
  }
}
}  // namespace

ResourceRecord Inventory::build_created(const NewResource& request, Millis now, std::uint64_t tok) const {
  // Absent spec or tags may arrive as JSON null.
  NewResource req = request;
  if (req.spec.is_null()) req.spec = json::object();
  if (req.tags.is_null()) req.tags = json::object();
  check_name(req.name);
  auto type = type_named(req.type);
  if (!type)
    invalid("The resource type '" + req.type +
            "' is not supported (one of server, database, storage, network, container, function, load_balancer, cache, "
            "queue, dns).");
  if (*type == Type::kAccount || *type == Type::kIdentity || *type == Type::kKey)
    invalid("A " + req.type + " is read from the cloud's own console (IAM, KMS); it cannot be created here.");
  if (!req.spec.is_object()) invalid("spec must be an object.");
  if (req.spec.contains("kind") && !req.spec["kind"].is_string()) invalid("spec.kind must be a string.");
  check_tags(req.tags);
  check_spec_numbers(req.spec);

  Flavour f = flavours().front();
  std::string region = req.region;
  if (region.empty()) {
    auto [home_flavour, home] = home_region(f);
    f = home_flavour;
    region = std::string(catalog(f).regions[home].name);
  } else if (auto rf = flavour_of_region(region)) {
    f = *rf;
  } else {
    std::string known;
    for (const auto& r : regions()) known += (known.empty() ? "" : ", ") + r;
    invalid("The region '" + region + "' is not available to this account (" + known + ").");
  }
  std::string kind = text_of(req.spec, "kind", default_kind(*type, f));
  if (!valid_kind(*type, kind)) invalid("spec.kind '" + kind + "' is not a kind of " + req.type + ".");

  const FlavourCatalog& cat = catalog(f);
  const bool aws = f == Flavour::kAws;
  // Sensible defaults for what the request leaves out, then the request's own spec on top.
  json spec = {{"kind", kind}};
  switch (*type) {
    case Type::kServer:
      spec.update({{"instanceType", aws                    ? "t3.medium"
                                    : f == Flavour::kAzure ? "Standard_D2s_v5"
                                                           : "e2-standard-2"},
                   {"storageGb", 30},
                   {"os", "ubuntu-24.04"},
                   {"availabilityZone", zone_of(f, region, 0)}});
      break;
    case Type::kDatabase:
      spec.update({{"instanceType", aws                    ? "db.t3.medium"
                                    : f == Flavour::kAzure ? "GP_Standard_D2ds_v4"
                                                           : "db-custom-2-7680"},
                   {"storageGb", 100},
                   {"engine", "postgres"},
                   {"engineVersion", aws                    ? "16.4"
                                     : f == Flavour::kAzure ? "16"
                                                            : "POSTGRES_15"},
                   {"port", 5432},
                   {"multiAz", false}});
      break;
    case Type::kStorage:
      if (kind == "volume")
        spec.update({{"sizeGb", 50},
                     {"volumeType", aws                    ? "gp3"
                                    : f == Flavour::kAzure ? "StandardSSD_LRS"
                                                           : "pd-balanced"},
                     {"iops", 3000}});
      else if (kind == "snapshot")
        spec.update({{"sizeGb", 50}});
      else
        spec.update({{"sizeGb", 0},
                     {"storageClass", f == Flavour::kAzure ? "Hot" : "STANDARD"},
                     {"objectCount", 0},
                     {"versioning", true}});
      break;
    case Type::kNetwork:
      if (kind == "vpc" || kind == "subnet") spec["cidr"] = kind == "vpc" ? "10.100.0.0/16" : "10.100.1.0/24";
      if (kind == "public-ip") spec["associated"] = false;
      break;
    case Type::kContainer:
      if (kind == "cluster")
        spec.update({{"kubernetesVersion", "1.31"}, {"nodeCount", 3}, {"nodeInstanceType", cat.servers[4].name}});
      else if (kind == "service")
        spec.update({{"desiredCount", 1}, {"cpu", 0.5}, {"memoryGb", 1}, {"image", "nginx:1.27"}});
      else
        spec.update({{"buildsPerMonth", 100}, {"avgBuildMinutes", 8}});
      break;
    case Type::kFunction:
      spec.update({{"runtime", "python3.12"},
                   {"memoryMb", 256},
                   {"timeoutSeconds", 30},
                   {"invocationsPerMonth", 0},
                   {"handler", "index.handler"}});
      break;
    case Type::kLoadBalancer:
      spec.update({{"scheme", "internet-facing"}, {"listeners", json::array({443})}});
      break;
    case Type::kCache:
      spec.update({{"engine", kind}, {"instanceType", cat.caches[1].name}, {"nodes", 1}});
      break;
    case Type::kQueue:
      spec.update({{"messagesPerDay", 0}, {"retentionDays", 4}});
      break;
    case Type::kDns:
      spec.update({{"domain", req.name}, {"recordCount", 2}});
      break;
    case Type::kAccount:
    case Type::kIdentity:
    case Type::kKey:
      break;  // refused above
  }
  for (const auto& [k, v] : req.spec.items()) {
    if (!v.is_null()) spec[k] = v;
  }
  if (*type == Type::kServer || *type == Type::kDatabase || *type == Type::kCache) derive_size(f, *type, spec);
  if (*type == Type::kContainer && kind == "cluster") {
    const MachineType* m = find_machine(cat.servers, text_of(spec, "nodeInstanceType"));
    if (!m) invalid("spec.nodeInstanceType is not an instance type of " + std::string(cat.name) + ".");
    spec["cpu"] = number_of(spec, "nodeCount", 3) * m->cpu;
    spec["memoryGb"] = number_of(spec, "nodeCount", 3) * m->memory_gb;
  }

  // New resources start out secure; the request may say otherwise for the facts it controls.
  json posture = json::object();
  switch (*type) {
    case Type::kServer:
      posture = {{"openPorts", json::array({port(22, "10.0.0.0/8")})}, {"publicIp", false}, {"encrypted", true}};
      break;
    case Type::kDatabase:
      posture = {{"encrypted", true},
                 {"backupsEnabled", true},
                 {"backupRetentionDays", 7},
                 {"publicAccess", false},
                 {"openPorts", json::array({port(static_cast<int>(number_of(spec, "port", 5432)), "10.0.0.0/8")})},
                 {"deletionProtection", false}};
      break;
    case Type::kStorage:
      posture = kind == "volume" || kind == "snapshot" ? json{{"encrypted", true}}
                                                       : json{{"publicAccess", false},
                                                              {"encrypted", true},
                                                              {"versioning", bool_of(spec, "versioning", true)},
                                                              {"loggingEnabled", false}};
      break;
    case Type::kNetwork:
      posture = {{"flowLogsEnabled", true}};
      break;
    case Type::kContainer:
      if (kind == "cluster") posture = {{"publicEndpoint", false}};
      break;
    case Type::kFunction:
      posture = {{"publicUrl", false}};
      break;
    case Type::kLoadBalancer:
      posture = {{"httpsOnly", true}, {"openPorts", json::array({port(443, "0.0.0.0/0")})}};
      break;
    case Type::kCache:
      posture = {{"encrypted", true}, {"authEnabled", true}};
      break;
    case Type::kQueue:
      posture = {{"encrypted", true}};
      break;
    case Type::kDns:
      posture = {{"dnssec", false}};
      break;
    case Type::kAccount:
    case Type::kIdentity:
    case Type::kKey:
      break;  // refused above
  }
  check_posture_settings(req.spec);
  copy_posture_settings(req.spec, posture);

  ResourceRecord rec;
  rec.provider = std::string(cat.name);
  rec.name = req.name;
  rec.type = req.type;
  rec.region = region;
  rec.status = "provisioning";
  rec.spec = std::move(spec);
  rec.tags = req.tags;
  rec.created_at = now;
  rec.posture = std::move(posture);
  std::string env = rec.tags.is_object() && rec.tags.contains("env") ? rec.tags["env"].get<std::string>() : "prod";
  if (env != "prod" && env != "staging" && env != "dev") env = "prod";
  rec.external_id = make_external_id(
      {f, *type, kind, region, req.name, text_of(rec.spec, kind == "subnet" ? "network" : "cluster", "default"),
       scope_id(f, env), "rg-cloudweave", text_of(rec.spec, "engine", "postgres"), zone_of(f, region, 0), tok});
  rec.monthly_cost = round2(price(rec).for_status(rec.status));
  return rec;
}

void Inventory::apply_patch(ResourceRecord& rec, const ResourcePatch& patch) const {
  if (patch.name) check_name(*patch.name);
  if (patch.tags) check_tags(*patch.tags);
  if (patch.spec && !patch.spec->is_object()) invalid("spec must be an object.");
  const auto type = type_named(rec.type).value_or(Type::kServer);
  const Flavour f = flavour_named(rec.provider).value_or(Flavour::kAws);
  json spec = rec.spec;
  if (patch.spec) {
    check_spec_numbers(*patch.spec);
    check_posture_settings(*patch.spec);
    if (patch.spec->contains("kind") && (*patch.spec)["kind"] != spec["kind"])
      invalid("spec.kind cannot change; create a new resource instead.");
    spec.merge_patch(*patch.spec);
    if (type == Type::kServer || type == Type::kDatabase || type == Type::kCache) derive_size(f, type, spec);
  }
  // Validation is complete: only now change the record.
  if (patch.name) rec.name = *patch.name;
  if (patch.tags) rec.tags = *patch.tags;
  if (patch.spec) copy_posture_settings(*patch.spec, rec.posture);
  rec.spec = std::move(spec);
  rec.monthly_cost = round2(price(rec).for_status(rec.status));
}

// --- account facts ----------------------------------------------------------------------------

std::vector<Flavour> Inventory::flavours() const {
  std::vector<Flavour> out;
  for (int i = 0; i < kFlavourCount; ++i)
    if (flavour_weights_[i] > 0) out.push_back(static_cast<Flavour>(i));
  return out;
}

std::vector<std::string> Inventory::regions() const {
  std::vector<std::string> out;
  for (Flavour f : flavours()) {
    const auto& w = region_weights_[static_cast<int>(f)];
    const auto& regions = catalog(f).regions;
    for (size_t i = 0; i < regions.size(); ++i)
      if (w[i] > 0) out.emplace_back(regions[i].name);
  }
  return out;
}

std::optional<Flavour> Inventory::flavour_of_region(std::string_view region) const {
  for (Flavour f : flavours()) {
    const auto& regions = catalog(f).regions;
    for (size_t i = 0; i < regions.size(); ++i)
      // An account that lists its regions offers only those; otherwise its clouds' whole list.
      if (regions[i].name == region && (!first_listed_ || region_weights_[static_cast<int>(f)][i] > 0)) return f;
  }
  return std::nullopt;
}

json Inventory::identity() const {
  json id = {{"scenario", profile_->name}, {"company", company_}, {"resourceCount", size()}};
  auto fl = flavours();
  id["flavour"] = fl.size() > 1 ? std::string("multicloud") : std::string(flavour_name(fl.front()));
  for (Flavour f : fl) {
    switch (f) {
      case Flavour::kAws:
        id["accountId"] = scope_id(f, "prod");
        id["arn"] = "arn:aws:iam::" + scope_id(f, "prod") + ":user/cloudweave";
        break;
      case Flavour::kAzure:
        id["subscriptionId"] = scope_id(f, "prod");
        break;
      case Flavour::kGcp:
        id["projectId"] = scope_id(f, "prod");
        break;
    }
  }
  if (!id.contains("accountId")) id["accountId"] = id.value("subscriptionId", id.value("projectId", ""));
  if (profile_->linked_accounts) {
    json linked = json::array();
    for (const char* env : {"prod", "staging", "dev", "shared"})
      linked.push_back({{"accountId", scope_id(Flavour::kAws, env)}, {"name", company_ + "-" + env}});
    id["linkedAccounts"] = linked;
  }
  return id;
}

// --- storage form -----------------------------------------------------------------------------

json record_to_json(const ResourceRecord& r) {
  return {{"externalId", r.external_id},
          {"provider", r.provider},
          {"name", r.name},
          {"type", r.type},
          {"region", r.region},
          {"status", r.status},
          {"spec", r.spec},
          {"tags", r.tags},
          {"monthlyCost", r.monthly_cost},
          {"createdAt", r.created_at},
          {"posture", r.posture}};
}

ResourceRecord record_from_json(const json& j) {
  ResourceRecord r;
  r.external_id = j.value("externalId", "");
  r.provider = j.value("provider", "");
  r.name = j.value("name", "");
  r.type = j.value("type", "");
  r.region = j.value("region", "");
  r.status = j.value("status", "");
  r.spec = j.value("spec", json::object());
  r.tags = j.value("tags", json::object());
  r.monthly_cost = j.value("monthlyCost", 0.0);
  r.created_at = j.value("createdAt", Millis{0});
  r.posture = j.value("posture", json::object());
  return r;
}

}  // namespace cw::providers::simulated
