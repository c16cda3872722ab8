#include "storage/test_support.hpp"
#include "vault/vault_contract.hpp"

namespace cw::vault::testing {

class VaultOnPostgres : public ::testing::Test {
 protected:
  storage::testing::FreshPostgres pg;
};

TEST_F(VaultOnPostgres, UploadsResumeExpireAndLeaveNothingBehind) {
  check_uploads_resume_expire_and_leave_nothing_behind(pg.db());
}
TEST_F(VaultOnPostgres, TrashAndGarbageCollection) {
  check_trash_waits_its_time_and_garbage_keeps_what_is_used(pg.db());
}
TEST_F(VaultOnPostgres, VersionsAndIsolation) { check_versions_are_capped_and_organizations_apart(pg.db()); }

TEST_F(VaultOnPostgres, ProcessingThumbnailsOnceAndNeverSticks) {
  check_processing_thumbnails_once_and_never_sticks(pg.db());
}

}  // namespace cw::vault::testing
