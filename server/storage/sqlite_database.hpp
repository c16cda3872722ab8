#pragma once
#include <memory>

#include "storage/database.hpp"

namespace cw::storage {
/// SQLite in WAL mode with a busy timeout and a per-connection prepared-statement cache.
/// `sqlite://:memory:` gives one shared in-memory database (tests).
std::unique_ptr<Database> open_sqlite(const DatabaseSettings& settings);

/// Applies the process-wide SQLite settings. SQLite accepts them only before its first use in the
/// process, so everything that opens a SQLite file calls this first; later calls do nothing.
void configure_sqlite_process();
}  // namespace cw::storage
