#pragma once
// Test helper (header-only, included by *_test.cpp, *_pgtest.cpp and benchmarks only): fresh,
// migrated databases of each backend, so the same repository tests run on SQLite and PostgreSQL.
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>

#include "core/crypto.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"

namespace cw::storage::testing {

/// A new in-memory SQLite database with the schema applied.
inline std::unique_ptr<Database> fresh_sqlite() {
  auto db = open_database({"sqlite://:memory:", 1, 5000});
  migrate(*db, embedded_migrations());
  return db;
}

/// A database collating like most production PostgreSQL installations (en_US.UTF-8 style:
/// case and punctuation ignored at first), unlike the test cluster's C locale.
inline constexpr const char* kLocaleAwareDatabase =
    "TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.utf8'";

/// A new PostgreSQL database (CREATE DATABASE on the server named by CLOUDWEAVE_TEST_PG_URL),
/// dropped when the returned holder is destroyed. `create_options` are appended to CREATE
/// DATABASE, e.g. kLocaleAwareDatabase.
class FreshPostgres {
 public:
  explicit FreshPostgres(const std::string& create_options = "") {
    const char* admin = std::getenv("CLOUDWEAVE_TEST_PG_URL");
    if (!admin || !*admin) throw std::runtime_error("CLOUDWEAVE_TEST_PG_URL is not set");
    admin_url_ = admin;
    name_ = "cw_unit_" + crypto::to_hex(crypto::random_bytes(6));
    auto admin_db = open_database({admin_url_, 1, 5000});
    admin_db->acquire()->execute_script("CREATE DATABASE " + name_ + " " + create_options);
    std::string base = admin_url_.substr(0, admin_url_.rfind('/'));
    db_ = open_database({base + "/" + name_, 4, 5000});
    migrate(*db_, embedded_migrations());
  }
  ~FreshPostgres() {
    db_.reset();
    try {
      auto admin_db = open_database({admin_url_, 1, 5000});
      admin_db->acquire()->execute_script("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (...) {}
  }
  Database& db() { return *db_; }

 private:
  std::string admin_url_, name_;
  std::unique_ptr<Database> db_;
};

}  // namespace cw::storage::testing
