#include <sqlite3.h>

#include <sys/stat.h>

#include <filesystem>

#include "storage/postgres_database.hpp"
#include "storage/storage_contract.hpp"
#include "storage/test_support.hpp"

namespace cw::storage::testing {

class SqliteStorage : public ::testing::Test {
 protected:
  std::unique_ptr<Database> db = fresh_sqlite();
};

TEST_F(SqliteStorage, RoundTripsValues) { check_round_trip_of_values(*db); }
TEST_F(SqliteStorage, RoundTripsBytes) { check_bytes_round_trip(*db); }
TEST_F(SqliteStorage, ReportsUniqueViolations) { check_unique_violation_is_reported(*db); }
TEST_F(SqliteStorage, RollsBackOnThrow) { check_transaction_rolls_back_on_throw(*db); }
TEST_F(SqliteStorage, CountsAffectedRows) { check_affected_rows(*db); }
TEST_F(SqliteStorage, MigrationsAreIdempotent) { check_migrations_are_idempotent(*db); }

TEST(SqliteFile, UsesWalAndSharesDataAcrossPooledConnections) {
  auto dir = std::filesystem::temp_directory_path() / ("cw-sqlite-" + crypto::to_hex(crypto::random_bytes(4)));
  {
    auto db = open_database({"sqlite://" + (dir / "x.db").string(), 4, 5000});
    EXPECT_EQ(db->execute("PRAGMA journal_mode").first().text(0), "wal");
    db->execute("CREATE TABLE t (v BIGINT)");
    auto a = db->acquire();
    auto b = db->acquire();  // a second connection sees the first one's committed write
    a->execute("INSERT INTO t (v) VALUES (?)", params(7));
    EXPECT_EQ(b->execute("SELECT v FROM t", {}).first().integer(0), 7);
    EXPECT_EQ(db->stats().in_use, 2);
  }
  std::filesystem::remove_all(dir);
}

TEST(SqliteFile, KeepsNoAllocationStatistics) {
  // They cost a global mutex on every SQLite allocation (configure_sqlite_process).
  auto dir = std::filesystem::temp_directory_path() / ("cw-sqlite-" + crypto::to_hex(crypto::random_bytes(4)));
  {
    auto db = open_database({"sqlite://" + (dir / "x.db").string(), 2, 5000});
    db->execute("CREATE TABLE t (v TEXT)");
    db->execute("INSERT INTO t (v) VALUES (?)", params(std::string(100000, 'x')));
    EXPECT_EQ(db->execute("SELECT length(v) FROM t").first().integer(0), 100000);
    EXPECT_EQ(sqlite3_memory_used(), 0) << "SQLite counts its allocations";
  }
  std::filesystem::remove_all(dir);
}

TEST(SqliteFile, DatabaseAndItsLogsAreOwnerOnlyWhateverTheUmask) {
  namespace fs = std::filesystem;
  auto dir = fs::temp_directory_path() / ("cw-sqlite-" + crypto::to_hex(crypto::random_bytes(4)));
  fs::create_directories(dir);
  fs::permissions(dir, fs::perms::all, fs::perm_options::replace);  // a world-readable directory
  mode_t before = ::umask(0022);
  auto mode_of = [&](const char* name) { return fs::status(dir / name).permissions() & fs::perms::all; };
  {
    auto db = open_database({"sqlite://" + (dir / "x.db").string(), 2, 5000});
    db->execute("CREATE TABLE t (v TEXT)");
    db->execute("INSERT INTO t (v) VALUES ('secret')");
    auto owner_only = fs::perms::owner_read | fs::perms::owner_write;
    EXPECT_EQ(mode_of("x.db"), owner_only);
    ASSERT_TRUE(fs::exists(dir / "x.db-wal"));
    EXPECT_EQ(mode_of("x.db-wal"), owner_only);
    EXPECT_EQ(mode_of("x.db-shm"), owner_only);
  }
  {
    // A database left world-readable by an older version is mended when opened.
    fs::permissions(dir / "x.db", fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_read,
                    fs::perm_options::replace);
    auto db = open_database({"sqlite://" + (dir / "x.db").string(), 1, 5000});
    EXPECT_EQ(mode_of("x.db"), fs::perms::owner_read | fs::perms::owner_write);
  }
  ::umask(before);
  fs::remove_all(dir);
}

TEST(PostgresPlaceholders, RewritesOutsideQuotesAndComments) {
  EXPECT_EQ(rewrite_placeholders("SELECT ? , '?', \"?\" -- ?\n, ?"), "SELECT $1 , '?', \"?\" -- ?\n, $2");
}

TEST(OpenDatabase, RejectsUnknownScheme) { EXPECT_THROW(open_database({"mysql://x", 1, 100}), DatabaseError); }

}  // namespace cw::storage::testing
