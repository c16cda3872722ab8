#pragma once
#include <memory>

#include "storage/database.hpp"

namespace cw::storage {
/// SQLite in WAL mode with a busy timeout and a per-connection prepared-statement cache.
/// `sqlite://:memory:` gives one shared in-memory database (tests).
std::unique_ptr<Database> open_sqlite(const DatabaseSettings& settings);
}  // namespace cw::storage
