#include <filesystem>

#include "core/crypto.hpp"
#include "jobs/jobs_contract.hpp"
#include "storage/test_support.hpp"

namespace cw::jobs::testing {

class JobsOnSqlite : public ::testing::Test {
 protected:
  std::unique_ptr<storage::Database> db = storage::testing::fresh_sqlite();
};

TEST_F(JobsOnSqlite, LifecycleBackoffAndDeadLetter) { check_lifecycle_backoff_and_dead_letter(*db); }
TEST_F(JobsOnSqlite, DedupeAndLeaseExpiry) { check_dedupe_and_lease_expiry(*db); }
TEST_F(JobsOnSqlite, HeartbeatsKeepALeaseAndAStolenLeaseCannotFinish) {
  check_heartbeats_keep_a_lease_and_a_stolen_lease_cannot_finish(*db);
}
TEST_F(JobsOnSqlite, RunnerHeartbeatRenewsRunningJobs) { check_runner_heartbeat_renews_running_jobs(*db); }
TEST_F(JobsOnSqlite, ProgressAndCancel) { check_progress_and_cancel(*db); }
TEST_F(JobsOnSqlite, PeriodicTasksRunOncePerPeriodAcrossReplicas) {
  check_periodic_tasks_run_once_per_period_across_replicas(*db);
}
TEST_F(JobsOnSqlite, RunnerRunsHandlersAndClassifiesFailures) {
  check_runner_runs_handlers_and_classifies_failures(*db);
}

TEST(JobsOnSqliteFile, ConcurrentClaimsAreExclusive) {
  auto dir = std::filesystem::temp_directory_path() / ("cw-jobs-" + crypto::to_hex(crypto::random_bytes(4)));
  {
    auto db = storage::open_database({"sqlite://" + (dir / "j.db").string(), 6, 5000});
    storage::migrate(*db, storage::embedded_migrations());
    check_concurrent_claims_are_exclusive(*db);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace cw::jobs::testing
