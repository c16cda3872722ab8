// The checkpointer copies a big write-ahead log back into the database file on its own thread,
// after the commit has returned, and leaves small logs alone.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "core/crypto.hpp"
#include "core/wait_test_support.hpp"
#include "storage/wal_checkpointer.hpp"

namespace cw::storage {
namespace {

class WalCheckpointerTest : public ::testing::Test {
 protected:
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("cw-wal-" + crypto::to_hex(crypto::random_bytes(4)));
  std::string path = (dir / "x.db").string();
  void SetUp() override { std::filesystem::create_directories(dir); }
  void TearDown() override { std::filesystem::remove_all(dir); }

  /// Commits `megabytes` of fresh pages in one transaction.
  static void write(sqlite3* db, int megabytes) {
    ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE IF NOT EXISTS blobs (b BLOB)", nullptr, nullptr, nullptr), SQLITE_OK);
    std::string sql = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
                      std::to_string(megabytes * 1024) + ") INSERT INTO blobs SELECT randomblob(1024) FROM n";
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  }
};

TEST_F(WalCheckpointerTest, CopiesABigLogBackAfterTheCommit) {
  WalCheckpointer checkpointer(path);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  checkpointer.watch(db);
  write(db, 48);  // > kCheckpointBytes
  // The commit returned without copying: SQLite's own checkpoint is off on a watched connection.
  // The thread copies it soon after.
  EXPECT_TRUE(cw::testing::wait_until([&] { return checkpointer.completed() >= 1; }));
  EXPECT_GT(std::filesystem::file_size(path), 40u << 20) << "the log's pages are in the database file";
  sqlite3_close(db);
}

TEST_F(WalCheckpointerTest, ANewDatabaseHas8KiBPagesAndAnOldOneKeepsItsOwn) {
  {
    WalCheckpointer checkpointer(path);
    EXPECT_EQ(checkpointer.page_size(), 8192);
  }
  // A database created elsewhere with SQLite's default 4 KiB pages.
  std::string old_path = (dir / "old.db").string();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(old_path.c_str(), &db), SQLITE_OK);
  write(db, 1);
  sqlite3_close(db);
  WalCheckpointer checkpointer(old_path);
  EXPECT_EQ(checkpointer.page_size(), 4096);
  // Its threshold is the same 32 MiB of log: 8,192 frames of 4 KiB, not 4,096.
  ASSERT_EQ(sqlite3_open(old_path.c_str(), &db), SQLITE_OK);
  checkpointer.watch(db);
  write(db, 16);  // three 1 KiB rows a page: about 5,500 frames, above 4,096 and below 32 MiB
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(checkpointer.completed(), 0);
  write(db, 16);  // about 11,000 frames: past 32 MiB
  EXPECT_TRUE(cw::testing::wait_until([&] { return checkpointer.completed() >= 1; }));
  sqlite3_close(db);
}

TEST_F(WalCheckpointerTest, LeavesSmallLogsToGrow) {
  WalCheckpointer checkpointer(path);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  checkpointer.watch(db);
  for (int i = 0; i < 4; ++i) write(db, 1);  // 4 MiB: far below the threshold
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(checkpointer.completed(), 0);
  EXPECT_LT(std::filesystem::file_size(path), 1u << 20) << "still in the log";
  sqlite3_close(db);
}

}  // namespace
}  // namespace cw::storage
