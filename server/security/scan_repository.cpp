#include "security/scan_repository.hpp"

namespace cw::security {

using nlohmann::json;
using storage::params;

namespace {

constexpr const char* kScanColumns =
    "id, organization_id, job_id, trigger, mode, state, rules_version, changed_since, resources_evaluated, new_count,"
    " reopened_count, resolved_count, open_count, error, requested_by, created_at, started_at, finished_at";

constexpr const char* kInsertScan =
    "INSERT INTO security_scans (id, organization_id, job_id, trigger, mode, state, rules_version, changed_since,"
    " resources_evaluated, new_count, reopened_count, resolved_count, open_count, error, requested_by, created_at,"
    " started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0, NULL, ?, ?, NULL, NULL)";
constexpr const char* kUpgradeToFull =
    "UPDATE security_scans SET mode = 'full', trigger = ? WHERE id = ? AND state = 'queued'";
constexpr const char* kMarkRunning =
    "UPDATE security_scans SET state = 'running', mode = ?, rules_version = ?, changed_since = ?, started_at = ?"
    " WHERE id = ?";
constexpr const char* kFinishScan =
    "UPDATE security_scans SET state = ?, resources_evaluated = ?, new_count = ?, reopened_count = ?,"
    " resolved_count = ?, open_count = ?, error = ?, finished_at = ? WHERE id = ?";

// The inventory, in (updated_at, id) order so an incremental scan reads only what changed
// (index resources_org_updated); a terminated resource is as good as gone.
// The row value seeks the index to the cursor: a sync stamps thousands of rows with one
// updated_at, and "updated_at > ? OR (updated_at = ? AND id > ?)" would walk them all per page.
constexpr const char* kResourcesPage =
    "SELECT id, account_id, provider, type, name, region, status, spec, tags, posture, updated_at FROM resources"
    " WHERE organization_id = ? AND (updated_at, id) > (?, ?) AND status <> 'terminated'"
    " ORDER BY updated_at, id LIMIT ?";
constexpr const char* kCountResources =
    "SELECT COUNT(*) FROM resources WHERE organization_id = ? AND updated_at >= ? AND status <> 'terminated'";
constexpr const char* kOrganizationsWithResources = "SELECT DISTINCT organization_id FROM resources";

Scan scan_from(storage::Row& r) {
  Scan s;
  s.id = r.take_text(0);
  s.organization_id = r.take_text(1);
  s.job_id = r.take_text(2);
  s.trigger = r.take_text(3);
  s.mode = r.take_text(4);
  s.state = r.take_text(5);
  s.rules_version = r.take_text(6);
  s.changed_since = r.opt_integer(7);
  s.resources_evaluated = r.integer(8);
  s.new_count = r.integer(9);
  s.reopened_count = r.integer(10);
  s.resolved_count = r.integer(11);
  s.open_count = r.integer(12);
  s.error = r.take_text(13);
  s.requested_by = r.take_text(14);
  s.created_at = r.integer(15);
  s.started_at = r.opt_integer(16);
  s.finished_at = r.opt_integer(17);
  return s;
}

std::optional<Scan> first_scan(storage::Result result) {
  if (result.rows.empty()) return std::nullopt;
  return scan_from(result.rows.front());
}

}  // namespace

void ScanRepository::insert(const Scan& s) {
  db_.execute(kInsertScan, params(s.id, s.organization_id, s.job_id.empty() ? std::optional<std::string>() : s.job_id,
                                  s.trigger, s.mode, s.state, s.rules_version, s.changed_since, s.requested_by,
                                  static_cast<long long>(s.created_at)));
}

std::optional<Scan> ScanRepository::find(const std::string& organization_id, const std::string& id) {
  return first_scan(
      db_.execute(std::string("SELECT ") + kScanColumns + " FROM security_scans WHERE organization_id = ? AND id = ?",
                  params(organization_id, id)));
}

std::optional<Scan> ScanRepository::find_by_job(const std::string& job_id) {
  return first_scan(
      db_.execute(std::string("SELECT ") + kScanColumns + " FROM security_scans WHERE job_id = ?", params(job_id)));
}

std::optional<Scan> ScanRepository::queued(const std::string& organization_id) {
  return first_scan(db_.execute(std::string("SELECT ") + kScanColumns +
                                    " FROM security_scans WHERE organization_id = ? AND state = 'queued'"
                                    " ORDER BY created_at DESC, id DESC LIMIT 1",
                                params(organization_id)));
}

std::vector<Scan> ScanRepository::list(const std::string& organization_id, int limit,
                                       const std::optional<std::pair<Millis, std::string>>& before) {
  std::string sql = std::string("SELECT ") + kScanColumns + " FROM security_scans WHERE organization_id = ?";
  storage::Params v = params(organization_id);
  if (before) {
    sql += " AND (created_at, id) < (?, ?)";
    v.emplace_back(static_cast<std::int64_t>(before->first));
    v.emplace_back(before->second);
  }
  sql += " ORDER BY created_at DESC, id DESC LIMIT ?";
  v.emplace_back(static_cast<std::int64_t>(limit));
  std::vector<Scan> out;
  for (auto& row : db_.execute(sql, v).rows) out.push_back(scan_from(row));
  return out;
}

std::optional<Scan> ScanRepository::last_completed(const std::string& organization_id) {
  return first_scan(db_.execute(std::string("SELECT ") + kScanColumns +
                                    " FROM security_scans WHERE organization_id = ? AND state = 'completed'"
                                    " ORDER BY started_at DESC, id DESC LIMIT 1",
                                params(organization_id)));
}

void ScanRepository::upgrade_to_full(const std::string& scan_id, const std::string& trigger) {
  db_.execute(kUpgradeToFull, params(trigger, scan_id));
}

void ScanRepository::mark_running(const std::string& scan_id, const std::string& mode, const std::string& rules_version,
                                  std::optional<Millis> changed_since, Millis now) {
  db_.execute(kMarkRunning, params(mode, rules_version, changed_since, static_cast<long long>(now), scan_id));
}

void ScanRepository::finish(const Scan& s) {
  db_.execute(kFinishScan, params(s.state, s.resources_evaluated, s.new_count, s.reopened_count, s.resolved_count,
                                  s.open_count, s.error.empty() ? std::optional<std::string>() : s.error,
                                  static_cast<long long>(s.finished_at.value_or(0)), s.id));
}

std::vector<ScanSubject> ScanRepository::resources(const std::string& organization_id,
                                                   std::optional<Millis> changed_since, const ResourceCursor& after,
                                                   int limit) {
  std::vector<ScanSubject> out;
  // The first page starts just before the oldest change wanted: (since, "") precedes every id.
  const bool first = after.id.empty() && after.updated_at < 0;
  const long long from = first ? changed_since.value_or(0) : after.updated_at;
  auto result = db_.execute(kResourcesPage, params(organization_id, from, first ? std::string() : after.id, limit));
  out.reserve(result.rows.size());
  for (auto& row : result.rows) {
    ScanSubject s;
    s.id = row.take_text(0);
    s.account_id = row.take_text(1);
    s.provider = row.take_text(2);
    s.type = row.take_text(3);
    s.name = row.take_text(4);
    s.region = row.take_text(5);
    s.status = row.take_text(6);
    s.subject = {{"type", s.type},
                 {"provider", s.provider},
                 {"region", s.region},
                 {"name", s.name},
                 {"status", s.status},
                 {"spec", stored_object(row.text(7))},
                 {"tags", stored_object(row.text(8))},
                 {"posture", stored_object(row.text(9))}};
    s.updated_at = row.integer(10);
    out.push_back(std::move(s));
  }
  return out;
}

long long ScanRepository::count_resources(const std::string& organization_id, std::optional<Millis> changed_since) {
  return db_.execute(kCountResources, params(organization_id, static_cast<long long>(changed_since.value_or(0))))
      .first()
      .integer(0);
}

std::vector<std::string> ScanRepository::organizations_with_resources() {
  std::vector<std::string> out;
  for (auto& row : db_.execute(kOrganizationsWithResources).rows) out.push_back(row.take_text(0));
  return out;
}

}  // namespace cw::security
