#include "monitoring/sample_store.hpp"

namespace cw::monitoring {

std::vector<SeriesRange> SampleStore::read(const std::vector<SeriesRow>& series, Millis from, Millis to, Millis step,
                                           bool keep_values) {
  std::vector<SeriesRange> out;
  out.reserve(series.size());
  visit(series, from, to, step, keep_values, [&](const SeriesRow& s, std::vector<StepBucket>& steps) {
    out.push_back({s, steps});
  });
  return out;
}

}  // namespace cw::monitoring
