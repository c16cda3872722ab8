#include "monitoring/monitoring_contract.hpp"
#include "storage/test_support.hpp"

namespace cw::monitoring::testing {

class MonitoringOnSqlite : public ::testing::Test {
 protected:
  std::unique_ptr<storage::Database> db = storage::testing::fresh_sqlite();
};

TEST_F(MonitoringOnSqlite, RollUpsAndRetention) {
  check_roll_ups_keep_aggregates_exact_and_retention_drops_old_chunks(*db);
}
TEST_F(MonitoringOnSqlite, CollectionAlertsAndIsolation) { check_collection_alert_lifecycle_and_isolation(*db); }

TEST_F(MonitoringOnSqlite, NotificationGroupsByLabels) { check_notification_groups_by_labels(*db); }

TEST_F(MonitoringOnSqlite, AFailingCollectionIsAnError) { check_a_failing_collection_is_an_error_not_no_data(*db); }

}  // namespace cw::monitoring::testing
