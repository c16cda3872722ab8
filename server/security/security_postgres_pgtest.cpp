#include "security/security_contract.hpp"
#include "storage/test_support.hpp"

namespace cw::security::testing {

class SecurityOnPostgres : public ::testing::Test {
 protected:
  storage::testing::FreshPostgres pg;
};

TEST_F(SecurityOnPostgres, PlantedMisconfigurationsAreFound) { check_planted_misconfigurations_are_found(pg.db()); }
TEST_F(SecurityOnPostgres, LifecycleAndIncrementalScans) { check_lifecycle_and_incremental_scans(pg.db()); }
TEST_F(SecurityOnPostgres, MutesApplyAtOnceAndLapse) { check_mutes_apply_at_once_and_lapse(pg.db()); }
TEST_F(SecurityOnPostgres, ACancelledScanSaysSo) { check_a_cancelled_scan_says_so(pg.db()); }
TEST_F(SecurityOnPostgres, OrganizationsAreApart) { check_organizations_are_apart(pg.db()); }

}  // namespace cw::security::testing
