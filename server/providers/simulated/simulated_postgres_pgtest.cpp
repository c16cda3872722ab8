#include "providers/simulated/simulated_contract.hpp"
#include "storage/test_support.hpp"

namespace cw::providers::simulated::testing {

class SimulatedOnPostgres : public ::testing::Test {
 protected:
  storage::testing::FreshPostgres pg;
};

TEST_F(SimulatedOnPostgres, CreateProvisionsThenRuns) { check_create_provisions_then_runs(pg.db()); }
TEST_F(SimulatedOnPostgres, StopStartRebootDelete) { check_stop_start_reboot_delete(pg.db()); }
TEST_F(SimulatedOnPostgres, UpdateRenamesRetagsAndResizes) { check_update_renames_retags_and_resizes(pg.db()); }
TEST_F(SimulatedOnPostgres, UnknownIdsAndConflicts) { check_unknown_ids_and_conflicts(pg.db()); }

}  // namespace cw::providers::simulated::testing
