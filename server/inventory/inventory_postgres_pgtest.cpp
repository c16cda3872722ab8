#include "inventory/inventory_contract.hpp"
#include "storage/test_support.hpp"

namespace cw::inventory::testing {

class InventoryOnPostgres : public ::testing::Test {
 protected:
  storage::testing::FreshPostgres pg;
};

TEST_F(InventoryOnPostgres, FullSyncThenResyncWritesNothing) { check_full_sync_then_resync_writes_nothing(pg.db()); }
TEST_F(InventoryOnPostgres, AResourceListedTwiceIsStoredOnce) { check_a_resource_listed_twice_is_stored_once(pg.db()); }
TEST_F(InventoryOnPostgres, ASlowCloudGetsItsRowsWrittenWhileAwaited) {
  check_a_slow_cloud_gets_its_rows_written_while_awaited(pg.db());
}
TEST_F(InventoryOnPostgres, PagingHasNoGapsOrRepeats) { check_paging_has_no_gaps_or_repeats(pg.db()); }
TEST_F(InventoryOnPostgres, CreateFollowsLifecycleToRunning) { check_create_follows_lifecycle_to_running(pg.db()); }
TEST_F(InventoryOnPostgres, CredentialsAreSealedAndValidated) { check_credentials_are_sealed_and_validated(pg.db()); }
TEST_F(InventoryOnPostgres, DemoLoadAndClearLeaveRealData) { check_demo_load_and_clear_leave_real_data(pg.db()); }
TEST_F(InventoryOnPostgres, AccountPagesCoverEveryAccount) { check_account_pages_cover_every_account(pg.db()); }
TEST_F(InventoryOnPostgres, ATestRacingASyncKeepsTheAccountConnected) {
  check_a_test_racing_a_sync_keeps_the_account_connected(pg.db());
}

TEST(InventoryOnLocaleAwarePostgres, NameOrderIsByCodePoint) {
  storage::testing::FreshPostgres pg(storage::testing::kLocaleAwareDatabase);
  check_name_order_is_by_code_point(pg.db());
}

}  // namespace cw::inventory::testing
