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
#include "monitoring/sample_store.hpp"

namespace cw::monitoring {

struct StoreSettings {
  Millis raw_retention_ms = 15 * kDayMs;
  Millis five_minute_retention_ms = 90 * kDayMs;
  Millis hour_retention_ms = 396 * kDayMs;  // 13 months
  // Prometheus closes chunks at 120 samples; a query reads a row per chunk, so CloudWeave's raw
  // chunks hold 480 (40 hours of 5-minute samples) and a week of one series is 5 rows, not 17.
  int raw_chunk_samples = 480;
  int tier_chunk_samples = 288;  // a day of 5-minute buckets, 12 days of hours
};

class MetricStore final : public SampleStore {
 public:
  explicit MetricStore(MetricRepository& repo, StoreSettings settings = {}) : repo_(repo), settings_(settings) {}

  /// Appends samples (in increasing time) to the series, creating it when new. Samples at or
  /// before the series' last one are skipped (collections overlap); returns how many were kept.
  int append(const SeriesKey& key, const std::vector<Sample>& samples) override;
  /// The series' samples in [from, to] per step. Steps of an hour or more read the 1-hour tier,
  /// of 30 minutes or more the 5-minute tier, up to where they are rolled, and raw samples after;
  /// shorter steps read raw samples, and the 5-minute tier before the oldest raw chunk (raw
  /// samples past retention). `keep_values` keeps each sample (p95).
  /// One series at a time into a buffer reused between series (big queries).
  void visit(const std::vector<SeriesRow>& series, Millis from, Millis to, Millis step, bool keep_values,
             const SeriesVisitor& visitor) override;
  std::optional<Millis> first_sample_at(const SeriesRow& series) override { return repo_.first_sample_at(series.id); }
  /// Roll-ups, then retention.
  void maintain(Millis now) override {
    while (roll_up(1000) > 0) {}
    apply_retention(now);
  }
  /// Rolls complete buckets of up to `limit` series into each tier; how many series moved.
  int roll_up(int limit = 1000);
  /// Drops chunks past their tier's retention (raw only once rolled up); how many.
  long long apply_retention(Millis now);

  MetricRepository& repository() override { return repo_; }
  const StoreSettings& settings() const { return settings_; }

 private:
  int roll_series(const SeriesRow& series, Millis resolution);

  MetricRepository& repo_;
  StoreSettings settings_;
};

}  // namespace cw::monitoring
