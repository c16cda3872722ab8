#pragma once
/// The audit log: append-only rows, read newest first with keyset (cursor) paging.
#include <optional>
#include <string>
#include <vector>

#include "http/pipeline.hpp"
#include "storage/database.hpp"

namespace cw::audit {

struct AuditFilter {
  std::optional<std::string> action, user_id, result, target_type, target_id;
  std::optional<Millis> from, to;
  /// Position after which to continue (exclusive): the last row of the previous page.
  std::optional<std::pair<Millis, std::string>> after;
  int limit = 50;
};

struct AuditEntry {
  http::AuditEvent event;
  std::string id;
  Millis occurred_at = 0;
};

class AuditRepository {
 public:
  AuditRepository(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}
  void append(const http::AuditEvent& event);
  std::vector<AuditEntry> list(const std::string& organization_id, const AuditFilter& filter);
  long long count(const std::string& organization_id, const AuditFilter& filter);

 private:
  storage::Database& db_;
  const Clock& clock_;
};

nlohmann::json to_json(const AuditEntry& e);

}  // namespace cw::audit
