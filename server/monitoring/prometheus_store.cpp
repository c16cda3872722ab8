#include "monitoring/prometheus_store.hpp"

#include <snappy.h>

#include <cmath>
#include <cstdio>

#include "core/log.hpp"
#include "providers/common/http_client.hpp"
#include "providers/common/percent_encoding.hpp"
#include "providers/provider.hpp"
#include "server/monitoring/remote_write.pb.h"  // generated from remote_write.proto

namespace cw::monitoring {

using providers::common::HttpRequest;
using providers::common::HttpResponse;

namespace {

constexpr const char* kClientKey = "metrics-backend";  // the HTTP client's breaker and retries
constexpr Millis kLookbackMs = 400LL * 86'400'000;     // first_sample_at: past 13 months
constexpr size_t kMaxSteps = 10'000;                   // Prometheus answers at most 11,000 points

providers::common::HttpClientSettings backend_settings() {
  providers::common::HttpClientSettings s;
  s.rate.requests_per_second = 0;  // our own backend: no request-rate limit
  s.total_timeout_ms = 60'000;
  // The URL is the operator's configuration (a Prometheus on the private network).
  s.allow_private_addresses = true;
  return s;
}

/// Seconds with milliseconds, as the query API takes times and steps.
std::string seconds(Millis ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%03lld", static_cast<long long>(ms / 1000), static_cast<long long>(ms % 1000));
  return buf;
}

/// `cloudweave_cpu_utilization{series=~"ser_a|ser_b"}`: series ids are letters, digits and '_'.
std::string selector(const std::string& metric, const std::vector<const SeriesRow*>& series) {
  std::string ids;
  for (const SeriesRow* s : series) {
    for (char c : s->id)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') throw std::invalid_argument("bad series id");
    ids += (ids.empty() ? "" : "|") + s->id;
  }
  return prometheus_metric_name(metric) + "{series=~\"" + ids + "\"}";
}

/// A PromQL range of `step` milliseconds: "[300000ms]".
std::string range_of(Millis step) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "[%lldms]", static_cast<long long>(step));
  return buf;
}

}  // namespace

std::string prometheus_metric_name(const std::string& metric) { return "cloudweave_" + metric; }

std::string encode_remote_write(const std::vector<RemoteSeries>& series) {
  prompb::WriteRequest request;
  for (const RemoteSeries& one : series) {
    prompb::TimeSeries* ts = request.add_timeseries();
    for (const auto& [name, value] : one.labels) {
      prompb::Label* l = ts->add_labels();
      l->set_name(name);
      l->set_value(value);
    }
    for (const Sample& s : one.samples) {
      prompb::Sample* out = ts->add_samples();
      out->set_value(s.v);
      out->set_timestamp(s.t);
    }
  }
  std::string raw, compressed;
  request.SerializeToString(&raw);
  snappy::Compress(raw.data(), raw.size(), &compressed);
  return compressed;
}

PrometheusStore::PrometheusStore(MetricRepository& repo, PrometheusSettings settings)
    : repo_(repo),
      settings_(std::move(settings)),
      http_(std::make_unique<providers::common::HttpClient>(
          backend_settings(), providers::common::HttpClientEffects{wall_clock_, {}, {}})) {
  while (!settings_.url.empty() && settings_.url.back() == '/') settings_.url.pop_back();
}

PrometheusStore::~PrometheusStore() = default;

int PrometheusStore::append(const SeriesKey& key, const std::vector<Sample>& samples) {
  SeriesRow row = repo_.ensure_series(key);
  std::vector<Sample> fresh;
  for (const Sample& s : samples)
    if ((!row.last_sample_at || s.t > *row.last_sample_at) && (fresh.empty() || s.t > fresh.back().t))
      fresh.push_back(s);
  if (fresh.empty()) return 0;
  // Labels sorted by name, as remote write requires.
  std::string body = encode_remote_write({{{{"__name__", prometheus_metric_name(key.metric)},
                                            {"account", key.account_id},
                                            {"organization", key.organization_id},
                                            {"resource", key.resource_id},
                                            {"series", row.id}},
                                           fresh}});
  HttpRequest request{.method = "POST", .url = settings_.url + "/api/v1/write", .headers = {}, .body = std::move(body)};
  request.headers = {{"Content-Encoding", "snappy"},
                     {"Content-Type", "application/x-protobuf"},
                     {"X-Prometheus-Remote-Write-Version", "0.1.0"}};
  HttpResponse r = http_->send(kClientKey, request);
  if (r.status == 400) {
    // Samples the receiver will never take (older than it accepts, or a duplicate); it stored
    // the others. Sending them again would not help.
    log::warn("metrics backend refused samples", {{"series", row.id}, {"answer", r.body.substr(0, 300)}});
  } else if (r.status < 200 || r.status >= 300) {
    throw providers::ProviderError(
        "MetricsBackend",
        "remote write to " + settings_.url + " answered " + std::to_string(r.status) + ": " + r.body.substr(0, 300),
        true);
  }
  repo_.set_last_sample(row.id, fresh.back().t);
  return static_cast<int>(fresh.size());
}

PrometheusStore::Matrix PrometheusStore::query_range(const std::string& expression, Millis start, Millis end,
                                                     Millis step) {
  HttpRequest request{.method = "POST",
                      .url = settings_.url + "/api/v1/query_range",
                      .headers = {{"Content-Type", "application/x-www-form-urlencoded"}},
                      .body = "query=" + providers::common::percent_encode(expression) + "&start=" + seconds(start) +
                              "&end=" + seconds(end) + "&step=" + seconds(step)};
  HttpResponse r = http_->send(kClientKey, request);
  auto answer = nlohmann::json::parse(r.body, nullptr, false);
  if (r.status != 200 || !answer.is_object() || answer.value("status", "") != "success")
    throw providers::ProviderError(
        "MetricsBackend",
        "query to " + settings_.url + " answered " + std::to_string(r.status) + ": " +
            (answer.is_object() ? answer.value("error", r.body.substr(0, 300)) : r.body.substr(0, 300)),
        r.status >= 500);
  Matrix out;
  for (const auto& result : answer["data"].value("result", nlohmann::json::array())) {
    auto& points = out[result["metric"].value("series", "")];
    for (const auto& pair : result.value("values", nlohmann::json::array())) {
      if (!pair.is_array() || pair.size() != 2 || !pair[1].is_string()) continue;
      const double value = std::strtod(pair[1].get<std::string>().c_str(), nullptr);
      if (std::isnan(value)) continue;
      points[std::llround(pair[0].get<double>() * 1000)] = value;
    }
  }
  return out;
}

void PrometheusStore::visit(const std::vector<SeriesRow>& series, Millis from, Millis to, Millis step, bool keep_values,
                            const SeriesVisitor& visitor) {
  const auto n = static_cast<size_t>((to - from) / step + 1);
  const std::string window = range_of(step);
  // Runs of one metric, in batches, visited in the caller's order.
  for (size_t begin = 0; begin < series.size();) {
    std::vector<const SeriesRow*> batch;
    const std::string& metric = series[begin].metric;
    while (begin + batch.size() < series.size() && batch.size() < static_cast<size_t>(settings_.series_per_query) &&
           series[begin + batch.size()].metric == metric)
      batch.push_back(&series[begin + batch.size()]);
    const std::string sel = selector(metric, batch) + window;
    std::unordered_map<std::string, std::vector<StepBucket>> buckets;
    for (const SeriesRow* s : batch) buckets[s->id].assign(n, StepBucket{});
    // The value at a step's last millisecond covers the step: (t - step, t].
    for (size_t first = 0; first < n; first += kMaxSteps) {
      const size_t count = std::min(kMaxSteps, n - first);
      const Millis start = from + static_cast<Millis>(first + 1) * step - 1;
      const Millis end = start + static_cast<Millis>(count - 1) * step;
      auto at = [&](Millis t) { return static_cast<size_t>((t - (from + step - 1)) / step); };
      Matrix mins = query_range("min_over_time(" + sel + ")", start, end, step);
      Matrix maxs = query_range("max_over_time(" + sel + ")", start, end, step);
      Matrix sums = query_range("sum_over_time(" + sel + ")", start, end, step);
      Matrix counts = query_range("count_over_time(" + sel + ")", start, end, step);
      Matrix p95s;
      if (keep_values) p95s = query_range("quantile_over_time(0.95, " + sel + ")", start, end, step);
      for (auto& [id, points] : counts) {
        auto it = buckets.find(id);
        if (it == buckets.end()) continue;
        for (const auto& [t, c] : points) {
          const size_t i = at(t);
          if (i >= n || c <= 0) continue;
          it->second[i].add(mins[id][t], maxs[id][t], sums[id][t], c);
          // p95 from the backend's own quantile: the step's values are not sent back.
          if (keep_values && p95s[id].count(t)) it->second[i].values.push_back(p95s[id][t]);
        }
      }
    }
    for (const SeriesRow* s : batch) visitor(*s, buckets[s->id]);
    begin += batch.size();
  }
}

std::optional<Millis> PrometheusStore::first_sample_at(const SeriesRow& series) {
  const Millis now = wall_clock_.now_ms();
  auto first_with_samples = [&](Millis from, Millis to, Millis step) -> std::optional<Millis> {
    const std::string sel = selector(series.metric, {&series}) + range_of(step);
    Matrix m = query_range("count_over_time(" + sel + ")", from + step - 1, to, step);
    std::optional<Millis> first;
    for (const auto& [t, c] : m[series.id])
      if (c > 0 && (!first || t < *first)) first = t;
    if (!first) return std::nullopt;
    return *first - step + 1;  // the start of that step
  };
  const Millis coarse = kLookbackMs / 100;
  auto found = first_with_samples(now - kLookbackMs, now + coarse, coarse);
  if (!found) return std::nullopt;
  const Millis fine = std::max<Millis>(60'000, coarse / 250);
  return first_with_samples(*found, *found + coarse, fine).value_or(*found);
}

}  // namespace cw::monitoring
