#include "costs/recommendations_contract.hpp"
#include "storage/test_support.hpp"

namespace cw::costs::testing {

class RecommendationsOnSqlite : public ::testing::Test {
 protected:
  std::unique_ptr<storage::Database> db = storage::testing::fresh_sqlite();
};

TEST_F(RecommendationsOnSqlite, PlantedSavingsAreFoundAndNothingElse) {
  check_planted_savings_are_found_and_nothing_else(*db);
}
TEST_F(RecommendationsOnSqlite, RunsAreIdempotentAndDismissalsStick) {
  check_runs_are_idempotent_and_dismissals_stick(*db);
}
TEST_F(RecommendationsOnSqlite, ApplyingActsThroughTheInventoryAndResolves) {
  check_applying_acts_through_the_inventory_and_resolves(*db);
}

TEST_F(RecommendationsOnSqlite, CostRowsPriceResourcesAndCommitmentCoverage) {
  check_cost_rows_price_resources_and_commitment_coverage(*db);
}

}  // namespace cw::costs::testing
