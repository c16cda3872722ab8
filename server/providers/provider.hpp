#pragma once
/// The one interface every cloud provider implements (DESIGN.md "Cloud providers"): test the
/// credentials, list resources page by page, create/update/delete them, run actions, read metrics,
/// cost lines and a change feed. Implementations live in their own folder and namespace
/// (simulated/, aws/, azure/, gcp/) and are registered in the ProviderRegistry.
///
/// Calls are synchronous and may block (network): callers run them on workers or in jobs.
/// Expected failures are ProviderError carrying the cloud's own code; accounts/provider_failure.hpp
/// maps them to API errors (bad input 400, state conflict 409, gone 404, else 502
/// EXTERNAL_SERVICE_ERROR). A provider never returns half a result.
#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace cw::storage {
class Database;
}

namespace cw::providers {

/// Resource types and statuses of API.md.
/// The last three are the security scope of an account rather than infrastructure: the account
/// (subscription, project) itself, its identities (IAM users, service accounts) and its
/// customer-managed keys. Adapters read them for the security rules; they cannot be created here.
inline constexpr const char* kResourceTypes[] = {"server",   "database",      "storage", "network", "container",
                                                 "function", "load_balancer", "cache",   "queue",   "dns",
                                                 "account",  "identity",      "key"};
inline constexpr const char* kResourceStatuses[] = {"provisioning", "running", "stopped", "terminated", "error"};

/// A resource as the cloud reports it.
struct ResourceRecord {
  std::string external_id;  // the cloud's id (i-0abc…, /subscriptions/…, projects/…)
  std::string provider;     // flavour shown to users: aws | azure | gcp (simulated accounts too)
  std::string name;
  std::string type;  // one of kResourceTypes
  std::string region;
  std::string status;                              // one of kResourceStatuses
  nlohmann::json spec = nlohmann::json::object();  // instanceType, cpu, memoryGb, storageGb, engine, …
  nlohmann::json tags = nlohmann::json::object();  // string → string
  double monthly_cost = 0;                         // USD
  Millis created_at = 0;
  /// Security-relevant facts for later scanning, e.g. {"publicAccess": true,
  /// "openPorts": [{"port": 22, "cidr": "0.0.0.0/0"}], "encrypted": false, "accessKeyAgeDays": 400}.
  nlohmann::json posture = nlohmann::json::object();
};

struct ResourcePage {
  std::vector<ResourceRecord> items;
  std::string next_token;  // empty on the last page
};

struct ConnectionTest {
  bool valid = false;
  nlohmann::json identity = nlohmann::json::object();  // account id, ARN, tenant, project…
  std::vector<std::string> permissions;                // permissions confirmed
  std::vector<std::string> limitations;                // permissions missing / features unavailable
  std::vector<std::string> regions;
  std::vector<std::string> services;
  std::vector<std::string> errors;
  nlohmann::json to_json() const;
};

struct NewResource {
  std::string name, type, region;
  nlohmann::json spec = nlohmann::json::object();
  nlohmann::json tags = nlohmann::json::object();
};

struct ResourcePatch {
  std::optional<std::string> name;
  std::optional<nlohmann::json> spec;  // merged into the current spec
  std::optional<nlohmann::json> tags;  // replaces the tags
};

enum class Action { kStart, kStop, kReboot };

struct MetricPoint {
  Millis timestamp;
  double value;
};

/// Metric names every provider understands (units in the name).
inline constexpr const char* kMetricNames[] = {"cpu_utilization",   "memory_utilization", "network_in_bytes",
                                               "network_out_bytes", "disk_read_bytes",    "disk_write_bytes",
                                               "request_count",     "latency_ms",         "error_rate"};

/// One day's charge. The first five fields are what every cost API gives; the rest carry what the
/// FOCUS columns need (server/costs maps a line to a FOCUS row) and default to a plain usage line
/// billed at list price in USD, so a provider fills only what its API reports.
struct CostLine {
  std::string date;                  // YYYY-MM-DD (UTC)
  std::string resource_external_id;  // empty for account-level charges
  std::string service;               // e.g. "Compute", "Storage"
  std::string region;
  double amount = 0;                             // billed, in `currency`; negative for credits
  std::string provider;                          // flavour: aws | azure | gcp; "" = the provider's kind
  std::string currency = "USD";                  // ISO 4217
  std::string charge_category = "Usage";         // Usage | Purchase | Tax | Credit | Adjustment
  std::string charge_frequency = "Usage-Based";  // Usage-Based | Recurring | One-Time
  std::string description;
  std::optional<double> effective_amount;  // amortized cost; absent = amount
  std::optional<double> list_amount;       // at list price; absent = amount
  std::string resource_name, resource_type;
  /// The cloud's own sub account the charge belongs to (a GCP project); empty = the account.
  std::string sub_account_id, sub_account_name;
  std::string sku_id;
  std::optional<double> quantity;  // consumed = priced quantity, in `unit`
  std::string unit;
  /// A commitment discount (reservation, savings plan) covering the line, or bought by it.
  std::string commitment_id, commitment_type, commitment_category, commitment_status;
  nlohmann::json tags = nlohmann::json::object();  // the resource's tags (string → string)
};

class ProviderError : public std::runtime_error {
 public:
  /// `code` is the provider's own ("Throttling", "QuotaExceeded", "AuthFailure"…);
  /// `retryable` tells jobs whether trying again later can help.
  ProviderError(std::string code, const std::string& message, bool retryable = false)
      : std::runtime_error(message), code_(std::move(code)), retryable_(retryable) {}
  const std::string& code() const { return code_; }
  bool retryable() const { return retryable_; }

 private:
  std::string code_;
  bool retryable_;
};

/// A failed call in words a user can act on, for connection tests. A transport failure already
/// says what happened on the way ("cannot reach sts.amazonaws.com: DNS failure (…)"); an answer
/// from the cloud gets `refused` in front of its code and message ("AWS refused the credentials:
/// InvalidClientTokenId — The security token included in the request is invalid.").
std::string explain_failure(const ProviderError& e, const std::string& refused);

/// A capability the provider does not have (no change feed, no cost API) or an operation it
/// does not offer for that resource: the caller asked for something this cloud connection
/// cannot do, not a cloud failure (maps to 400 like the cloud's own validation errors).
class UnsupportedOperation : public ProviderError {
 public:
  explicit UnsupportedOperation(const std::string& message) : ProviderError("UnsupportedOperation", message) {}
};

// --- Capabilities. A provider is a connection to one cloud account; it always reads the
// inventory and opts into the others by returning itself from the accessor below. Callers ask
// for the capability (`require(provider->cost_source(), *provider, "cost data")`) instead of calling and catching.

/// Creating, changing, deleting resources and start/stop/reboot.
class ResourceActions {
 public:
  virtual ~ResourceActions() = default;
  /// Starts creating; usually returns status "provisioning".
  virtual ResourceRecord create_resource(const NewResource& resource) = 0;
  virtual ResourceRecord update_resource(const std::string& external_id, const ResourcePatch& patch) = 0;
  /// Starts deleting; returns the record in its new state (usually "terminated").
  virtual ResourceRecord delete_resource(const std::string& external_id) = 0;
  virtual ResourceRecord run_action(const std::string& external_id, Action action) = 0;
};

/// Which resources changed since a time, so an incremental sync re-reads just those.
class ChangeFeed {
 public:
  virtual ~ChangeFeed() = default;
  /// External ids of resources changed (created, updated, deleted, or moved to a new lifecycle
  /// state) after `since`.
  virtual std::vector<std::string> changed_since(Millis since) = 0;
};

/// Time series of a resource's metrics.
class MetricsSource {
 public:
  virtual ~MetricsSource() = default;
  /// Points from `from` to `to` (inclusive) every `step_ms`. `region` is where the last sync
  /// found the resource ("" when unknown): a cloud whose metric API is regional (AWS) reads it
  /// there instead of looking the resource up region by region.
  virtual std::vector<MetricPoint> metrics(const std::string& external_id, const std::string& region,
                                           const std::string& metric, Millis from, Millis to, Millis step_ms) = 0;

  struct Request {
    std::string external_id, region, metric;
  };
  struct Series {
    std::vector<MetricPoint> points;
    bool unsupported = false;  // the cloud does not publish this metric for this resource
  };
  /// Several series over one range and step, answered in request order (collection). A metric
  /// the cloud does not publish for a resource is `unsupported`, not an error. This asks
  /// metrics() one series at a time; a cloud whose API reads many series per call overrides it
  /// (CloudWatch GetMetricData: 500 queries).
  virtual std::vector<Series> metrics_batch(const std::vector<Request>& requests, Millis from, Millis to,
                                            Millis step_ms);
};

/// The account's billed costs.
class CostSource {
 public:
  virtual ~CostSource() = default;
  /// Daily cost lines for [from_date, to_date], dates as YYYY-MM-DD.
  virtual std::vector<CostLine> costs(const std::string& from_date, const std::string& to_date) = 0;
};

class CloudProvider {
 public:
  virtual ~CloudProvider() = default;

  virtual ConnectionTest test_connection() = 0;
  /// Pages of the whole inventory; `page_token` empty for the first page.
  virtual ResourcePage list_resources(const std::string& page_token, int page_size) = 0;
  /// nullopt when the cloud has no such resource (any more).
  virtual std::optional<ResourceRecord> get_resource(const std::string& external_id) = 0;

  /// The capabilities this provider has; null when it has not.
  virtual ResourceActions* resource_actions() { return nullptr; }
  virtual ChangeFeed* change_feed() { return nullptr; }
  virtual MetricsSource* metrics_source() { return nullptr; }
  virtual CostSource* cost_source() { return nullptr; }
  // Later: DeployTarget* deploy_target() for deployments.

  /// The provider kind's name ("aws"), for messages.
  virtual std::string kind() const = 0;
};

/// The capability, or UnsupportedOperation naming what `provider` cannot do.
template <typename Capability>
Capability& require(Capability* capability, const CloudProvider& provider, const char* what) {
  if (!capability) throw UnsupportedOperation(provider.kind() + " accounts have no " + what);
  return *capability;
}

/// What a provider instance is built from.
struct ProviderAccount {
  std::string account_id;  // CloudWeave's id of the connected account
  std::string organization_id;
  nlohmann::json credentials;                          // decrypted; never logged
  nlohmann::json settings = nlohmann::json::object();  // regions, endpoints, …
};

struct ProviderDeps {
  const Clock& clock;
  storage::Database& db;  // for providers that keep state of their own (the simulated cloud)
};

struct ProviderKind {
  std::string name;  // "simulated", "aws", …
  /// Field name → reason for each problem with the credentials' shape; empty when valid. The
  /// account's endpoint overrides come along: formats are the real cloud's, an emulator or a
  /// compatible store behind an override may use its own.
  std::function<std::map<std::string, std::string>(const nlohmann::json& credentials, const nlohmann::json& endpoints)>
      validate;
  /// Optional: field name → reason for each problem with the account's provider-specific settings
  /// (gcp: `billingExportTable`), checked when an account is created or changed. A kind without
  /// it has no settings beyond regions, services and endpoints.
  std::function<std::map<std::string, std::string>(const nlohmann::json& settings)> validate_settings;
  std::function<std::unique_ptr<CloudProvider>(const ProviderAccount&, ProviderDeps)> create;
  /// Optional: drops state a provider keeps for an account (called when it is disconnected).
  std::function<void(storage::Database&, const std::string& account_id)> forget;
  /// Which of start, stop and reboot resources of a type support with this provider (the UI
  /// offers only these); absent: none.
  std::function<std::vector<std::string>(std::string_view type)> actions;
};

/// Registered provider kinds; built once by the app, read-only afterwards.
class ProviderRegistry {
 public:
  void add(ProviderKind kind);
  const ProviderKind* find(const std::string& name) const;
  std::vector<std::string> names() const;
  /// The actions of `kind`'s resources of `type` (empty for an unknown kind).
  std::vector<std::string> actions(const std::string& kind, std::string_view type) const;

 private:
  std::vector<ProviderKind> kinds_;
};

}  // namespace cw::providers
