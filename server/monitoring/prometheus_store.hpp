#pragma once
/// The scale-out metrics backend (CLOUDWEAVE_METRICS_URL): samples go to a Prometheus-compatible
/// server by remote write (protobuf + snappy, /api/v1/write) and are read back with its HTTP query
/// API (/api/v1/query_range), so Prometheus, VictoriaMetrics, Mimir or Thanos hold the data and
/// do their own retention and downsampling. The series registry stays in metric_series
/// (selections by type, tag or account are SQL); each series is the Prometheus series
///   cloudweave_<metric>{organization="…", account="…", resource="…", series="<metric_series id>"}
/// A read asks, per step, for min/max/sum/count_over_time (and quantile_over_time(0.95) for
/// p95) with the range evaluated at each step's last millisecond, so step i covers exactly
/// [from + i·step, from + (i+1)·step) as in the embedded store.
/// The receiver must accept samples up to the first collection's reach (7 days): Prometheus
/// with `storage.tsdb.out_of_order_time_window` (docs/monitoring.md).
#include <memory>
#include <string>

#include "monitoring/sample_store.hpp"

namespace cw::providers::common {
class HttpClient;
}

namespace cw::monitoring {

struct PrometheusSettings {
  std::string url;  // e.g. http://prometheus:9090 (remote write at /api/v1/write)
  int series_per_query = 100;
};

/// The Prometheus metric name of a CloudWeave metric ("cpu_utilization" → "cloudweave_cpu_utilization").
std::string prometheus_metric_name(const std::string& metric);
/// One series of a remote write: labels sorted by name (`__name__` first), samples in time order.
struct RemoteSeries {
  std::vector<std::pair<std::string, std::string>> labels;
  std::vector<Sample> samples;
};
/// A remote-write body (WriteRequest, snappy-compressed).
std::string encode_remote_write(const std::vector<RemoteSeries>& series);

class PrometheusStore final : public SampleStore {
 public:
  PrometheusStore(MetricRepository& repo, PrometheusSettings settings);
  ~PrometheusStore() override;

  int append(const SeriesKey& key, const std::vector<Sample>& samples) override;
  void visit(const std::vector<SeriesRow>& series, Millis from, Millis to, Millis step, bool keep_values,
             const SeriesVisitor& visitor) override;
  /// Found with two range queries (coarse over 400 days, then within the first step that has
  /// samples), to about a 250th of a day.
  std::optional<Millis> first_sample_at(const SeriesRow& series) override;
  void maintain(Millis) override {}  // the backend keeps its own retention
  MetricRepository& repository() override { return repo_; }

 private:
  /// `expression` evaluated per step over [start, end]: series id → (time ms → value).
  using Matrix = std::unordered_map<std::string, std::unordered_map<Millis, double>>;
  Matrix query_range(const std::string& expression, Millis start, Millis end, Millis step);

  MetricRepository& repo_;
  PrometheusSettings settings_;
  SystemClock wall_clock_;  // the HTTP client's breaker and backoff run on real time
  std::unique_ptr<providers::common::HttpClient> http_;
};

}  // namespace cw::monitoring
