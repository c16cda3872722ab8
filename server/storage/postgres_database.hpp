#pragma once
#include <memory>

#include "storage/database.hpp"

namespace cw::storage {
/// PostgreSQL through libpq with a connection pool. `?` placeholders become $1..$n; results are
/// converted from text by column type (integers, floats, booleans → Value).
std::unique_ptr<Database> open_postgres(const DatabaseSettings& settings);

/// Exposed for unit tests: rewrites `?` outside quotes and comments to $n.
std::string rewrite_placeholders(std::string_view sql);
}  // namespace cw::storage
