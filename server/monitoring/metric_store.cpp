#include "monitoring/metric_store.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <unordered_map>

#include "monitoring/chunk.hpp"

namespace cw::monitoring {

namespace {

Millis floor_to(Millis t, Millis step) {
  Millis r = t % step;
  return r < 0 ? t - r - step : t - r;
}

/// Writes rows into a series' chunks at one resolution: continues the head chunk while it has
/// room, starts a new one when it is full, saves each chunk it touched.
class ChunkWriter {
 public:
  ChunkWriter(MetricRepository& repo, const std::string& series_id, Millis resolution, int columns, int per_chunk)
      : repo_(repo), series_id_(series_id), resolution_(resolution), columns_(columns), per_chunk_(per_chunk) {
    if (auto head = repo.head_chunk(series_id, resolution); head && head->samples < per_chunk) {
      encoder_.emplace(reopen_chunk(head->data));
      start_ = head->start_ms;
    }
  }
  void append(Millis t, const double* values) {
    if (!encoder_ || encoder_->count() >= per_chunk_) {
      flush();
      encoder_.emplace(columns_);
      start_ = t;
    }
    encoder_->append(t, values);
    dirty_ = true;
  }
  void flush() {
    if (!encoder_ || !dirty_) return;
    repo_.save_chunk(
        ChunkRow{series_id_, resolution_, start_, encoder_->last_time(), encoder_->count(), encoder_->bytes()});
    dirty_ = false;
  }

 private:
  MetricRepository& repo_;
  const std::string& series_id_;
  Millis resolution_;
  int columns_, per_chunk_;
  std::optional<ChunkEncoder> encoder_;
  Millis start_ = 0;
  bool dirty_ = false;
};

}  // namespace

int MetricStore::append(const SeriesKey& key, const std::vector<Sample>& samples) {
  if (samples.empty()) return 0;
  int kept = 0;
  repo_.db().transaction([&](storage::Connection&) {
    SeriesRow series = repo_.ensure_series(key);
    Millis last = series.last_sample_at.value_or(std::numeric_limits<Millis>::min());
    ChunkWriter writer(repo_, series.id, kRaw, 1, settings_.raw_chunk_samples);
    for (const Sample& s : samples) {
      if (s.t <= last) continue;
      writer.append(s.t, &s.v);
      last = s.t;
      ++kept;
    }
    if (kept == 0) return;
    writer.flush();
    repo_.set_last_sample(series.id, last);
  });
  return kept;
}

void MetricStore::visit(const std::vector<SeriesRow>& series, Millis from, Millis to, Millis step, bool keep_values,
                        const SeriesVisitor& visitor) {
  const auto n = static_cast<size_t>((to - from) / step + 1);
  const Millis end = from + static_cast<Millis>(n) * step - 1;
  if (series.empty()) return;
  std::vector<std::string> ids;
  std::unordered_map<std::string, size_t> index;
  for (size_t i = 0; i < series.size(); ++i) {
    ids.push_back(series[i].id);
    index[series[i].id] = i;
  }
  // Per series, the part of [from, end] each tier answers for: [begin, until).
  struct Segment {
    Millis resolution, begin, until;
  };
  std::vector<std::vector<Segment>> plan(series.size());
  std::unordered_map<std::string, Millis> raw_first;
  if (step < 30 * 60'000) raw_first = repo_.first_starts(ids, kRaw);
  for (size_t i = 0; i < series.size(); ++i) {
    const SeriesRow& s = series[i];
    Millis cut = from;
    auto take = [&](Millis resolution, Millis until) {
      until = std::min(until, end + 1);
      if (until > cut) plan[i].push_back({resolution, cut, until});
      cut = std::max(cut, until);
    };
    if (step >= k1h) take(k1h, s.rolled_1h_until);
    if (step >= 30 * 60'000) {
      take(k5m, s.rolled_5m_until);
    } else {
      auto it = raw_first.find(s.id);
      take(k5m, std::min(s.rolled_5m_until, it != raw_first.end() ? it->second : s.rolled_5m_until));
    }
    take(kRaw, end + 1);
  }
  // The chunks each tier has for the series, grouped by series.
  std::vector<std::vector<ChunkRow>> chunks(series.size());
  for (Millis resolution : {k1h, k5m, kRaw}) {
    Millis lo = std::numeric_limits<Millis>::max(), hi = std::numeric_limits<Millis>::min();
    std::vector<std::string> wanted;
    for (size_t i = 0; i < series.size(); ++i)
      for (const auto& seg : plan[i])
        if (seg.resolution == resolution) {
          wanted.push_back(series[i].id);
          lo = std::min(lo, seg.begin);
          hi = std::max(hi, seg.until - 1);
        }
    if (wanted.empty()) continue;
    for (ChunkRow& c : repo_.chunks(wanted, resolution, lo, hi)) chunks[index.at(c.series_id)].push_back(std::move(c));
  }
  std::vector<StepBucket> steps(n);
  for (size_t i = 0; i < series.size(); ++i) {
    for (auto& b : steps) b = StepBucket{};
    for (const ChunkRow& chunk : chunks[i]) {
      const Segment* seg = nullptr;
      for (const auto& s : plan[i])
        if (s.resolution == chunk.resolution) seg = &s;
      if (!seg) continue;
      ChunkReader reader(chunk.data);
      ChunkSample s;
      while (reader.next(s)) {
        if (s.t < seg->begin || s.t >= seg->until) continue;
        StepBucket& b = steps[static_cast<size_t>((s.t - from) / step)];
        if (chunk.resolution == kRaw) {
          b.add(s.v[0], s.v[0], s.v[0], 1);
          if (keep_values) b.values.push_back(s.v[0]);
        } else {
          b.add(s.v[0], s.v[1], s.v[2], s.v[3]);
          if (keep_values && s.v[3] > 0) b.values.push_back(s.v[2] / s.v[3]);  // p95 over bucket averages
        }
      }
    }
    visitor(series[i], steps);
  }
}

int MetricStore::roll_series(const SeriesRow& series, Millis resolution) {
  const Millis source = resolution == k5m ? kRaw : k5m;
  const Millis done = resolution == k5m ? series.rolled_5m_until : series.rolled_1h_until;
  const Millis complete = floor_to(resolution == k5m ? series.last_sample_at.value_or(0) : series.rolled_5m_until,
                                   resolution);  // buckets before this one are complete
  if (complete <= done) return 0;
  // Buckets in time order (map), from the source tier's chunks.
  std::map<Millis, StepBucket> buckets;
  for (const ChunkRow& chunk : repo_.chunks({series.id}, source, done, complete - 1)) {
    for (const ChunkSample& s : decode_chunk(chunk.data)) {
      if (s.t < done || s.t >= complete) continue;
      StepBucket& b = buckets[floor_to(s.t, resolution)];
      if (source == kRaw)
        b.add(s.v[0], s.v[0], s.v[0], 1);
      else
        b.add(s.v[0], s.v[1], s.v[2], s.v[3]);
    }
  }
  repo_.db().transaction([&](storage::Connection&) {
    ChunkWriter writer(repo_, series.id, resolution, 4, settings_.tier_chunk_samples);
    for (const auto& [t, b] : buckets) {
      const double row[4] = {b.min, b.max, b.sum, b.count};
      writer.append(t, row);
    }
    writer.flush();
    repo_.set_rolled(series.id, resolution, complete);
  });
  return 1;
}

int MetricStore::roll_up(int limit) {
  int moved = 0;
  for (Millis tier : {k5m, k1h})
    for (const SeriesRow& s : repo_.series_to_roll(tier, limit)) moved += roll_series(s, tier);
  return moved;
}

long long MetricStore::apply_retention(Millis now) {
  const long long chunks = repo_.delete_chunks_before(kRaw, now - settings_.raw_retention_ms) +
                           repo_.delete_chunks_before(k5m, now - settings_.five_minute_retention_ms) +
                           repo_.delete_chunks_before(k1h, now - settings_.hour_retention_ms);
  // Series of resources gone for longer than the longest tier keeps: nothing of them is left.
  repo_.delete_empty_series(now - settings_.hour_retention_ms);
  return chunks;
}

}  // namespace cw::monitoring
