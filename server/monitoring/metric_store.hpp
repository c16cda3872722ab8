#pragma once
/// The embedded metrics store: appends samples to their series' head chunk, reads a range back
/// aggregated per step, rolls raw samples up into 5-minute and 1-hour tiers (min, max, sum,
/// count per bucket, so downsampled aggregates stay exact) and drops what outlived its
/// retention. See docs/monitoring.md for the layout and the numbers.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "monitoring/metric_repository.hpp"

namespace cw::monitoring {

inline constexpr Millis kRaw = 0, k5m = 300'000, k1h = 3'600'000;
inline constexpr Millis kDayMs = 86'400'000;

struct StoreSettings {
  Millis raw_retention_ms = 15 * kDayMs;
  Millis five_minute_retention_ms = 90 * kDayMs;
  Millis hour_retention_ms = 396 * kDayMs;  // 13 months
  // Prometheus closes chunks at 120 samples; a query reads a row per chunk, so CloudWeave's raw
  // chunks hold 480 (40 hours of 5-minute samples) and a week of one series is 5 rows, not 17.
  int raw_chunk_samples = 480;
  int tier_chunk_samples = 288;  // a day of 5-minute buckets, 12 days of hours
};

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

class MetricStore {
 public:
  explicit MetricStore(MetricRepository& repo, StoreSettings settings = {}) : repo_(repo), settings_(settings) {}

  /// Appends samples (in increasing time) to the series, creating it when new. Samples at or
  /// before the series' last one are skipped (collections overlap); returns how many were kept.
  int append(const SeriesKey& key, const std::vector<Sample>& samples);
  /// The series' samples in [from, to] per step. Steps of an hour or more read the 1-hour tier,
  /// of 30 minutes or more the 5-minute tier, up to where they are rolled, and raw samples after;
  /// shorter steps read raw samples, and the 5-minute tier before the oldest raw chunk (raw
  /// samples past retention). `keep_values` keeps each sample (p95).
  std::vector<SeriesRange> read(const std::vector<SeriesRow>& series, Millis from, Millis to, Millis step,
                                bool keep_values);
  /// As read, one series at a time into a buffer reused between series (big queries).
  using SeriesVisitor = std::function<void(const SeriesRow&, std::vector<StepBucket>&)>;
  void visit(const std::vector<SeriesRow>& series, Millis from, Millis to, Millis step, bool keep_values,
             const SeriesVisitor& visitor);
  /// Rolls complete buckets of up to `limit` series into each tier; how many series moved.
  int roll_up(int limit = 1000);
  /// Drops chunks past their tier's retention (raw only once rolled up); how many.
  long long apply_retention(Millis now);

  MetricRepository& repository() { return repo_; }
  const StoreSettings& settings() const { return settings_; }

 private:
  int roll_series(const SeriesRow& series, Millis resolution);

  MetricRepository& repo_;
  StoreSettings settings_;
};

}  // namespace cw::monitoring
