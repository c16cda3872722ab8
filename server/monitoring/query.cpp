#include "monitoring/query.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

namespace cw::monitoring {

std::optional<Aggregation> aggregation_named(std::string_view n) {
  if (n == "avg") return Aggregation::kAvg;
  if (n == "min") return Aggregation::kMin;
  if (n == "max") return Aggregation::kMax;
  if (n == "sum") return Aggregation::kSum;
  if (n == "p95") return Aggregation::kP95;
  if (n == "count") return Aggregation::kCount;
  return std::nullopt;
}

const char* aggregation_name(Aggregation a) {
  switch (a) {
    case Aggregation::kAvg:
      return "avg";
    case Aggregation::kMin:
      return "min";
    case Aggregation::kMax:
      return "max";
    case Aggregation::kSum:
      return "sum";
    case Aggregation::kP95:
      return "p95";
    case Aggregation::kCount:
      return "count";
  }
  return "avg";
}

namespace {
double percentile95(std::vector<double>& v) {
  // Nearest rank, as Prometheus' quantile_over_time interpolates; nearest rank keeps a real sample.
  const size_t k = static_cast<size_t>(std::ceil(0.95 * static_cast<double>(v.size()))) - 1;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}
}  // namespace

std::optional<double> step_value(StepBucket& b, Aggregation a) {
  if (b.empty()) return std::nullopt;
  switch (a) {
    case Aggregation::kAvg:
      return b.sum / b.count;
    case Aggregation::kMin:
      return b.min;
    case Aggregation::kMax:
      return b.max;
    case Aggregation::kSum:
      return b.sum;
    case Aggregation::kCount:
      return b.count;
    case Aggregation::kP95:
      return b.values.empty() ? b.max : percentile95(b.values);
  }
  return std::nullopt;
}

double combine(std::vector<double>& v, Aggregation a) {
  switch (a) {
    case Aggregation::kAvg: {
      double s = 0;
      for (double x : v) s += x;
      return s / static_cast<double>(v.size());
    }
    case Aggregation::kMin:
      return *std::min_element(v.begin(), v.end());
    case Aggregation::kMax:
      return *std::max_element(v.begin(), v.end());
    case Aggregation::kSum:
    case Aggregation::kCount: {
      double s = 0;
      for (double x : v) s += x;
      return s;
    }
    case Aggregation::kP95:
      return percentile95(v);
  }
  return 0;
}

const std::vector<std::string>& metrics_for_type(const std::string& type) {
  static const std::vector<std::string> server = {"cpu_utilization",   "memory_utilization", "network_in_bytes",
                                                  "network_out_bytes", "disk_read_bytes",    "disk_write_bytes"};
  static const std::vector<std::string> database = {"cpu_utilization", "memory_utilization", "disk_read_bytes",
                                                    "disk_write_bytes", "latency_ms"};
  static const std::vector<std::string> traffic = {"request_count", "latency_ms", "error_rate", "network_in_bytes",
                                                   "network_out_bytes"};
  static const std::vector<std::string> container = {"cpu_utilization", "memory_utilization", "network_in_bytes",
                                                     "network_out_bytes"};
  static const std::vector<std::string> none;
  if (type == "server") return server;
  if (type == "database") return database;
  if (type == "load_balancer" || type == "function") return traffic;
  if (type == "kubernetes_cluster" || type == "container" || type == "cache") return container;
  return none;
}

bool is_known_metric(const std::string& m) {
  static const std::vector<std::string> all = {"cpu_utilization",   "memory_utilization", "network_in_bytes",
                                               "network_out_bytes", "disk_read_bytes",    "disk_write_bytes",
                                               "request_count",     "latency_ms",         "error_rate"};
  return std::find(all.begin(), all.end(), m) != all.end();
}

nlohmann::json MetricQueryService::query(const std::string& organization_id, const MetricQueryRequest& q) {
  const auto resources = resources_.select(organization_id, q.selector);
  std::unordered_map<std::string, const WatchedResource*> by_id;
  std::vector<std::string> ids;
  for (const auto& r : resources) {
    by_id[r.id] = &r;
    ids.push_back(r.id);
  }
  auto series = store_.repository().series_of_resources(organization_id, q.metric, ids);

  auto labels_of = [&](const WatchedResource& r) -> nlohmann::json {
    if (q.group_by == "type") return {{"type", r.type}};
    if (q.group_by == "providerId") return {{"providerId", r.account_id}};
    if (q.group_by == "region") return {{"region", r.region}};
    if (q.group_by.rfind("tag:", 0) == 0) {
      const std::string key = q.group_by.substr(4);
      auto it = r.tags.find(key);
      return {{"tag", it != r.tags.end() && it->is_string() ? it->get<std::string>() : std::string()}};
    }
    return {{"resourceId", r.id},
            {"resourceName", r.name},
            {"type", r.type},
            {"providerId", r.account_id},
            {"region", r.region}};
  };

  // Each member's step values fold into its group's steps as they are read, one series at a time.
  struct GroupStep {
    double sum = 0, min = 0, max = 0;
    int n = 0;
    std::vector<double> values;  // p95
  };
  const auto steps = static_cast<size_t>((q.to - q.from) / q.step + 1);
  std::map<std::string, std::pair<nlohmann::json, std::vector<GroupStep>>> groups;
  const bool p95 = q.aggregation == Aggregation::kP95;
  store_.visit(series, q.from, q.to, q.step, p95, [&](const SeriesRow& s, std::vector<StepBucket>& buckets) {
    const WatchedResource& r = *by_id.at(s.resource_id);
    nlohmann::json labels = labels_of(r);
    const std::string key = q.group_by == "resource" ? r.name + "\x1f" + r.id : labels.dump();
    auto& group = groups[key];
    if (group.second.empty()) {
      group.first = std::move(labels);
      group.second.resize(steps);
    }
    for (size_t i = 0; i < steps; ++i) {
      auto v = step_value(buckets[i], q.aggregation);
      if (!v) continue;
      GroupStep& g = group.second[i];
      if (g.n == 0 || *v < g.min) g.min = *v;
      if (g.n == 0 || *v > g.max) g.max = *v;
      g.sum += *v;
      ++g.n;
      if (p95) g.values.push_back(*v);
    }
  });
  nlohmann::json out = nlohmann::json::array();
  bool truncated = false;
  for (auto& [key, group] : groups) {
    if (out.size() >= kMaxQuerySeries) {
      truncated = true;
      break;
    }
    nlohmann::json points = nlohmann::json::array();
    for (size_t i = 0; i < steps; ++i) {
      const long long t = (q.from + static_cast<Millis>(i) * q.step) / 1000;
      GroupStep& g = group.second[i];
      if (g.n == 0) {
        points.push_back({t, nullptr});
        continue;
      }
      double v = 0;
      switch (q.aggregation) {
        case Aggregation::kAvg:
          v = g.sum / g.n;
          break;
        case Aggregation::kMin:
          v = g.min;
          break;
        case Aggregation::kMax:
          v = g.max;
          break;
        case Aggregation::kSum:
        case Aggregation::kCount:
          v = g.sum;
          break;
        case Aggregation::kP95:
          v = combine(g.values, q.aggregation);
          break;
      }
      points.push_back({t, v});
    }
    out.push_back({{"labels", group.first}, {"points", std::move(points)}});
  }
  const char* resolution = q.step >= k1h ? "1h" : q.step >= k5m ? "5m" : "raw";
  return {{"series", std::move(out)}, {"step", q.step / 1000}, {"resolution", resolution}, {"truncated", truncated}};
}

}  // namespace cw::monitoring
