#pragma once
/// The few SQL spellings that differ between SQLite and PostgreSQL, kept here so repositories
/// stay portable.
#include "storage/database.hpp"

namespace cw::storage {

/// Appended to a SELECT that picks rows to claim: PostgreSQL skips rows other workers hold;
/// SQLite has a single writer, so the claiming UPDATE is already exclusive.
inline const char* skip_locked(Backend b) { return b == Backend::kPostgres ? " FOR UPDATE SKIP LOCKED" : ""; }

}  // namespace cw::storage
