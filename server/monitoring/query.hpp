#pragma once
/// GET /metrics/query: the store's series for a selection of resources, aggregated over each step
/// and then across each group (docs/monitoring.md, "Queries").
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "monitoring/sample_store.hpp"
#include "monitoring/resource_reader.hpp"

namespace cw::monitoring {

enum class Aggregation { kAvg, kMin, kMax, kSum, kP95, kCount };
std::optional<Aggregation> aggregation_named(std::string_view name);
const char* aggregation_name(Aggregation a);

/// The step's value under `a` (nullopt when the step holds no sample). p95 needs the values kept.
std::optional<double> step_value(StepBucket& bucket, Aggregation a);
/// The group's value from its members' step values: avg, min, max, sum and p95 of the values;
/// count adds the counts up.
double combine(std::vector<double>& values, Aggregation a);

/// Metrics collected for each resource type (those that mean something for it).
const std::vector<std::string>& metrics_for_type(const std::string& type);
bool is_known_metric(const std::string& metric);

struct MetricQueryRequest {
  std::string metric;
  Selector selector;
  Aggregation aggregation = Aggregation::kAvg;
  std::string group_by = "resource";  // resource | type | providerId | region | tag:KEY
  Millis from = 0, to = 0, step = 0;
};

inline constexpr size_t kMaxQuerySeries = 200;

class MetricQueryService {
 public:
  MetricQueryService(ResourceReader& resources, SampleStore& store) : resources_(resources), store_(store) {}
  /// {series: [{labels, points: [[unixSeconds, value|null]]}], step, resolution, truncated}
  nlohmann::json query(const std::string& organization_id, const MetricQueryRequest& request);

 private:
  ResourceReader& resources_;
  SampleStore& store_;
};

}  // namespace cw::monitoring
