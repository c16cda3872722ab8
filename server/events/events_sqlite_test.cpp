#include <filesystem>

#include "core/crypto.hpp"
#include "events/events_contract.hpp"
#include "storage/test_support.hpp"

namespace cw::events::testing {

class EventsOnSqlite : public ::testing::Test {
 protected:
  std::unique_ptr<storage::Database> db = storage::testing::fresh_sqlite();
};

TEST_F(EventsOnSqlite, CommitPublishesAndRollbackPublishesNothing) {
  check_commit_publishes_and_rollback_publishes_nothing(*db);
}
TEST_F(EventsOnSqlite, FailingSubscriberIsRetriedAndDuplicatesDropped) {
  check_failing_subscriber_is_retried_and_duplicates_dropped(*db);
}
TEST_F(EventsOnSqlite, DispatcherThreadDeliversAfterCommit) { check_dispatcher_thread_delivers_after_commit(*db); }

TEST(EventsOnSqliteFile, TwoReplicasDeliverEachEventOnceAndTakeOverADeadClaim) {
  auto dir = std::filesystem::temp_directory_path() / ("cw-events-" + crypto::to_hex(crypto::random_bytes(4)));
  {
    auto db = storage::open_database({"sqlite://" + (dir / "e.db").string(), 4, 5000});
    storage::migrate(*db, storage::embedded_migrations());
    check_two_replicas_deliver_each_event_once_and_take_over_a_dead_claim(*db);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace cw::events::testing
