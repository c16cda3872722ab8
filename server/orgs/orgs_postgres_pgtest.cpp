#include "orgs/orgs_contract.hpp"
#include "storage/test_support.hpp"

namespace cw::orgs::testing {

class OrgsOnPostgres : public ::testing::Test {
 protected:
  storage::testing::FreshPostgres pg;
};

TEST_F(OrgsOnPostgres, RegistrationAndDuplicateEmail) { check_registration_and_duplicate_email(pg.db()); }
TEST_F(OrgsOnPostgres, LastOwnerRules) { check_last_owner_rules(pg.db()); }
TEST_F(OrgsOnPostgres, IdentityChangesApplyAtOnce) { check_identity_changes_apply_at_once(pg.db()); }
TEST_F(OrgsOnPostgres, MemberListingAndIsolation) { check_member_listing_and_isolation(pg.db()); }
TEST_F(OrgsOnPostgres, RefreshRotationAndReuseDetection) { check_refresh_rotation_and_reuse_detection(pg.db()); }
TEST_F(OrgsOnPostgres, AccessTokenExpiryAndLoginThrottle) { check_access_token_expiry_and_login_throttle(pg.db()); }
TEST_F(OrgsOnPostgres, ApiKeys) { check_api_keys(pg.db()); }

}  // namespace cw::orgs::testing
