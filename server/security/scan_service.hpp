#pragma once
/// Scans: an organization's inventory, read from the database (never the clouds), evaluated
/// against its rules. Full on demand and on schedule; incremental after a sync (only resources
/// updated since the previous scan began). A scan is a job with progress and cancel; it records
/// its delta, keeps the daily trend, and tells the organization about new critical and high
/// findings through the notifications module (`security`).
#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/principal.hpp"
#include "jobs/job_queue.hpp"
#include "security/finding_repository.hpp"
#include "security/rule_service.hpp"
#include "security/scan_repository.hpp"

namespace cw::jobs {
class JobContext;
}
namespace cw::http {
struct PageRequest;
}
namespace cw::events {
class EventBus;
}

namespace cw::security {

struct SecuritySettings {
  Millis scan_interval_ms = 6 * 3'600'000;  // the scheduled full scan
  int batch_size = 1000;                    // resources per transaction
  /// An incremental scan re-reads resources updated shortly before the previous scan began: a
  /// sync that committed while that scan read is never missed (evaluating twice is harmless).
  Millis incremental_overlap_ms = 10'000;
};

class ScanService {
 public:
  ScanService(ScanRepository& scans, FindingRepository& findings, MuteRepository& mutes, RuleService& rules,
              storage::Database& db, jobs::JobQueue& queue, events::EventBus& events, const Clock& clock,
              SecuritySettings settings = {})
      : scans_(scans),
        findings_(findings),
        mutes_(mutes),
        rules_(rules),
        db_(db),
        queue_(queue),
        events_(events),
        clock_(clock),
        settings_(settings) {}

  static constexpr const char* kScanJob = "security.scan";

  /// Queues a scan, or returns the one already queued (a queued incremental one asked for in full
  /// becomes full). trigger: manual | sync | change | schedule. `delay_ms` lets a burst of
  /// changes gather before the scan starts.
  Scan request(const std::string& organization_id, const std::string& trigger, bool full,
               const std::string& requested_by = {}, Millis delay_ms = 0);
  /// Every organization with resources gets a full scan (the periodic task).
  void schedule_all();
  /// The job handler.
  nlohmann::json run(const jobs::Job& job, jobs::JobContext& ctx);

  Scan get(const Principal& actor, const std::string& id);
  /// Newest first; cursor paging over (createdAt, id).
  nlohmann::json list(const Principal& actor, const http::PageRequest& page);

  const SecuritySettings& settings() const { return settings_; }

 private:
  struct Outcome;
  void scan(Scan& scan, const OrganizationRules& rules, jobs::JobContext& ctx, Outcome& out);
  void announce(const Scan& scan, const Outcome& out);

  ScanRepository& scans_;
  FindingRepository& findings_;
  MuteRepository& mutes_;
  RuleService& rules_;
  storage::Database& db_;
  jobs::JobQueue& queue_;
  events::EventBus& events_;
  const Clock& clock_;
  SecuritySettings settings_;
};

}  // namespace cw::security
