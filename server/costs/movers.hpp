#pragma once
/// Previous-period comparison per group: what each series cost in the period just before, and
/// the "top movers" — the groups whose cost changed most, up or down — as Cost Explorer and
/// Azure Cost Analysis show beside a breakdown.
#include <vector>

#include "costs/model.hpp"

namespace cw::costs {

/// Sets every series' previous_total from the previous period's daily amounts (same group keys),
/// and returns the `count` groups with the largest absolute change, largest first. `current`
/// holds every group of the range, not only the series kept after the limit, so a group that
/// disappeared (cost now 0) is still a mover.
std::vector<CostMover> compare_with_previous(const CostQuery& query, const std::vector<DailyAmount>& current,
                                             const std::vector<DailyAmount>& previous, std::vector<CostSeries>& series,
                                             size_t count = 5);

}  // namespace cw::costs
