#include "providers/azure/azure_provider.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <regex>

#include "core/digits.hpp"
#include "providers/azure/arm_client.hpp"
#include "providers/azure/arm_responses.hpp"
#include "providers/azure/key_vault.hpp"
#include "providers/azure/subscription_posture.hpp"
#include "providers/azure/token_source.hpp"
#include "providers/common/paging.hpp"

namespace cw::providers::azure {
namespace {

using nlohmann::json;

/// One listed ARM resource type: where it lives, which api-version we speak, how it maps.
struct ArmKind {
  const char* type;  // ARM provider type, canonical case
  const char* api_version;
  const char* list_options;  // extra query of the subscription-wide list
  ResourceRecord (*map)(const json&);
  const char* read_permission;
};

const ArmKind kKinds[] = {
    // statusOnly=true makes the list carry each VM's instance view (power state).
    {"Microsoft.Compute/virtualMachines", "2024-07-01", "&statusOnly=true", vm_record,
     "Microsoft.Compute/virtualMachines/read"},
    {"Microsoft.Compute/disks", "2024-03-02", "", disk_record, "Microsoft.Compute/disks/read"},
    {"Microsoft.Network/networkSecurityGroups", "2024-05-01", "", nsg_record,
     "Microsoft.Network/networkSecurityGroups/read"},
    {"Microsoft.Storage/storageAccounts", "2023-05-01", "", storage_account_record,
     "Microsoft.Storage/storageAccounts/read"},
    {"Microsoft.Sql/servers", "2021-11-01", "", sql_server_record, "Microsoft.Sql/servers/read"},
};
constexpr size_t kVm = 0, kSqlServer = 4;
const ArmKind kSqlDatabase{"Microsoft.Sql/servers/databases", "2021-11-01", "", sql_database_record,
                           "Microsoft.Sql/servers/databases/read"};
// After the listed kinds the walk reads the security scope: the subscription itself (one page),
// then Key Vault keys vault page by vault page.
constexpr size_t kSubscriptionStep = std::size(kKinds), kKeyVaultStep = kSubscriptionStep + 1,
                 kSteps = kKeyVaultStep + 1;
constexpr const char* kResourcesApi = "2022-12-01";  // subscriptions, locations
constexpr const char* kDiagnosticSettingsApi = "2021-05-01-preview";
constexpr const char* kKeyVaultApi = "2023-07-01";  // vaults and their keys
constexpr const char* kMetricsApi = "2018-01-01";
constexpr const char* kMetricsBatchApi = "2024-02-01";
constexpr size_t kMetricsBatchResources = 50;  // metrics:getBatch takes at most 50 resource ids
constexpr const char* kCostApi = "2023-11-01";

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

/// "East US" and "eastus" name the same region.
std::string region_key(const std::string& region) {
  std::string out;
  for (char c : lower(region))
    if (c != ' ') out += c;
  return out;
}

bool is_guid(const json& v) {
  static const std::regex kGuid("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
  // Length first: libstdc++'s regex recurses per character, and this is outside input.
  return v.is_string() && v.get_ref<const std::string&>().size() == 36 && std::regex_match(v.get<std::string>(), kGuid);
}

bool valid_date(const std::string& d) {
  static const std::regex kDate("^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
  return d.size() == 10 && std::regex_match(d, kDate);
}

/// CloudWeave metric → Azure Monitor VM metric and the aggregation that answers it.
struct VmMetric {
  const char* azure_name;
  const char* aggregation;
};
std::optional<VmMetric> vm_metric(const std::string& metric) {
  if (metric == "cpu_utilization") return VmMetric{"Percentage CPU", "average"};
  if (metric == "network_in_bytes") return VmMetric{"Network In Total", "total"};
  if (metric == "network_out_bytes") return VmMetric{"Network Out Total", "total"};
  if (metric == "disk_read_bytes") return VmMetric{"Disk Read Bytes", "total"};
  if (metric == "disk_write_bytes") return VmMetric{"Disk Write Bytes", "total"};
  return std::nullopt;
}

/// The smallest Azure Monitor interval (the service accepts only these) covering `step_ms`.
/// An Azure region name as it goes into a host name ("eastus", "westeurope2").
bool valid_region(const std::string& region) {
  if (region.empty() || region.size() > 40) return false;
  return std::all_of(region.begin(), region.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); });
}

const char* metric_interval(Millis step_ms) {
  static const std::pair<Millis, const char*> kIntervals[] = {
      {60'000, "PT1M"},    {300'000, "PT5M"},    {900'000, "PT15M"},    {1'800'000, "PT30M"},
      {3'600'000, "PT1H"}, {21'600'000, "PT6H"}, {43'200'000, "PT12H"}, {86'400'000, "P1D"}};
  for (const auto& [ms, name] : kIntervals)
    if (step_ms <= ms) return name;
  return "P1D";
}

class AzureProvider final : public CloudProvider, public ResourceActions, public MetricsSource, public CostSource {
 public:
  ResourceActions* resource_actions() override { return this; }
  MetricsSource* metrics_source() override { return this; }
  CostSource* cost_source() override { return this; }
  std::string kind() const override { return "azure"; }
  AzureProvider(const ProviderAccount& account, common::HttpClient& http, const Clock& clock)
      : subscription_(account.credentials.value("subscriptionId", "")),
        endpoints_(account.settings.value("endpoints", json())),
        tokens_(http, clock, account.account_id, endpoints_.url_for("login", "https://login.microsoftonline.com"),
                {account.credentials.value("tenantId", ""), account.credentials.value("clientId", ""),
                 account.credentials.value("clientSecret", "")}),
        arm_(http, tokens_, account.account_id, endpoints_.url_for("management", kPublicManagementUrl)),
        metrics_tokens_(http, clock, account.account_id,
                        endpoints_.url_for("login", "https://login.microsoftonline.com"),
                        {account.credentials.value("tenantId", ""), account.credentials.value("clientId", ""),
                         account.credentials.value("clientSecret", "")},
                        TokenSource::kMetricsScope),
        http_(http),
        account_id_(account.account_id) {
    for (const auto& r : account.settings.value("regions", json::array())) regions_.push_back(r.get<std::string>());
  }

  ConnectionTest test_connection() override {
    ConnectionTest t;
    try {
      Subscription s = parse_subscription(arm_.call("GET", subscription_path() + "?api-version=" + kResourcesApi).body);
      t.valid = true;
      t.identity = {{"subscriptionId", s.subscription_id},
                    {"displayName", s.display_name},
                    {"tenantId", s.tenant_id},
                    {"state", s.state}};
      t.permissions.push_back("Microsoft.Resources/subscriptions/read");
    } catch (const ProviderError& e) {
      t.errors.push_back(explain_failure(e, "Azure refused the credentials"));
      return t;  // no token or no subscription: nothing else can work
    }
    probe(t, "Microsoft.Resources/subscriptions/locations/read", "", [&] {
      t.regions =
          regions_.empty()
              ? parse_locations(arm_.call("GET", subscription_path() + "/locations?api-version=" + kResourcesApi).body)
              : regions_;
    });
    for (const ArmKind& kind : kKinds)
      probe(t, kind.read_permission, service_of(kind), [&] { arm_.call("GET", list_path(kind)); });
    probe(t, "Microsoft.Insights/DiagnosticSettings/Read", "", [&] { arm_.call("GET", diagnostic_settings_path()); });
    probe(t, "Microsoft.KeyVault/vaults/read", "keyvault", [&] { arm_.call("GET", vaults_path()); });
    return t;
  }

  ResourcePage list_resources(const std::string& page_token, int) override {
    auto [step, link] = parse_page_token(page_token);
    ResourcePage page;
    std::string next_link;
    if (step == kSubscriptionStep)
      page.items.push_back(read_subscription());
    else if (step == kKeyVaultStep)
      next_link = append_vault_keys(link, page.items);
    else
      next_link = append_kind(step, link, page.items);
    if (!next_link.empty()) {
      arm_.resolve(next_link);  // a link we would refuse to follow fails now, not on the next page
      page.next_token = std::to_string(step) + "|" + next_link;
    } else if (step + 1 < kSteps) {
      page.next_token = std::to_string(step + 1);
    }
    return page;
  }

  std::optional<ResourceRecord> get_resource(const std::string& external_id) override {
    const ArmKind& kind = kind_of(external_id);
    std::string expand = &kind == &kKinds[kVm] ? "&$expand=instanceView" : "";
    common::HttpResponse r =
        arm_.call("GET", external_id + "?api-version=" + kind.api_version + expand, "", {200, 404});
    if (r.status == 404) return std::nullopt;
    return kind.map(parse_json(r.body, std::string("the ") + kind.type));
  }

  ResourceRecord create_resource(const NewResource&) override {
    throw UnsupportedOperation("azure provider: creating resources is not supported; create them in Azure and sync");
  }
  ResourceRecord update_resource(const std::string&, const ResourcePatch&) override {
    throw UnsupportedOperation("azure provider: updating resources is not supported");
  }

  ResourceRecord delete_resource(const std::string& external_id) override {
    const ArmKind& kind = kind_of(external_id);
    std::optional<ResourceRecord> current = get_resource(external_id);
    if (!current) throw ProviderError("ResourceNotFound", "Azure: the resource does not exist");
    // 202: ARM deletes asynchronously; the record is terminated from CloudWeave's point of view.
    arm_.call("DELETE", external_id + "?api-version=" + kind.api_version, "", {200, 202, 204});
    current->status = "terminated";
    return *current;
  }

  ResourceRecord run_action(const std::string& external_id, Action action) override {
    if (&kind_of(external_id) != &kKinds[kVm])
      throw UnsupportedOperation("azure provider: start/stop/reboot apply to virtual machines only");
    // Stop deallocates: a merely powered-off VM keeps its compute reservation and is still billed.
    const char* verb = action == Action::kStart ? "start" : action == Action::kStop ? "deallocate" : "restart";
    arm_.call("POST", external_id + "/" + verb + "?api-version=" + kKinds[kVm].api_version, "", {200, 202});
    std::optional<ResourceRecord> now = get_resource(external_id);
    if (!now) throw ProviderError("ResourceNotFound", "Azure: the virtual machine no longer exists");
    return *now;
  }

  // Azure Monitor is addressed by the ARM id, whatever the region.
  std::vector<MetricPoint> metrics(const std::string& external_id, const std::string& /*region*/,
                                   const std::string& metric, Millis from, Millis to, Millis step_ms) override {
    if (&kind_of(external_id) != &kKinds[kVm])
      throw UnsupportedOperation("azure provider: metrics are available for virtual machines only");
    auto m = vm_metric(metric);
    if (!m) throw UnsupportedOperation("azure provider: no Azure Monitor VM metric for " + metric);
    if (to < from) throw ProviderError("InvalidParameterValue", "metrics: `to` is before `from`");
    std::string query = "?api-version=" + std::string(kMetricsApi) + "&metricnames=" + percent_encode(m->azure_name) +
                        "&timespan=" + percent_encode(format_rfc3339(from) + "/" + format_rfc3339(to)) +
                        "&interval=" + metric_interval(step_ms) + "&aggregation=" + m->aggregation;
    common::HttpResponse r = arm_.call("GET", external_id + "/providers/Microsoft.Insights/metrics" + query);
    return parse_metrics(r.body, m->aggregation);
  }

  /// Collection: Azure Monitor's data plane reads one metric of up to 50 VMs of a region per
  /// metrics:getBatch call (its own token audience and a regional host). Requests without a
  /// region (never synced) are read one at a time.
  std::vector<Series> metrics_batch(const std::vector<Request>& requests, Millis from, Millis to,
                                    Millis step_ms) override {
    std::vector<Series> out(requests.size());
    std::map<std::pair<std::string, std::string>, std::vector<size_t>> groups;  // (region, metric)
    for (size_t i = 0; i < requests.size(); ++i) {
      const Request& r = requests[i];
      bool vm = false;
      try {
        vm = &kind_of(r.external_id) == &kKinds[kVm];
      } catch (const ProviderError&) {}
      if (!vm || !vm_metric(r.metric))
        out[i].unsupported = true;
      else if (!valid_region(r.region))
        out[i].points = metrics(r.external_id, r.region, r.metric, from, to, step_ms);
      else
        groups[{r.region, r.metric}].push_back(i);
    }
    if (to < from) throw ProviderError("InvalidParameterValue", "metrics: `to` is before `from`");
    for (const auto& [key, indexes] : groups) {
      const auto& [region, metric] = key;
      const VmMetric m = *vm_metric(metric);
      ArmClient monitor(http_, metrics_tokens_, account_id_,
                        endpoints_.url_for("metrics", "https://" + region + ".metrics.monitor.azure.com"));
      const std::string query = subscription_path() + "/metrics:getBatch?api-version=" + kMetricsBatchApi +
                                "&metricnamespace=" + percent_encode("Microsoft.Compute/virtualMachines") +
                                "&metricnames=" + percent_encode(m.azure_name) +
                                "&starttime=" + percent_encode(format_rfc3339(from)) +
                                "&endtime=" + percent_encode(format_rfc3339(to)) +
                                "&interval=" + metric_interval(step_ms) + "&aggregation=" + m.aggregation;
      for (size_t start = 0; start < indexes.size(); start += kMetricsBatchResources) {
        const size_t n = std::min(kMetricsBatchResources, indexes.size() - start);
        json ids = json::array();
        for (size_t k = 0; k < n; ++k) ids.push_back(requests[indexes[start + k]].external_id);
        auto by_id =
            parse_metrics_batch(monitor.call("POST", query, json{{"resourceids", ids}}.dump()).body, m.aggregation);
        for (size_t k = 0; k < n; ++k) {
          std::string id = requests[indexes[start + k]].external_id;
          std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return std::tolower(c); });
          auto it = by_id.find(id);
          if (it != by_id.end()) out[indexes[start + k]].points = std::move(it->second);
        }
      }
    }
    return out;
  }

  std::vector<CostLine> costs(const std::string& from_date, const std::string& to_date) override {
    if (!valid_date(from_date) || !valid_date(to_date) || to_date < from_date)
      throw ProviderError("InvalidParameterValue", "costs: dates must be YYYY-MM-DD with from <= to");
    json query = {{"type", "ActualCost"},
                  {"timeframe", "Custom"},
                  {"timePeriod", {{"from", from_date + "T00:00:00Z"}, {"to", to_date + "T23:59:59Z"}}},
                  {"dataset",
                   {{"granularity", "Daily"},
                    {"aggregation", {{"totalCost", {{"name", "Cost"}, {"function", "Sum"}}}}},
                    {"grouping", json::array({{{"type", "Dimension"}, {"name", "ServiceName"}}})}}}};
    const std::string first = subscription_path() + "/providers/Microsoft.CostManagement/query?api-version=" + kCostApi;
    const std::string body = query.dump();  // every page is asked with the same query
    std::vector<CostLine> lines;
    common::follow_pages("the cost query", [&](const std::string& next_link) {
      CostQueryPage page = parse_cost_query(arm_.call("POST", next_link.empty() ? first : next_link, body).body);
      for (CostLine& line : page.lines) {
        if (!page.has_date) {
          // Without a UsageDate column the rows are totals of the period: only a one-day period
          // tells us their day.
          if (from_date != to_date)
            throw ProviderError("InvalidResponse", "unexpected Azure answer: a daily cost query without UsageDate");
          line.date = from_date;
        }
        lines.push_back(std::move(line));
      }
      return page.next_link;
    });
    return lines;
  }

 private:
  std::string subscription_path() const { return "/subscriptions/" + subscription_; }

  std::string list_path(const ArmKind& kind) const {
    return subscription_path() + "/providers/" + kind.type + "?api-version=" + kind.api_version + kind.list_options;
  }
  std::string diagnostic_settings_path() const {
    return subscription_path() +
           "/providers/Microsoft.Insights/diagnosticSettings?api-version=" + kDiagnosticSettingsApi;
  }
  std::string vaults_path() const {
    return subscription_path() + "/providers/Microsoft.KeyVault/vaults?api-version=" + kKeyVaultApi;
  }

  /// One page of a listed kind into `out` (SQL servers with their databases); its nextLink.
  std::string append_kind(size_t kind_index, const std::string& link, std::vector<ResourceRecord>& out) {
    const ArmKind& kind = kKinds[kind_index];
    ArmPage arm = parse_arm_page(arm_.call("GET", link.empty() ? list_path(kind) : link).body,
                                 std::string("the ") + kind.type + " list");
    for (const json& item : arm.items) {
      ResourceRecord rec = kind.map(item);
      if (!in_regions(rec.region)) continue;
      out.push_back(std::move(rec));
      if (kind_index == kSqlServer) append_databases(out.back().external_id, out);
    }
    return arm.next_link;
  }

  /// The subscription's account record. Reads the credentials may not do (403) leave facts
  /// unknown: without the subscription read the record is named by its id, without the
  /// diagnostic settings read trailEnabled is unknown.
  ResourceRecord read_subscription() {
    common::HttpResponse s = arm_.call("GET", subscription_path() + "?api-version=" + kResourcesApi, "", {200, 403});
    json subscription =
        s.status == 403 ? json{{"subscriptionId", subscription_}} : parse_json(s.body, "the subscription");
    std::optional<bool> trail_enabled;
    common::HttpResponse d = arm_.call("GET", diagnostic_settings_path(), "", {200, 403});
    if (d.status == 200) trail_enabled = activity_log_exported(d.body);
    return subscription_record(subscription, trail_enabled);
  }

  /// One page of the subscription's vaults: every key of each vault in the regions into `out`;
  /// the vaults' nextLink. A vault list the credentials may not read (403) lists no keys.
  std::string append_vault_keys(const std::string& link, std::vector<ResourceRecord>& out) {
    common::HttpResponse r = arm_.call("GET", link.empty() ? vaults_path() : link, "", {200, 403});
    if (r.status == 403) return "";
    ArmPage vaults = parse_arm_page(r.body, "the key vaults list");
    for (const json& item : vaults.items) {
      Vault vault = parse_vault(item);
      if (in_regions(vault.location)) append_keys(vault, out);
    }
    return vaults.next_link;
  }

  /// Every key of one vault, every page. The list leaves out kty and rotationPolicy, so each key
  /// is read on its own (the ARM GET has them); a key the credentials may not read keeps what the
  /// list says with rotation unknown, a key deleted in between is left out. A vault whose keys
  /// may not be listed (a deny assignment on it) or deleted since the vault list contributes none.
  void append_keys(const Vault& vault, std::vector<ResourceRecord>& out) {
    const std::string first = vault.id + "/keys?api-version=" + kKeyVaultApi;
    common::follow_pages("the keys list of vault " + vault.name, [&](const std::string& next_link) {
      common::HttpResponse r = arm_.call("GET", next_link.empty() ? first : next_link, "", {200, 403, 404});
      if (r.status != 200) return std::string();
      ArmPage page = parse_arm_page(r.body, "the Key Vault keys list");
      for (const json& item : page.items) {
        ResourceRecord listed = key_vault_key_record(item, vault, false);  // checks the id before we follow it
        common::HttpResponse key =
            arm_.call("GET", listed.external_id + "?api-version=" + kKeyVaultApi, "", {200, 403, 404});
        if (key.status == 404) continue;
        out.push_back(key.status == 403 ? std::move(listed)
                                        : key_vault_key_record(parse_json(key.body, "a Key Vault key"), vault, true));
      }
      return page.next_link;
    });
  }

  static std::string service_of(const ArmKind& kind) {
    std::string type = kind.type;
    return lower(type.substr(type.find('.') + 1, type.find('/') - type.find('.') - 1));  // "compute", "sql"…
  }

  bool in_regions(const std::string& region) const {
    if (regions_.empty()) return true;
    return std::any_of(regions_.begin(), regions_.end(),
                       [&](const std::string& r) { return region_key(r) == region_key(region); });
  }

  /// Runs one permission probe: success confirms `permission`, 403 lists it as a limitation.
  template <typename F>
  void probe(ConnectionTest& t, const std::string& permission, const std::string& service, F&& read) {
    try {
      read();
      t.permissions.push_back(permission);
      if (!service.empty() && std::find(t.services.begin(), t.services.end(), service) == t.services.end())
        t.services.push_back(service);
    } catch (const ProviderError& e) {
      if (e.code().find("AuthorizationFailed") != std::string::npos || e.code() == "Forbidden")
        t.limitations.push_back(permission);
      else
        t.errors.push_back(explain_failure(e, "Azure refused " + permission));
    }
  }

  /// All databases of one SQL server, every page (they belong to the server's page).
  void append_databases(const std::string& server_id, std::vector<ResourceRecord>& out) {
    const std::string first = server_id + "/databases?api-version=" + kSqlDatabase.api_version;
    common::follow_pages("the SQL databases list", [&](const std::string& next_link) {
      ArmPage page =
          parse_arm_page(arm_.call("GET", next_link.empty() ? first : next_link).body, "the SQL databases list");
      for (const json& db : page.items)
        if (!is_system_database(db)) out.push_back(sql_database_record(db));
      return page.next_link;
    });
  }

  std::pair<size_t, std::string> parse_page_token(const std::string& token) const {
    if (token.empty()) return {0, ""};
    size_t bar = token.find('|');
    std::string index = token.substr(0, bar);
    if (index.size() > 2 || !all_digits(index) || std::stoul(index) >= kSteps ||
        (bar != std::string::npos && (bar + 1 == token.size() || std::stoul(index) == kSubscriptionStep)))
      throw ProviderError("InvalidParameterValue", "bad page token");
    std::string link = bar == std::string::npos ? "" : token.substr(bar + 1);
    if (!link.empty()) arm_.resolve(link);  // a token must not send our bearer token elsewhere
    return {std::stoul(index), link};
  }

  /// The kind of an ARM id of this subscription; anything else is refused before a request.
  const ArmKind& kind_of(const std::string& id) const {
    std::string prefix = lower(subscription_path() + "/resourcegroups/");
    bool ours = lower(id).rfind(prefix, 0) == 0 && id.find_first_of("?#% \t\r\n") == std::string::npos &&
                id.find("..") == std::string::npos && id.back() != '/';
    if (ours) {
      std::string l = lower(id);
      auto segment_count_after = [&](const std::string& type) -> int {
        size_t at = l.find("/providers/" + lower(type) + "/");
        if (at == std::string::npos) return -1;
        std::string rest = l.substr(at + 11 + type.size() + 1);
        return static_cast<int>(std::count(rest.begin(), rest.end(), '/'));
      };
      if (segment_count_after("Microsoft.Sql/servers") == 2 && l.find("/databases/") != std::string::npos)
        return kSqlDatabase;
      for (const ArmKind& kind : kKinds)
        if (segment_count_after(kind.type) == 0) return kind;
    }
    throw ProviderError("InvalidParameterValue",
                        "not an id of a supported Azure resource in subscription " + subscription_ + ": " + id);
  }

  std::string subscription_;
  common::Endpoints endpoints_;
  TokenSource tokens_;
  ArmClient arm_;
  TokenSource metrics_tokens_;  // Azure Monitor's data plane has an audience of its own
  common::HttpClient& http_;
  std::string account_id_;
  std::vector<std::string> regions_;
};

}  // namespace

std::map<std::string, std::string> validate_credentials(const json& c) {
  if (!c.is_object()) return {{"credentials", "must be an object"}};
  std::map<std::string, std::string> problems;
  static const std::vector<std::string> kGuids = {"tenantId", "clientId", "subscriptionId"};
  for (const auto& k : kGuids)
    if (!c.contains(k) || !is_guid(c[k]))
      problems[k] = "is required (a GUID like 00000000-0000-0000-0000-000000000000)";
  if (!c.contains("clientSecret") || !c["clientSecret"].is_string() ||
      c["clientSecret"].get_ref<const std::string&>().empty())
    problems["clientSecret"] = "is required (a non-empty string)";
  for (const auto& [k, v] : c.items())
    if (k != "clientSecret" && std::find(kGuids.begin(), kGuids.end(), k) == kGuids.end())
      problems[k] = "is not a known field";
  return problems;
}

ProviderKind azure_kind(common::HttpClient& http) {
  ProviderKind kind;
  kind.name = "azure";
  kind.validate = [](const json& credentials, const json&) { return validate_credentials(credentials); };
  kind.create = [&http](const ProviderAccount& account, ProviderDeps deps) -> std::unique_ptr<CloudProvider> {
    if (auto problems = validate_credentials(account.credentials); !problems.empty())
      throw ProviderError("InvalidParameterValue",
                          "Invalid Azure credentials: " + problems.begin()->first + " " + problems.begin()->second);
    std::string endpoint_problem = common::validate_endpoints(account.settings.value("endpoints", json()));
    if (!endpoint_problem.empty()) throw ProviderError("InvalidParameterValue", "endpoints: " + endpoint_problem);
    const json regions = account.settings.value("regions", json::array());
    if (!regions.is_array() ||
        !std::all_of(regions.begin(), regions.end(), [](const json& r) { return r.is_string(); }))
      throw ProviderError("InvalidParameterValue", "regions: must be an array of Azure region names");
    return std::make_unique<AzureProvider>(account, http, deps.clock);
  };
  // Start, stop and reboot are implemented for virtual machines only (run_action).
  kind.actions = [](std::string_view type) {
    return type == "server" ? std::vector<std::string>{"start", "stop", "reboot"} : std::vector<std::string>{};
  };
  return kind;
}

}  // namespace cw::providers::azure
