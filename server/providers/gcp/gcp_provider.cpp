#include "providers/gcp/gcp_provider.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include "providers/common/paging.hpp"
#include "providers/common/percent_encoding.hpp"
#include "providers/gcp/access_token.hpp"
#include "providers/gcp/billing_export.hpp"
#include "providers/gcp/json_responses.hpp"
#include "providers/gcp/resource_id.hpp"
#include "providers/gcp/security_scope.hpp"
#include "providers/gcp/service_account.hpp"

namespace cw::providers::gcp {
namespace {

using common::HttpClient;
using common::HttpRequest;
using common::HttpResponse;

using nlohmann::json;

/// How long one jobs.query / getQueryResults call asks BigQuery to wait for the query (it answers
/// jobComplete: false after that), how many such waits a collection allows, and the rows per page.
constexpr int kQueryWaitMs = 10'000;
constexpr int kMaxQueryWaits = 30;
constexpr int kQueryPageRows = 10'000;

/// The phases of a full listing, in order; the page cursor is "<phase>:<Google pageToken>" (for
/// crypto keys the reader's own cursor). The last three are the project's security scope.
enum Phase {
  kInstances = 0,
  kDisks = 1,
  kFirewalls = 2,
  kBuckets = 3,
  kProject = 4,
  kServiceAccounts = 5,
  kCryptoKeys = 6,
  kPhaseCount = 7
};

using common::percent_encode;

/// "https://oauth2.googleapis.com/token" → "/token" (kept when only the host is overridden).
std::string path_of(const std::string& url) {
  size_t scheme = url.find("://");
  size_t slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  return slash == std::string::npos ? "" : url.substr(slash);
}

/// A Cloud Monitoring metric and how to align it into one value per step.
struct MetricSource {
  const char* type;
  const char* aligner;  // GAUGE → mean; DELTA byte counters → sum per step
  const char* reducer;  // several series (per disk device, …) → one
  double scale;
};

std::optional<MetricSource> metric_source(const std::string& metric) {
  if (metric == "cpu_utilization")  // a 0..1 ratio
    return MetricSource{"compute.googleapis.com/instance/cpu/utilization", "ALIGN_MEAN", "REDUCE_MEAN", 100};
  if (metric == "memory_utilization")  // reported only where the Ops Agent runs; already a percent
    return MetricSource{"agent.googleapis.com/memory/percent_used", "ALIGN_MEAN", "REDUCE_MEAN", 1};
  if (metric == "network_in_bytes")
    return MetricSource{"compute.googleapis.com/instance/network/received_bytes_count", "ALIGN_SUM", "REDUCE_SUM", 1};
  if (metric == "network_out_bytes")
    return MetricSource{"compute.googleapis.com/instance/network/sent_bytes_count", "ALIGN_SUM", "REDUCE_SUM", 1};
  if (metric == "disk_read_bytes")
    return MetricSource{"compute.googleapis.com/instance/disk/read_bytes_count", "ALIGN_SUM", "REDUCE_SUM", 1};
  if (metric == "disk_write_bytes")
    return MetricSource{"compute.googleapis.com/instance/disk/write_bytes_count", "ALIGN_SUM", "REDUCE_SUM", 1};
  return std::nullopt;
}

bool valid_date(const std::string& d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(d[i]))) return false;
  return true;
}

class GcpProvider final : public CloudProvider, public ResourceActions, public MetricsSource, public CostSource {
 public:
  ResourceActions* resource_actions() override { return this; }
  MetricsSource* metrics_source() override { return this; }
  // Costs exist only in the BigQuery billing export, so only when the account names its table.
  CostSource* cost_source() override { return billing_table_ ? this : nullptr; }
  std::string kind() const override { return "gcp"; }
  GcpProvider(const ProviderAccount& account, ProviderDeps deps, HttpClient& http)
      : account_id_(account.account_id),
        clock_(deps.clock),
        http_(http),
        endpoints_(account.settings.value("endpoints", nlohmann::json())),
        key_(parse_service_account(account.credentials)),
        tokens_(key_,
                endpoints_.overridden("oauth2") ? endpoints_.url_for("oauth2", "") + path_of(key_.token_uri)
                                                : key_.token_uri,
                account_id_, http_, clock_) {
    for (const auto& r : account.settings.value("regions", nlohmann::json::array())) regions_.push_back(r);
    compute_ = endpoints_.url_for("compute", "https://compute.googleapis.com") + "/compute/v1/";
    storage_ = endpoints_.url_for("storage", "https://storage.googleapis.com") + "/storage/v1/";
    monitoring_ = endpoints_.url_for("monitoring", "https://monitoring.googleapis.com") + "/v3/";
    resource_manager_ = endpoints_.url_for("resourcemanager", "https://cloudresourcemanager.googleapis.com") + "/v1/";
    bigquery_ = endpoints_.url_for("bigquery", "https://bigquery.googleapis.com") + "/bigquery/v2/";
    project_path_ = "projects/" + percent_encode(key_.project_id);
    security_ = std::make_unique<SecurityScopeReader>(
        SecurityScopeReader::Settings{
            key_.project_id, resource_manager_, endpoints_.url_for("iam", "https://iam.googleapis.com") + "/v1/",
            endpoints_.url_for("cloudkms", "https://cloudkms.googleapis.com") + "/v1/", regions_},
        clock_, [this](const std::string& method, const std::string& url, const std::string& body) {
          return send(method, url, body);
        });
    if (auto table = account.settings.find("billingExportTable");
        table != account.settings.end() && table->is_string() && !table->get<std::string>().empty())
      billing_table_ = parse_billing_export_table(table->get<std::string>());  // validated by create()
  }

  ConnectionTest test_connection() override {
    ConnectionTest t;
    try {
      tokens_.token();
    } catch (const ProviderError& e) {
      t.errors.push_back(explain_failure(e, "Google refused the service-account key"));
      return t;
    }
    t.valid = true;  // Google accepted the signed assertion: the key is live
    t.identity = {{"projectId", key_.project_id}, {"serviceAccount", key_.client_email}};
    probe(t, "resourcemanager.projects.get", "", resource_manager_ + project_path_, [&](const HttpResponse& r) {
      ProjectInfo p = parse_project(r.body);
      t.identity["projectNumber"] = p.project_number;
      t.identity["projectName"] = p.name;
    });
    probe(t, "compute.regions.list", "compute", compute_ + project_path_ + "/regions", [&](const HttpResponse& r) {
      std::vector<std::string> available = parse_region_names(r.body);
      for (const auto& name : available)
        if (regions_.empty() || std::count(regions_.begin(), regions_.end(), name)) t.regions.push_back(name);
      for (const auto& name : regions_)
        if (!std::count(available.begin(), available.end(), name))
          t.limitations.push_back("region " + name + " is not available to the project");
    });
    // Cheap reads of every service the inventory and metrics use.
    probe(t, "compute.instances.list", "compute", list_url(kInstances, "", 1), nullptr);
    probe(t, "compute.disks.list", "compute", list_url(kDisks, "", 1), nullptr);
    probe(t, "compute.firewalls.list", "compute", list_url(kFirewalls, "", 1), nullptr);
    probe(t, "storage.buckets.list", "storage", list_url(kBuckets, "", 1), nullptr);
    // The security scope: audit-log configuration, service accounts and their keys, KMS keys.
    probe(t, "resourcemanager.projects.getIamPolicy", "", security_->iam_policy_url(), nullptr, "POST",
          SecurityScopeReader::kGetIamPolicyBody);
    probe(t, "iam.serviceAccounts.list", "iam", security_->service_accounts_url("", 1), nullptr);
    probe(t, "cloudkms.keyRings.list", "kms", security_->key_rings_url("global", "", 1), nullptr);
    Millis now = clock_.now_ms();
    probe(t, "monitoring.timeSeries.list", "monitoring",
          time_series_url("metric.type=\"compute.googleapis.com/instance/cpu/utilization\"", now - 300'000, now, "300s",
                          "ALIGN_MEAN", "REDUCE_MEAN", ""),
          nullptr);
    if (billing_table_)  // the export's dataset must be readable (the query also needs bigquery.jobs.create)
      probe(t, "bigquery.tables.get", "bigquery",
            bigquery_ + "projects/" + percent_encode(billing_table_->project) + "/datasets/" +
                percent_encode(billing_table_->dataset) + "/tables/" + percent_encode(billing_table_->table),
            nullptr);
    return t;
  }

  ResourcePage list_resources(const std::string& page_token, int page_size) override {
    int phase = kInstances;
    std::string token;
    if (!page_token.empty()) {
      size_t colon = page_token.find(':');
      if (colon != 1 || page_token[0] < '0' || page_token[0] >= '0' + kPhaseCount)
        throw ProviderError("InvalidParameterValue", "bad page token");
      phase = page_token[0] - '0';
      token = page_token.substr(2);
    }
    RecordPage page = read_page(phase, token, page_size);
    ResourcePage out;
    for (auto& rec : page.items) {
      if (!in_regions(rec)) continue;
      if (phase == kBuckets) add_bucket_policy(rec);
      out.items.push_back(std::move(rec));
    }
    if (!page.next_page_token.empty())
      out.next_token = std::to_string(phase) + ":" + page.next_page_token;
    else if (phase + 1 < kPhaseCount)
      out.next_token = std::to_string(phase + 1) + ":";
    return out;
  }

  std::optional<ResourceRecord> get_resource(const std::string& external_id) override {
    ResourceId id = parse_id(external_id);
    HttpResponse r = send("GET", resource_url(id));
    if (r.status == 404) return std::nullopt;
    if (r.status < 200 || r.status >= 300) throw error_from_response(r.status, r.body);
    switch (id.kind) {
      case ResourceId::Kind::kInstance:
        return parse_instance(r.body);
      case ResourceId::Kind::kDisk:
        return parse_disk(r.body);
      case ResourceId::Kind::kFirewall:
        return parse_firewall(r.body);
      case ResourceId::Kind::kBucket: {
        ResourceRecord rec = parse_bucket(r.body);
        add_bucket_policy(rec);
        return rec;
      }
    }
    return std::nullopt;
  }

  // Daily lines from the billing export: one jobs.query (the job runs in the key's project, the
  // table may live in another), waiting through getQueryResults while jobComplete is false, then
  // following pageToken. Every page is parsed whole before its lines count.
  std::vector<CostLine> costs(const std::string& from_date, const std::string& to_date) override {
    if (!valid_date(from_date) || !valid_date(to_date) || to_date < from_date)
      throw ProviderError("InvalidParameterValue", "costs: dates must be YYYY-MM-DD with from <= to");
    auto date_parameter = [](const char* name, const std::string& value) {
      return json{{"name", name}, {"parameterType", {{"type", "DATE"}}}, {"parameterValue", {{"value", value}}}};
    };
    json request = {
        {"query", billing_export_query(*billing_table_)},
        {"useLegacySql", false},
        {"parameterMode", "NAMED"},
        {"queryParameters", json::array({date_parameter("from_date", from_date), date_parameter("to_date", to_date)})},
        {"timeoutMs", kQueryWaitMs},
        {"maxResults", kQueryPageRows}};
    QueryResultPage first =
        parse_query_response(call("POST", bigquery_ + project_path_ + "/queries", request.dump()).body);
    const std::string job_id = first.job_id, location = first.location;
    auto results = [&](const std::string& token) {
      if (job_id.empty())
        throw ProviderError("InvalidResponse",
                            "unexpected answer from BigQuery: a paged answer without jobReference.jobId");
      std::string url = bigquery_ + project_path_ + "/queries/" + percent_encode(job_id) +
                        "?timeoutMs=" + std::to_string(kQueryWaitMs) + "&maxResults=" + std::to_string(kQueryPageRows);
      if (!location.empty()) url += "&location=" + percent_encode(location);
      if (!token.empty()) url += "&pageToken=" + percent_encode(token);
      return parse_query_response(call("GET", url).body);
    };
    std::vector<CostLine> lines;
    common::follow_pages("the billing export query", [&](const std::string& token) {
      QueryResultPage page = token.empty() ? std::move(first) : results(token);
      for (int waits = 0; !page.complete; ++waits) {
        if (waits == kMaxQueryWaits)
          throw ProviderError("QueryTimeout",
                              "the BigQuery billing export query (job " + job_id + ") is still running after " +
                                  std::to_string(kMaxQueryWaits * kQueryWaitMs / 1000) + " s",
                              true);
        page = results(token);
      }
      std::vector<CostLine> page_lines = billing_export_cost_lines(page);
      lines.insert(lines.end(), std::make_move_iterator(page_lines.begin()), std::make_move_iterator(page_lines.end()));
      return page.page_token;
    });
    return lines;
  }

  ResourceRecord create_resource(const NewResource&) override {
    throw UnsupportedOperation("creating GCP resources from CloudWeave is not supported yet");
  }
  ResourceRecord update_resource(const std::string&, const ResourcePatch&) override {
    throw UnsupportedOperation("updating GCP resources from CloudWeave is not supported yet");
  }

  ResourceRecord delete_resource(const std::string& external_id) override {
    ResourceRecord rec = existing_instance(external_id, "delete");
    call("DELETE", resource_url(parse_id(external_id)));  // answers a long-running Operation
    rec.status = "terminated";
    return rec;
  }

  ResourceRecord run_action(const std::string& external_id, Action action) override {
    ResourceRecord rec = existing_instance(external_id, "start, stop or reboot");
    const char* verb = action == Action::kStart ? "start" : action == Action::kStop ? "stop" : "reset";
    call("POST", resource_url(parse_id(external_id)) + "/" + verb);
    // What the VM goes through next: start → STAGING, stop → STOPPING, reset keeps it RUNNING.
    rec.status = action == Action::kStart ? "provisioning" : action == Action::kStop ? "stopped" : "running";
    return rec;
  }

  // The zone is part of the external id, so the synced region adds nothing.
  std::vector<MetricPoint> metrics(const std::string& external_id, const std::string& /*region*/,
                                   const std::string& metric, Millis from, Millis to, Millis step_ms) override {
    auto source = metric_source(metric);
    if (!source) throw UnsupportedOperation("metric " + metric + " is not available for GCP instances");
    ResourceId id = parse_id(external_id);
    if (id.kind != ResourceId::Kind::kInstance)
      throw UnsupportedOperation("GCP metrics are read for Compute Engine instances only");
    if (to < from) throw ProviderError("InvalidParameterValue", "metrics: `to` is before `from`");
    // Cloud Monitoring labels instances by their numeric id, which the name-based id lacks.
    std::string instance_id = parse_instance_id(call("GET", resource_url(id)).body);
    std::string filter =
        "metric.type=\"" + std::string(source->type) + "\" AND resource.labels.instance_id=\"" + instance_id + "\"";
    std::string period = std::to_string(std::max<Millis>(60, step_ms / 1000)) + "s";
    std::vector<MetricPoint> points;
    common::follow_pages("timeSeries.list", [&](const std::string& token) {
      TimeSeriesPage page = parse_time_series(
          call("GET", time_series_url(filter, from, to, period, source->aligner, source->reducer, token)).body,
          source->scale);
      points.insert(points.end(), page.points.begin(), page.points.end());
      return page.next_page_token;
    });
    std::sort(points.begin(), points.end(),
              [](const MetricPoint& a, const MetricPoint& b) { return a.timestamp < b.timestamp; });
    return points;
  }

  /// Collection: instances of one zone and metric in one timeSeries.list (following pages),
  /// selected by name and grouped per instance — no instances.get per instance, as metrics()
  /// needs for the numeric id.
  std::vector<Series> metrics_batch(const std::vector<Request>& requests, Millis from, Millis to,
                                    Millis step_ms) override {
    std::vector<Series> out(requests.size());
    std::map<std::pair<std::string, std::string>, std::vector<std::pair<size_t, std::string>>> groups;
    for (size_t i = 0; i < requests.size(); ++i) {
      auto id = parse_resource_id(requests[i].external_id);
      if (!id || id->kind != ResourceId::Kind::kInstance || id->project != key_.project_id ||
          !metric_source(requests[i].metric))
        out[i].unsupported = true;
      else
        groups[{requests[i].metric, id->location}].emplace_back(i, id->name);
    }
    if (to < from) throw ProviderError("InvalidParameterValue", "metrics: `to` is before `from`");
    const std::string period = std::to_string(std::max<Millis>(60, step_ms / 1000)) + "s";
    for (const auto& [key, members] : groups) {
      const auto& [metric, zone] = key;
      const MetricSource source = *metric_source(metric);
      for (size_t start = 0; start < members.size(); start += kInstancesPerSeriesQuery) {
        const size_t n = std::min(kInstancesPerSeriesQuery, members.size() - start);
        std::string names;
        for (size_t k = 0; k < n; ++k) names += (k ? ",\"" : "\"") + members[start + k].second + "\"";
        // Names and zones come from parsed ids: lowercase letters, digits and '-' only.
        const std::string filter = "metric.type=\"" + std::string(source.type) + "\" AND resource.labels.zone=\"" +
                                   zone + "\" AND metric.labels.instance_name=one_of(" + names + ")";
        std::map<std::string, std::vector<MetricPoint>> by_name;
        common::follow_pages("timeSeries.list", [&](const std::string& token) {
          LabelledSeriesPage page = parse_time_series_by(
              call("GET", time_series_url(filter, from, to, period, source.aligner, source.reducer, token) +
                              "&aggregation.groupByFields=metric.labels.instance_name")
                  .body,
              "instance_name", source.scale);
          for (auto& [name, points] : page.series) {
            auto& all = by_name[name];
            all.insert(all.end(), points.begin(), points.end());
          }
          return page.next_page_token;
        });
        for (size_t k = 0; k < n; ++k) {
          auto& points = by_name[members[start + k].second];
          std::sort(points.begin(), points.end(),
                    [](const MetricPoint& a, const MetricPoint& b) { return a.timestamp < b.timestamp; });
          out[members[start + k].first].points = std::move(points);
        }
      }
    }
    return out;
  }

 private:
  /// `policyPublic`: whether the bucket's IAM policy grants allUsers or allAuthenticatedUsers
  /// (the listing does not show bindings); unknown when the key may not read the policy.
  void add_bucket_policy(ResourceRecord& rec) {
    HttpResponse r = send("GET", storage_ + "b/" + percent_encode(rec.name) + "/iam");
    if (r.status == 403) {
      json unknown = rec.posture.value("unknown", json::array());
      unknown.push_back("policyPublic");
      rec.posture["unknown"] = unknown;
      return;
    }
    if (r.status < 200 || r.status >= 300) throw error_from_response(r.status, r.body);
    rec.posture["policyPublic"] = iam_policy_is_public(r.body);
  }

  /// One page of a phase of the listing, with the cloud's own next token.
  RecordPage read_page(int phase, const std::string& token, int page_size) {
    switch (phase) {
      case kProject:
        return RecordPage{{security_->project()}, ""};
      case kServiceAccounts:
        return security_->service_accounts(token, page_size);
      case kCryptoKeys:
        return security_->crypto_keys(token, page_size);
      default:
        break;
    }
    HttpResponse r = call("GET", list_url(phase, token, std::clamp(page_size, 1, 500)));
    return phase == kInstances   ? parse_instance_aggregated_list(r.body)
           : phase == kDisks     ? parse_disk_aggregated_list(r.body)
           : phase == kFirewalls ? parse_firewall_list(r.body)
                                 : parse_bucket_list(r.body);
  }

  /// Instances named in one timeSeries.list filter (the filter stays well under its length limit).
  static constexpr size_t kInstancesPerSeriesQuery = 100;

  /// One authorised request (a JSON `body` when not empty); a 401 (token revoked or expired early)
  /// refreshes the token once.
  HttpResponse send(const std::string& method, const std::string& url, const std::string& body = {}) {
    for (int attempt = 0;; ++attempt) {
      std::string token = tokens_.token();
      HttpRequest req{.method = method, .url = url, .headers = {{"Authorization", "Bearer " + token}}, .body = body};
      if (!body.empty()) req.headers.emplace_back("Content-Type", "application/json");
      HttpResponse r = http_.send(account_id_, req);
      if (r.status == 401 && attempt == 0) {
        tokens_.invalidate(token);
        continue;
      }
      return r;
    }
  }

  HttpResponse call(const std::string& method, const std::string& url, const std::string& body = {}) {
    HttpResponse r = send(method, url, body);
    if (r.status < 200 || r.status >= 300) throw error_from_response(r.status, r.body);
    return r;
  }

  /// One cheap read for test_connection: 403 → a missing permission, success → confirmed.
  void probe(ConnectionTest& t, const std::string& permission, const std::string& service, const std::string& url,
             const std::function<void(const HttpResponse&)>& on_success, const std::string& method = "GET",
             const std::string& body = {}) {
    try {
      HttpResponse r = send(method, url, body);
      if (r.status == 403) {
        t.limitations.push_back(permission);
        return;
      }
      if (r.status < 200 || r.status >= 300) throw error_from_response(r.status, r.body);
      if (on_success) on_success(r);
      t.permissions.push_back(permission);
      if (!service.empty() && !std::count(t.services.begin(), t.services.end(), service)) t.services.push_back(service);
    } catch (const ProviderError& e) { t.errors.push_back(explain_failure(e, "Google refused " + permission)); }
  }

  std::string list_url(int phase, const std::string& token, int max_results) const {
    std::string q = "maxResults=" + std::to_string(max_results);
    if (!token.empty()) q += "&pageToken=" + percent_encode(token);
    switch (phase) {
      case kInstances:
        return compute_ + project_path_ + "/aggregated/instances?" + q;
      case kDisks:
        return compute_ + project_path_ + "/aggregated/disks?" + q;
      case kFirewalls:
        return compute_ + project_path_ + "/global/firewalls?" + q;
      default:
        return storage_ + "b?project=" + percent_encode(key_.project_id) + "&" + q;
    }
  }

  std::string time_series_url(const std::string& filter, Millis from, Millis to, const std::string& period,
                              const char* aligner, const char* reducer, const std::string& token) const {
    std::string url = monitoring_ + project_path_ + "/timeSeries?filter=" + percent_encode(filter) +
                      "&interval.startTime=" + percent_encode(format_rfc3339(from)) +
                      "&interval.endTime=" + percent_encode(format_rfc3339(to)) +
                      "&aggregation.alignmentPeriod=" + period + "&aggregation.perSeriesAligner=" + aligner +
                      "&aggregation.crossSeriesReducer=" + reducer;
    if (!token.empty()) url += "&pageToken=" + percent_encode(token);
    return url;
  }

  std::string resource_url(const ResourceId& id) const {
    return id.kind == ResourceId::Kind::kBucket ? storage_ + "b/" + id.name : compute_ + id.path;
  }

  ResourceId parse_id(const std::string& external_id) const {
    auto id = parse_resource_id(external_id);
    if (!id) throw ProviderError("InvalidParameterValue", "not a GCP resource id: " + external_id);
    if (id->kind != ResourceId::Kind::kBucket && id->project != key_.project_id)
      throw ProviderError("InvalidParameterValue", "resource " + external_id + " is not in project " + key_.project_id);
    return *id;
  }

  ResourceRecord existing_instance(const std::string& external_id, const char* what) {
    if (parse_id(external_id).kind != ResourceId::Kind::kInstance)
      throw UnsupportedOperation(std::string("the gcp provider can ") + what + " Compute Engine instances only");
    auto rec = get_resource(external_id);
    if (!rec) throw ProviderError("NotFound", "instance " + external_id + " does not exist");
    return *rec;
  }

  bool in_regions(const ResourceRecord& r) const {
    if (regions_.empty() || r.region == "global" || r.spec.value("kind", "") == "bucket") return true;
    return std::count(regions_.begin(), regions_.end(), r.region) > 0;
  }

  std::string account_id_;
  const Clock& clock_;
  HttpClient& http_;
  common::Endpoints endpoints_;
  ServiceAccountKey key_;
  AccessTokenSource tokens_;  // after key_: it keeps a reference
  std::vector<std::string> regions_;
  std::string compute_, storage_, monitoring_, resource_manager_, bigquery_, project_path_;
  std::optional<BillingExportTable> billing_table_;
  std::unique_ptr<SecurityScopeReader> security_;  // calls send(): built last, in the constructor
};

/// The settings' problems as field → reason (empty when valid). `billingExportTable` may be absent,
/// null or "" (no costs); otherwise it must name a billing export table.
std::map<std::string, std::string> settings_problems(const nlohmann::json& settings) {
  if (!settings.is_object()) return {{"settings", "must be an object"}};
  std::map<std::string, std::string> problems;
  if (settings.contains("regions")) {
    const auto& r = settings["regions"];
    if (!r.is_array() || !std::all_of(r.begin(), r.end(), [](const auto& v) { return v.is_string(); }))
      problems["regions"] = "must be an array of region names";
  }
  if (std::string e = common::validate_endpoints(settings.value("endpoints", nlohmann::json())); !e.empty())
    problems["endpoints"] = e;
  if (auto t = settings.find("billingExportTable"); t != settings.end() && !t->is_null()) {
    std::string why;
    if (!t->is_string())
      problems["billingExportTable"] = "must be a string";
    else if (!t->get<std::string>().empty() && !parse_billing_export_table(t->get<std::string>(), &why))
      problems["billingExportTable"] = why;
  }
  return problems;
}

std::string validate_settings(const nlohmann::json& settings) {
  std::string message;
  for (const auto& [field, reason] : settings_problems(settings))
    message += (message.empty() ? "" : "; ") + field + " " + reason;
  return message;
}

}  // namespace

ProviderKind gcp_kind(common::HttpClient& http) {
  ProviderKind kind;
  kind.name = "gcp";
  kind.validate = [](const nlohmann::json& credentials, const nlohmann::json&) {
    return validate_credentials(credentials);
  };
  kind.validate_settings = [](const nlohmann::json& settings) { return settings_problems(settings); };
  kind.create = [&http](const ProviderAccount& account, ProviderDeps deps) -> std::unique_ptr<CloudProvider> {
    if (std::string problem = validate_settings(account.settings); !problem.empty())
      throw ProviderError("InvalidParameterValue", problem);
    return std::make_unique<GcpProvider>(account, deps, http);  // throws on invalid credentials
  };
  // Start, stop and reboot are implemented for virtual machines only (run_action).
  kind.actions = [](std::string_view type) {
    return type == "server" ? std::vector<std::string>{"start", "stop", "reboot"} : std::vector<std::string>{};
  };
  return kind;
}

}  // namespace cw::providers::gcp
