#pragma once
// The behaviour every Database backend must have. Instantiated for SQLite in
// storage_sqlite_test.cpp and for PostgreSQL in storage_postgres_pgtest.cpp.
#include <gtest/gtest.h>

#include "storage/database.hpp"
#include "storage/migrations.hpp"

namespace cw::storage::testing {

inline void check_round_trip_of_values(Database& db) {
  db.execute("CREATE TABLE t_values (id TEXT PRIMARY KEY, n BIGINT, d DOUBLE PRECISION, s TEXT)");
  db.execute("INSERT INTO t_values (id, n, d, s) VALUES (?, ?, ?, ?)",
             params("a", 9007199254740993LL, 2.5, std::string("héllo 'quoted' ?")));
  db.execute("INSERT INTO t_values (id, n, d, s) VALUES (?, ?, ?, ?)", params("b", nullptr, nullptr, nullptr));
  auto r = db.execute("SELECT id, n, d, s FROM t_values WHERE id = ? OR id = ? ORDER BY id", params("a", "b"));
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].integer(1), 9007199254740993LL);
  EXPECT_DOUBLE_EQ(r.rows[0].real(2), 2.5);
  EXPECT_EQ(r.rows[0].text(3), "héllo 'quoted' ?");
  EXPECT_TRUE(r.rows[1].is_null(1));
  EXPECT_FALSE(r.rows[1].opt_text(3).has_value());
  // A literal '?' inside quotes is not a placeholder.
  auto q = db.execute("SELECT COUNT(*) FROM t_values WHERE s <> '?' AND id = ?", params("a"));
  EXPECT_EQ(q.first().integer(0), 1);
}

inline void check_bytes_round_trip(Database& db) {
  db.execute("CREATE TABLE t_bytes (id TEXT PRIMARY KEY, data BYTEA)");
  std::string every_byte;
  for (int i = 0; i < 256; ++i) every_byte.push_back(static_cast<char>(i));
  db.execute("INSERT INTO t_bytes (id, data) VALUES (?, ?)", params("a", Bytes{every_byte}));
  db.execute("INSERT INTO t_bytes (id, data) VALUES (?, ?)", params("b", Bytes{}));
  auto r = db.execute("SELECT id, data FROM t_bytes ORDER BY id");
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].take_bytes(1), every_byte);
  EXPECT_EQ(r.rows[1].take_bytes(1), "");
  db.execute("UPDATE t_bytes SET data = ? WHERE id = ?", params(Bytes{std::string("\0\x01", 2)}, "b"));
  EXPECT_EQ(db.execute("SELECT data FROM t_bytes WHERE id = 'b'").rows[0].take_bytes(0), std::string("\0\x01", 2));
}

inline void check_unique_violation_is_reported(Database& db) {
  db.execute("CREATE TABLE t_unique (email TEXT UNIQUE)");
  db.execute("INSERT INTO t_unique (email) VALUES (?)", params("x@y.z"));
  try {
    db.execute("INSERT INTO t_unique (email) VALUES (?)", params("x@y.z"));
    FAIL() << "expected a unique violation";
  } catch (const DatabaseError& e) { EXPECT_TRUE(e.unique_violation()); }
  // The pool still works after the error.
  EXPECT_EQ(db.execute("SELECT COUNT(*) FROM t_unique").first().integer(0), 1);
}

inline void check_transaction_rolls_back_on_throw(Database& db) {
  db.execute("CREATE TABLE t_tx (v BIGINT)");
  EXPECT_THROW(db.transaction([](Connection& c) {
    c.execute("INSERT INTO t_tx (v) VALUES (?)", params(1));
    throw std::runtime_error("abort");
  }),
               std::runtime_error);
  EXPECT_EQ(db.execute("SELECT COUNT(*) FROM t_tx").first().integer(0), 0);
  db.transaction([](Connection& c) { c.execute("INSERT INTO t_tx (v) VALUES (?)", params(2)); });
  EXPECT_EQ(db.execute("SELECT COUNT(*) FROM t_tx").first().integer(0), 1);
}

inline void check_affected_rows(Database& db) {
  db.execute("CREATE TABLE t_aff (v BIGINT)");
  for (int i = 0; i < 5; ++i) db.execute("INSERT INTO t_aff (v) VALUES (?)", params(i));
  EXPECT_EQ(db.execute("UPDATE t_aff SET v = v + 10 WHERE v >= ?", params(2)).affected, 3);
  EXPECT_EQ(db.execute("DELETE FROM t_aff WHERE v = ?", params(999)).affected, 0);
}

inline void check_migrations_are_idempotent(Database& db) {
  // The fixture already migrated; running again applies nothing and the version is the newest.
  EXPECT_TRUE(migrate(db, embedded_migrations()).empty());
  EXPECT_EQ(schema_version(db), embedded_migrations().back().version);
}

}  // namespace cw::storage::testing
