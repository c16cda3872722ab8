#include "costs/recommendations_contract.hpp"
#include "storage/test_support.hpp"

namespace cw::costs::testing {

class RecommendationsOnPostgres : public ::testing::Test {
 protected:
  storage::testing::FreshPostgres pg;
};

TEST_F(RecommendationsOnPostgres, PlantedSavingsAreFoundAndNothingElse) {
  check_planted_savings_are_found_and_nothing_else(pg.db());
}
TEST_F(RecommendationsOnPostgres, RunsAreIdempotentAndDismissalsStick) {
  check_runs_are_idempotent_and_dismissals_stick(pg.db());
}
TEST_F(RecommendationsOnPostgres, ApplyingActsThroughTheInventoryAndResolves) {
  check_applying_acts_through_the_inventory_and_resolves(pg.db());
}

TEST_F(RecommendationsOnPostgres, CostRowsPriceResourcesAndCommitmentCoverage) {
  check_cost_rows_price_resources_and_commitment_coverage(pg.db());
}

}  // namespace cw::costs::testing
