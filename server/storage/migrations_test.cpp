#include "storage/migrations.hpp"

#include <gtest/gtest.h>

namespace cw::storage {
namespace {

constexpr const char* kMixed =
    "CREATE TABLE t (x TEXT);\n"
    "--@postgres ALTER TABLE t ALTER COLUMN x TYPE TEXT COLLATE \"C\";\n"
    "-- a plain comment\n"
    "--@postgresql is not the marker\n";

TEST(MigrationText, PostgresOnlyLinesRunOnPostgres) {
  EXPECT_EQ(sql_for_backend(kMixed, Backend::kPostgres),
            "CREATE TABLE t (x TEXT);\n"
            "ALTER TABLE t ALTER COLUMN x TYPE TEXT COLLATE \"C\";\n"
            "-- a plain comment\n"
            "--@postgresql is not the marker\n");
}

TEST(MigrationText, SqliteReadsThemAsComments) { EXPECT_EQ(sql_for_backend(kMixed, Backend::kSqlite), kMixed); }

TEST(MigrationText, LastLineWithoutNewline) {
  EXPECT_EQ(sql_for_backend("--@postgres SELECT 1", Backend::kPostgres), "SELECT 1");
}

}  // namespace
}  // namespace cw::storage
