#pragma once
/// Numbered schema migrations (server/storage/migrations/NNNN_name.sql, embedded at build time),
/// applied in order inside one transaction each and recorded in schema_migrations. On PostgreSQL
/// an advisory lock keeps replicas starting together from migrating twice.
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace cw::storage {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

const std::vector<Migration>& embedded_migrations();

/// Returns the versions applied by this call (empty when the schema was current).
std::vector<int> migrate(Database& db, const std::vector<Migration>& migrations);
int schema_version(Database& db);

}  // namespace cw::storage
