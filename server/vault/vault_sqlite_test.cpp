#include "storage/test_support.hpp"
#include "vault/vault_contract.hpp"

namespace cw::vault::testing {

class VaultOnSqlite : public ::testing::Test {
 protected:
  std::unique_ptr<storage::Database> db = storage::testing::fresh_sqlite();
};

TEST_F(VaultOnSqlite, UploadsResumeExpireAndLeaveNothingBehind) {
  check_uploads_resume_expire_and_leave_nothing_behind(*db);
}
TEST_F(VaultOnSqlite, TrashAndGarbageCollection) { check_trash_waits_its_time_and_garbage_keeps_what_is_used(*db); }
TEST_F(VaultOnSqlite, VersionsAndIsolation) { check_versions_are_capped_and_organizations_apart(*db); }

TEST_F(VaultOnSqlite, ProcessingThumbnailsOnceAndNeverSticks) {
  check_processing_thumbnails_once_and_never_sticks(*db);
}

}  // namespace cw::vault::testing
