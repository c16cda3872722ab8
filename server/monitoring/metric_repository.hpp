#pragma once
/// SQL of the embedded metrics store: series (metric_series) and their compressed chunks
/// (metric_chunks). The store (metric_store.hpp) decides what to write; this only reads and writes.
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/clock.hpp"
#include "storage/database.hpp"

namespace cw::monitoring {

struct SeriesKey {
  std::string organization_id, account_id, resource_id, metric;
};

struct SeriesRow {
  std::string id, organization_id, account_id, resource_id, metric;
  std::optional<Millis> last_sample_at;
  Millis rolled_5m_until = 0, rolled_1h_until = 0;
};

struct ChunkRow {
  std::string series_id;
  Millis resolution = 0, start_ms = 0, end_ms = 0;
  int samples = 0;
  std::string data;
};

class MetricRepository {
 public:
  explicit MetricRepository(storage::Database& db) : db_(db) {}
  storage::Database& db() { return db_; }

  /// The series' row, created when new.
  SeriesRow ensure_series(const SeriesKey& key);
  std::vector<SeriesRow> series_of_resources(const std::string& organization_id, const std::string& metric,
                                             const std::vector<std::string>& resource_ids);
  /// Every series of the metric in the organization.
  std::vector<SeriesRow> series_of_metric(const std::string& organization_id, const std::string& metric);
  /// Series with raw samples not yet rolled up into the `resolution` tier.
  std::vector<SeriesRow> series_to_roll(Millis resolution, int limit);
  void set_last_sample(const std::string& series_id, Millis t);
  void set_rolled(const std::string& series_id, Millis resolution, Millis until);

  /// The newest chunk of the series at `resolution` (the one appends continue).
  std::optional<ChunkRow> head_chunk(const std::string& series_id, Millis resolution);
  void save_chunk(const ChunkRow& chunk);
  /// Chunks of the series at `resolution` overlapping [from, to] (each series' in start order).
  std::vector<ChunkRow> chunks(const std::vector<std::string>& series_ids, Millis resolution, Millis from, Millis to);
  /// Deletes chunks at `resolution` that end before `before`; how many.
  long long delete_chunks_before(Millis resolution, Millis before);
  /// Series with no chunk left and no sample since `before` (a deleted resource whose history has
  /// aged out): their rows go too. A resource that reports again gets a new series.
  long long delete_empty_series(Millis before);
  /// The start of each series' oldest chunk at `resolution` (series without one are left out).
  std::unordered_map<std::string, Millis> first_starts(const std::vector<std::string>& series_ids, Millis resolution);
  /// The oldest time any tier holds for the series.
  std::optional<Millis> first_sample_at(const std::string& series_id);
  /// Bytes and samples held at `resolution` (the storage benchmark, /metrics).
  std::pair<long long, long long> footprint(Millis resolution);

 private:
  storage::Database& db_;
};

}  // namespace cw::monitoring
