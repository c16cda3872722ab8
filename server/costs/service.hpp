#pragma once
/// Cost breakdowns (GET /costs): read the daily rollups of the caller's organization, refuse to
/// add up several currencies, fold into series and compare with the period just before.
#include "core/principal.hpp"
#include "costs/repository.hpp"

namespace cw::costs {

class CostService {
 public:
  explicit CostService(CostRepository& repo) : repo_(repo) {}
  /// VALIDATION_ERROR when the range holds several currencies and the query names none.
  CostBreakdown breakdown(const Principal& actor, const CostQuery& query);

 private:
  CostRepository& repo_;
};

}  // namespace cw::costs
