#include "monitoring/monitoring_contract.hpp"
#include "storage/test_support.hpp"

namespace cw::monitoring::testing {

class MonitoringOnPostgres : public ::testing::Test {
 protected:
  storage::testing::FreshPostgres pg;
};

TEST_F(MonitoringOnPostgres, RollUpsAndRetention) {
  check_roll_ups_keep_aggregates_exact_and_retention_drops_old_chunks(pg.db());
}
TEST_F(MonitoringOnPostgres, CollectionAlertsAndIsolation) { check_collection_alert_lifecycle_and_isolation(pg.db()); }

TEST_F(MonitoringOnPostgres, NotificationGroupsByLabels) { check_notification_groups_by_labels(pg.db()); }

TEST_F(MonitoringOnPostgres, AFailingCollectionIsAnError) {
  check_a_failing_collection_is_an_error_not_no_data(pg.db());
}

}  // namespace cw::monitoring::testing
