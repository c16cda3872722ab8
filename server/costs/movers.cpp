#include "costs/movers.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace cw::costs {

namespace {

using Key = std::vector<std::string>;

std::map<Key, double> totals_by_key(const std::vector<DailyAmount>& amounts) {
  std::map<Key, double> out;
  for (const auto& a : amounts) out[a.key] += a.amount;
  return out;
}

std::map<std::string, std::string> named(const CostQuery& query, const Key& key) {
  std::map<std::string, std::string> out;
  for (size_t i = 0; i < query.group_by.size() && i < key.size(); ++i) out[query.group_by[i]] = key[i];
  return out;
}

}  // namespace

std::vector<CostMover> compare_with_previous(const CostQuery& query, const std::vector<DailyAmount>& current,
                                             const std::vector<DailyAmount>& previous, std::vector<CostSeries>& series,
                                             size_t count) {
  const auto now = totals_by_key(current);
  const auto before = totals_by_key(previous);
  for (auto& s : series) {
    Key key;
    for (const auto& dimension : query.group_by) key.push_back(s.key.at(dimension));
    auto it = before.find(key);
    s.previous_total = it == before.end() ? 0 : it->second;
  }

  std::vector<CostMover> movers;
  auto add = [&](const Key& key, double total, double previous_total) {
    // Cents: a change smaller than that is rounding, not a move.
    if (std::abs(total - previous_total) < 0.005) return;
    movers.push_back({named(query, key), total, previous_total});
  };
  for (const auto& [key, total] : now) {
    auto it = before.find(key);
    add(key, total, it == before.end() ? 0 : it->second);
  }
  for (const auto& [key, previous_total] : before)
    if (!now.count(key)) add(key, 0, previous_total);
  std::stable_sort(movers.begin(), movers.end(),
                   [](const CostMover& a, const CostMover& b) { return std::abs(a.change()) > std::abs(b.change()); });
  if (movers.size() > count) movers.resize(count);
  return movers;
}

}  // namespace cw::costs
