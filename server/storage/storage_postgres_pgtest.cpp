#include "storage/storage_contract.hpp"
#include "storage/test_support.hpp"

namespace cw::storage::testing {

class PostgresStorage : public ::testing::Test {
 protected:
  FreshPostgres pg;
};

TEST_F(PostgresStorage, RoundTripsValues) { check_round_trip_of_values(pg.db()); }
TEST_F(PostgresStorage, RoundTripsBytes) { check_bytes_round_trip(pg.db()); }
TEST_F(PostgresStorage, ReportsUniqueViolations) { check_unique_violation_is_reported(pg.db()); }
TEST_F(PostgresStorage, RollsBackOnThrow) { check_transaction_rolls_back_on_throw(pg.db()); }
TEST_F(PostgresStorage, CountsAffectedRows) { check_affected_rows(pg.db()); }
TEST_F(PostgresStorage, MigrationsAreIdempotent) { check_migrations_are_idempotent(pg.db()); }

TEST(PostgresConnect, UnreachableServerIsAClearUnavailableError) {
  try {
    open_database({"postgresql://postgres@127.0.0.1:1/none?connect_timeout=2", 1, 100});
    FAIL();
  } catch (const DatabaseError& e) {
    EXPECT_TRUE(e.unavailable());
    EXPECT_NE(std::string(e.what()).find("cannot connect to PostgreSQL"), std::string::npos);
  }
}

}  // namespace cw::storage::testing
