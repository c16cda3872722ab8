#pragma once
/// Scans (security_scans) and the scan's read of the inventory. Reading `resources` is a read of
/// the inventory's table, never a write: findings copy what they need.
#include <optional>
#include <string>
#include <vector>

#include "security/evaluator.hpp"
#include "security/model.hpp"
#include "storage/database.hpp"

namespace cw::security {

/// Keyset position in the inventory: resources come in (updated_at, id) order.
struct ResourceCursor {
  Millis updated_at = -1;
  std::string id;
};

class ScanRepository {
 public:
  explicit ScanRepository(storage::Database& db) : db_(db) {}

  void insert(const Scan& scan);
  std::optional<Scan> find(const std::string& organization_id, const std::string& id);
  std::optional<Scan> find_by_job(const std::string& job_id);
  /// A scan of the organization that is queued and has not started.
  std::optional<Scan> queued(const std::string& organization_id);
  /// Newest first, after the (created_at, id) position when given.
  std::vector<Scan> list(const std::string& organization_id, int limit,
                         const std::optional<std::pair<Millis, std::string>>& before);
  /// The last scan that completed, for an incremental scan's starting point.
  std::optional<Scan> last_completed(const std::string& organization_id);
  /// A queued scan asked again as a full one becomes full (it has not started).
  void upgrade_to_full(const std::string& scan_id, const std::string& trigger);
  void mark_running(const std::string& scan_id, const std::string& mode, const std::string& rules_version,
                    std::optional<Millis> changed_since, Millis now);
  void finish(const Scan& scan);

  /// Up to `limit` live resources (not terminated) updated at or after `changed_since`, after
  /// `cursor`, with the facts the rules read.
  std::vector<ScanSubject> resources(const std::string& organization_id, std::optional<Millis> changed_since,
                                     const ResourceCursor& after, int limit);
  long long count_resources(const std::string& organization_id, std::optional<Millis> changed_since);
  /// Organizations with at least one resource (the scheduled scans).
  std::vector<std::string> organizations_with_resources();

 private:
  storage::Database& db_;
};

}  // namespace cw::security
