#include "jobs/jobs_contract.hpp"
#include "storage/test_support.hpp"

namespace cw::jobs::testing {

class JobsOnPostgres : public ::testing::Test {
 protected:
  storage::testing::FreshPostgres pg;
};

TEST_F(JobsOnPostgres, LifecycleBackoffAndDeadLetter) { check_lifecycle_backoff_and_dead_letter(pg.db()); }
TEST_F(JobsOnPostgres, DedupeAndLeaseExpiry) { check_dedupe_and_lease_expiry(pg.db()); }
TEST_F(JobsOnPostgres, HeartbeatsKeepALeaseAndAStolenLeaseCannotFinish) {
  check_heartbeats_keep_a_lease_and_a_stolen_lease_cannot_finish(pg.db());
}
TEST_F(JobsOnPostgres, RunnerHeartbeatRenewsRunningJobs) { check_runner_heartbeat_renews_running_jobs(pg.db()); }
TEST_F(JobsOnPostgres, ProgressAndCancel) { check_progress_and_cancel(pg.db()); }
TEST_F(JobsOnPostgres, PeriodicTasksRunOncePerPeriodAcrossReplicas) {
  check_periodic_tasks_run_once_per_period_across_replicas(pg.db());
}
TEST_F(JobsOnPostgres, RunnerRunsHandlersAndClassifiesFailures) {
  check_runner_runs_handlers_and_classifies_failures(pg.db());
}
TEST_F(JobsOnPostgres, ConcurrentClaimsAreExclusive) { check_concurrent_claims_are_exclusive(pg.db()); }

}  // namespace cw::jobs::testing
