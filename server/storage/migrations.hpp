#pragma once
/// Numbered schema migrations (server/storage/migrations/NNNN_name.sql, embedded at build time),
/// applied in order inside one transaction each and recorded in schema_migrations. On PostgreSQL
/// an advisory lock keeps replicas starting together from migrating twice.
///
/// One SQL text serves both backends. A line starting with `--@postgres ` is a statement for
/// PostgreSQL only (SQLite reads it as a comment): for the rare schema detail SQLite has no
/// spelling for, such as a column collation.
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.hpp"

namespace cw::storage {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

const std::vector<Migration>& embedded_migrations();

/// The migration text as `backend` runs it (the `--@postgres ` lines uncommented on PostgreSQL).
std::string sql_for_backend(std::string_view sql, Backend backend);

/// Returns the versions applied by this call (empty when the schema was current).
std::vector<int> migrate(Database& db, const std::vector<Migration>& migrations);
int schema_version(Database& db);

}  // namespace cw::storage
