#pragma once
/// Where samples live, as the rest of monitoring sees it: the embedded store (metric_store.hpp,
/// chunks in SQLite or PostgreSQL) or a Prometheus-compatible backend (prometheus_store.hpp,
/// CLOUDWEAVE_METRICS_URL). Either way the series themselves — which resource, which metric —
/// are rows of metric_series (metric_repository.hpp), so selections stay SQL.
#include <functional>
#include <optional>
#include <vector>

#include "monitoring/metric_repository.hpp"

namespace cw::monitoring {

inline constexpr Millis kRaw = 0, k5m = 300'000, k1h = 3'600'000;
inline constexpr Millis kDayMs = 86'400'000;

struct Sample {
  Millis t = 0;
  double v = 0;
};

/// One step of one series: what its samples (or tier buckets) in the step add up to.
struct StepBucket {
  double min = 0, max = 0, sum = 0, count = 0;
  std::vector<double> values;  // the samples themselves, when a percentile is asked for
  bool empty() const { return count == 0; }
  void add(double mn, double mx, double sm, double cnt) {
    if (count == 0 || mn < min) min = mn;
    if (count == 0 || mx > max) max = mx;
    sum += sm;
    count += cnt;
  }
};

struct SeriesRange {
  SeriesRow series;
  std::vector<StepBucket> steps;  // steps[i] covers [from + i·step, from + (i+1)·step)
};

using SeriesVisitor = std::function<void(const SeriesRow&, std::vector<StepBucket>&)>;

class SampleStore {
 public:
  virtual ~SampleStore() = default;
  /// Appends samples (in increasing time) to the series, creating it when new. Samples at or
  /// before the series' last one are skipped (collections overlap); returns how many were kept.
  virtual int append(const SeriesKey& key, const std::vector<Sample>& samples) = 0;
  /// The series' samples in [from, to] per step: (to - from) / step + 1 steps, step i covering
  /// [from + i·step, from + (i+1)·step). `keep_values` keeps what a p95 needs.
  std::vector<SeriesRange> read(const std::vector<SeriesRow>& series, Millis from, Millis to, Millis step,
                                bool keep_values);
  /// As read, one series at a time, every series in order (empty ones too).
  virtual void visit(const std::vector<SeriesRow>& series, Millis from, Millis to, Millis step, bool keep_values,
                     const SeriesVisitor& visitor) = 0;
  /// The oldest time the store holds for the series (ranges before it come from the provider).
  virtual std::optional<Millis> first_sample_at(const SeriesRow& series) = 0;
  /// Periodic upkeep (roll-ups and retention for the embedded store).
  virtual void maintain(Millis now) = 0;
  virtual MetricRepository& repository() = 0;
};

}  // namespace cw::monitoring
