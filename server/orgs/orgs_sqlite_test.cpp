#include "orgs/orgs_contract.hpp"
#include "storage/test_support.hpp"

namespace cw::orgs::testing {

class OrgsOnSqlite : public ::testing::Test {
 protected:
  std::unique_ptr<storage::Database> db = storage::testing::fresh_sqlite();
};

TEST_F(OrgsOnSqlite, RegistrationAndDuplicateEmail) { check_registration_and_duplicate_email(*db); }
TEST_F(OrgsOnSqlite, LastOwnerRules) { check_last_owner_rules(*db); }
TEST_F(OrgsOnSqlite, IdentityChangesApplyAtOnce) { check_identity_changes_apply_at_once(*db); }
TEST_F(OrgsOnSqlite, MemberListingAndIsolation) { check_member_listing_and_isolation(*db); }
TEST_F(OrgsOnSqlite, RefreshRotationAndReuseDetection) { check_refresh_rotation_and_reuse_detection(*db); }
TEST_F(OrgsOnSqlite, AccessTokenExpiryAndLoginThrottle) { check_access_token_expiry_and_login_throttle(*db); }
TEST_F(OrgsOnSqlite, ApiKeys) { check_api_keys(*db); }

}  // namespace cw::orgs::testing
