#include "storage/migrations.hpp"

#include <set>

namespace cw::storage {

namespace {
constexpr const char* kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
constexpr const char* kSelectApplied = "SELECT version FROM schema_migrations";
constexpr const char* kInsertApplied = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)";
// Any constant works; it only has to be the same for every CloudWeave replica.
constexpr const char* kAdvisoryLock = "SELECT pg_advisory_lock(726354101)";
constexpr const char* kAdvisoryUnlock = "SELECT pg_advisory_unlock(726354101)";
constexpr std::string_view kPostgresOnly = "--@postgres ";
}  // namespace

std::string sql_for_backend(std::string_view sql, Backend backend) {
  if (backend != Backend::kPostgres) return std::string(sql);
  std::string out;
  out.reserve(sql.size());
  while (!sql.empty()) {
    size_t end = sql.find('\n');
    std::string_view line = sql.substr(0, end == std::string_view::npos ? sql.size() : end + 1);
    sql.remove_prefix(line.size());
    if (line.substr(0, kPostgresOnly.size()) == kPostgresOnly) line.remove_prefix(kPostgresOnly.size());
    out += line;
  }
  return out;
}

std::vector<int> migrate(Database& db, const std::vector<Migration>& migrations) {
  auto conn = db.acquire();
  bool pg = db.backend() == Backend::kPostgres;
  if (pg) conn->execute(kAdvisoryLock, {});
  std::vector<int> applied_now;
  try {
    conn->execute_script(kCreateMigrationsTable);
    std::set<int> applied;
    for (const Row& row : conn->execute(kSelectApplied, {}).rows) applied.insert(static_cast<int>(row.integer(0)));
    for (const Migration& m : migrations) {
      if (applied.count(m.version)) continue;
      conn->begin();
      try {
        conn->execute_script(sql_for_backend(m.sql, db.backend()));
        conn->execute(kInsertApplied, params(m.version, m.name, static_cast<long long>(time(nullptr)) * 1000));
        conn->commit();
      } catch (...) {
        conn->rollback();
        throw;
      }
      applied_now.push_back(m.version);
    }
  } catch (...) {
    if (pg) conn->execute(kAdvisoryUnlock, {});
    throw;
  }
  if (pg) conn->execute(kAdvisoryUnlock, {});
  return applied_now;
}

int schema_version(Database& db) {
  auto result = db.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  return static_cast<int>(result.first().integer(0));
}

}  // namespace cw::storage
