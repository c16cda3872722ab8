#include "security/security_contract.hpp"
#include "storage/test_support.hpp"

namespace cw::security::testing {

class SecurityOnSqlite : public ::testing::Test {
 protected:
  std::unique_ptr<storage::Database> db = storage::testing::fresh_sqlite();
};

TEST_F(SecurityOnSqlite, PlantedMisconfigurationsAreFound) { check_planted_misconfigurations_are_found(*db); }
TEST_F(SecurityOnSqlite, LifecycleAndIncrementalScans) { check_lifecycle_and_incremental_scans(*db); }
TEST_F(SecurityOnSqlite, MutesApplyAtOnceAndLapse) { check_mutes_apply_at_once_and_lapse(*db); }
TEST_F(SecurityOnSqlite, ACancelledScanSaysSo) { check_a_cancelled_scan_says_so(*db); }
TEST_F(SecurityOnSqlite, OrganizationsAreApart) { check_organizations_are_apart(*db); }

}  // namespace cw::security::testing
