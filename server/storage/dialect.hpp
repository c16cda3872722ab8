#pragma once
/// The few SQL spellings that differ between SQLite and PostgreSQL, kept here so repositories
/// stay portable.
#include <string>

#include "storage/database.hpp"

namespace cw::storage {

/// Appended to a SELECT that picks rows to claim: PostgreSQL skips rows other workers hold;
/// SQLite has a single writer, so the claiming UPDATE is already exclusive.
inline const char* skip_locked(Backend b) { return b == Backend::kPostgres ? " FOR UPDATE SKIP LOCKED" : ""; }

/// The text value of key `key_sql` (an SQL expression, e.g. a column) in the JSON object held as
/// text by `document_sql`; NULL when absent. The key must not contain '"' or '\\' (SQLite's
/// JSON path would misread it).
inline std::string json_text_field(Backend b, const std::string& document_sql, const std::string& key_sql) {
  if (b == Backend::kPostgres) return "(CAST(" + document_sql + " AS jsonb) ->> " + key_sql + ")";
  return "CAST(json_extract(" + document_sql + ", '$.\"' || " + key_sql + " || '\"') AS TEXT)";
}

}  // namespace cw::storage
