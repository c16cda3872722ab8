#include "monitoring/metric_repository.hpp"

#include "core/ids.hpp"

namespace cw::monitoring {

using storage::params;

namespace {
constexpr const char* kSeriesColumns =
    "id, organization_id, account_id, resource_id, metric, last_sample_at, rolled_5m_until, rolled_1h_until";

SeriesRow series_from(const storage::Row& r) {
  return {r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.opt_integer(5), r.integer(6), r.integer(7)};
}

const char* rolled_column(Millis resolution) { return resolution == 300'000 ? "rolled_5m_until" : "rolled_1h_until"; }
}  // namespace

SeriesRow MetricRepository::ensure_series(const SeriesKey& key) {
  const std::string select = std::string("SELECT ") + kSeriesColumns +
                             " FROM metric_series WHERE organization_id = ? AND resource_id = ? AND metric = ?";
  auto found = db_.execute(select, params(key.organization_id, key.resource_id, key.metric));
  if (!found.empty()) return series_from(found.first());
  db_.execute(
      "INSERT INTO metric_series (id, organization_id, account_id, resource_id, metric) VALUES (?, ?, ?, ?, ?) "
      "ON CONFLICT (organization_id, resource_id, metric) DO NOTHING",
      params(new_id("mts"), key.organization_id, key.account_id, key.resource_id, key.metric));
  return series_from(db_.execute(select, params(key.organization_id, key.resource_id, key.metric)).first());
}

std::vector<SeriesRow> MetricRepository::series_of_resources(const std::string& organization_id,
                                                             const std::string& metric,
                                                             const std::vector<std::string>& resource_ids) {
  std::vector<SeriesRow> out;
  // In slices: an IN list has a parameter limit.
  for (size_t i = 0; i < resource_ids.size(); i += 500) {
    const size_t n = std::min<size_t>(500, resource_ids.size() - i);
    storage::Params p = params(organization_id, metric);
    for (size_t j = 0; j < n; ++j) p.emplace_back(resource_ids[i + j]);
    auto rows = db_.execute(std::string("SELECT ") + kSeriesColumns +
                                " FROM metric_series WHERE organization_id = ? AND metric = ? AND resource_id IN (" +
                                storage::placeholder_list(n) + ")",
                            p);
    for (const auto& r : rows.rows) out.push_back(series_from(r));
  }
  return out;
}

std::vector<SeriesRow> MetricRepository::series_of_metric(const std::string& organization_id,
                                                          const std::string& metric) {
  std::vector<SeriesRow> out;
  for (const auto& r : db_.execute(std::string("SELECT ") + kSeriesColumns +
                                       " FROM metric_series WHERE organization_id = ? AND metric = ?",
                                   params(organization_id, metric))
                           .rows)
    out.push_back(series_from(r));
  return out;
}

std::vector<SeriesRow> MetricRepository::series_to_roll(Millis resolution, int limit) {
  // A 5-minute bucket is complete once a later raw sample exists (samples of a series arrive in
  // order); an hour once the 5-minute tier has passed it.
  const std::string source = resolution == 300'000 ? "last_sample_at" : "rolled_5m_until";
  auto rows = db_.execute(std::string("SELECT ") + kSeriesColumns + " FROM metric_series WHERE " + source +
                              " >= " + rolled_column(resolution) + " + ? ORDER BY id LIMIT ?",
                          params(resolution, limit));
  std::vector<SeriesRow> out;
  for (const auto& r : rows.rows) out.push_back(series_from(r));
  return out;
}

void MetricRepository::set_last_sample(const std::string& series_id, Millis t) {
  db_.execute("UPDATE metric_series SET last_sample_at = ? WHERE id = ?", params(t, series_id));
}

void MetricRepository::set_rolled(const std::string& series_id, Millis resolution, Millis until) {
  db_.execute(std::string("UPDATE metric_series SET ") + rolled_column(resolution) + " = ? WHERE id = ?",
              params(until, series_id));
}

std::optional<ChunkRow> MetricRepository::head_chunk(const std::string& series_id, Millis resolution) {
  auto rows = db_.execute(
      "SELECT start_ms, end_ms, samples, data FROM metric_chunks WHERE series_id = ? AND resolution = ? "
      "ORDER BY start_ms DESC LIMIT 1",
      params(series_id, resolution));
  if (rows.empty()) return std::nullopt;
  auto& r = rows.rows.front();
  return ChunkRow{series_id, resolution, r.integer(0), r.integer(1), static_cast<int>(r.integer(2)), r.take_bytes(3)};
}

void MetricRepository::save_chunk(const ChunkRow& c) {
  db_.execute(
      "INSERT INTO metric_chunks (series_id, resolution, start_ms, end_ms, samples, data) VALUES (?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (series_id, resolution, start_ms) DO UPDATE SET end_ms = excluded.end_ms, "
      "samples = excluded.samples, data = excluded.data",
      params(c.series_id, c.resolution, c.start_ms, c.end_ms, c.samples, storage::Bytes{c.data}));
}

std::vector<ChunkRow> MetricRepository::chunks(const std::vector<std::string>& series_ids, Millis resolution,
                                               Millis from, Millis to) {
  std::vector<ChunkRow> out;
  for (size_t i = 0; i < series_ids.size(); i += 500) {
    const size_t n = std::min<size_t>(500, series_ids.size() - i);
    storage::Params p = params(resolution, from, to);
    for (size_t j = 0; j < n; ++j) p.emplace_back(series_ids[i + j]);
    auto rows = db_.execute(
        // "+end_ms": SQLite would otherwise pick the retention index (resolution, end_ms) and sort
        // every blob; the primary key finds each series' chunks in order.
        "SELECT series_id, start_ms, end_ms, samples, data FROM metric_chunks WHERE resolution = ? AND +end_ms >= ? "
        "AND start_ms <= ? AND series_id IN (" +
            storage::placeholder_list(n) + ")",
        p);
    for (auto& r : rows.rows)
      out.push_back(
          ChunkRow{r.text(0), resolution, r.integer(1), r.integer(2), static_cast<int>(r.integer(3)), r.take_bytes(4)});
  }
  return out;
}

long long MetricRepository::delete_empty_series(Millis before) {
  return db_
      .execute(
          "DELETE FROM metric_series WHERE (last_sample_at IS NULL OR last_sample_at < ?)"
          " AND NOT EXISTS (SELECT 1 FROM metric_chunks c WHERE c.series_id = metric_series.id)",
          params(before))
      .affected;
}

long long MetricRepository::delete_chunks_before(Millis resolution, Millis before) {
  if (resolution == 3'600'000)
    return db_.execute("DELETE FROM metric_chunks WHERE resolution = ? AND end_ms < ?", params(resolution, before))
        .affected;
  // Never what the next tier has not rolled up yet — unless the series stopped before `before`
  // (its resource is gone): its last, never-complete bucket would otherwise stay for good.
  const std::string next = resolution == 0 ? "rolled_5m_until" : "rolled_1h_until";
  return db_
      .execute(
          "DELETE FROM metric_chunks WHERE resolution = ? AND end_ms < ? AND EXISTS (SELECT 1 FROM metric_series s"
          " WHERE s.id = metric_chunks.series_id AND (metric_chunks.end_ms < s." +
              next + " OR s.last_sample_at < ?))",
          params(resolution, before, before))
      .affected;
}

std::unordered_map<std::string, Millis> MetricRepository::first_starts(const std::vector<std::string>& series_ids,
                                                                       Millis resolution) {
  std::unordered_map<std::string, Millis> out;
  for (size_t i = 0; i < series_ids.size(); i += 500) {
    const size_t n = std::min<size_t>(500, series_ids.size() - i);
    storage::Params p = params(resolution);
    for (size_t j = 0; j < n; ++j) p.emplace_back(series_ids[i + j]);
    for (const auto& r : db_.execute("SELECT series_id, MIN(start_ms) FROM metric_chunks WHERE resolution = ? AND "
                                     "series_id IN (" +
                                         storage::placeholder_list(n) + ") GROUP BY series_id",
                                     p)
                             .rows)
      out[r.text(0)] = r.integer(1);
  }
  return out;
}

std::optional<Millis> MetricRepository::first_sample_at(const std::string& series_id) {
  return db_.execute("SELECT MIN(start_ms) FROM metric_chunks WHERE series_id = ?", params(series_id))
      .first()
      .opt_integer(0);
}

std::pair<long long, long long> MetricRepository::footprint(Millis resolution) {
  auto r = db_.execute(
      "SELECT COALESCE(SUM(LENGTH(data)), 0), COALESCE(SUM(samples), 0) FROM metric_chunks WHERE resolution = ?",
      params(resolution));
  return {r.first().integer(0), r.first().integer(1)};
}

}  // namespace cw::monitoring
