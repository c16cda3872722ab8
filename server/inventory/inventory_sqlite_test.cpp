#include "inventory/inventory_contract.hpp"
#include "storage/test_support.hpp"

namespace cw::inventory::testing {

class InventoryOnSqlite : public ::testing::Test {
 protected:
  std::unique_ptr<storage::Database> db = storage::testing::fresh_sqlite();
};

TEST_F(InventoryOnSqlite, FullSyncThenResyncWritesNothing) { check_full_sync_then_resync_writes_nothing(*db); }
TEST_F(InventoryOnSqlite, AResourceListedTwiceIsStoredOnce) { check_a_resource_listed_twice_is_stored_once(*db); }
TEST_F(InventoryOnSqlite, ASlowCloudGetsItsRowsWrittenWhileAwaited) {
  check_a_slow_cloud_gets_its_rows_written_while_awaited(*db);
}
TEST_F(InventoryOnSqlite, PagingHasNoGapsOrRepeats) { check_paging_has_no_gaps_or_repeats(*db); }
TEST_F(InventoryOnSqlite, CreateFollowsLifecycleToRunning) { check_create_follows_lifecycle_to_running(*db); }
TEST_F(InventoryOnSqlite, CredentialsAreSealedAndValidated) { check_credentials_are_sealed_and_validated(*db); }
TEST_F(InventoryOnSqlite, DemoLoadAndClearLeaveRealData) { check_demo_load_and_clear_leave_real_data(*db); }
TEST_F(InventoryOnSqlite, NameOrderIsByCodePoint) { check_name_order_is_by_code_point(*db); }
TEST_F(InventoryOnSqlite, AccountPagesCoverEveryAccount) { check_account_pages_cover_every_account(*db); }
TEST_F(InventoryOnSqlite, ATestRacingASyncKeepsTheAccountConnected) {
  check_a_test_racing_a_sync_keeps_the_account_connected(*db);
}

}  // namespace cw::inventory::testing
