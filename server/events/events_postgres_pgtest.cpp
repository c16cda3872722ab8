#include "events/events_contract.hpp"
#include "storage/test_support.hpp"

namespace cw::events::testing {

class EventsOnPostgres : public ::testing::Test {
 protected:
  storage::testing::FreshPostgres pg;
};

TEST_F(EventsOnPostgres, CommitPublishesAndRollbackPublishesNothing) {
  check_commit_publishes_and_rollback_publishes_nothing(pg.db());
}
TEST_F(EventsOnPostgres, FailingSubscriberIsRetriedAndDuplicatesDropped) {
  check_failing_subscriber_is_retried_and_duplicates_dropped(pg.db());
}
TEST_F(EventsOnPostgres, TwoReplicasDeliverEachEventOnceAndTakeOverADeadClaim) {
  check_two_replicas_deliver_each_event_once_and_take_over_a_dead_claim(pg.db());
}
TEST_F(EventsOnPostgres, DispatcherThreadDeliversAfterCommit) {
  check_dispatcher_thread_delivers_after_commit(pg.db());
}

}  // namespace cw::events::testing
