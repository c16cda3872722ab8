#pragma once
/// The vault's scheduled work, as jobs of each organization that has some to do, so every run is
/// visible (and retried) in /jobs: expired uploads, trash past its period, and content nothing
/// refers to any more. Parts no upload owns (a crash mid-upload) are swept by the scheduler.
#include <string>

#include "core/clock.hpp"

namespace cw::jobs {
class JobQueue;
class JobRunner;
}  // namespace cw::jobs

namespace cw::vault {

class VaultService;
class UploadService;
class AnalyticsService;

struct MaintenanceSettings {
  Millis uploads_every_ms = 60 * 60'000;
  Millis trash_every_ms = 60 * 60'000;
  Millis garbage_every_ms = 6 * 60 * 60'000;
  Millis snapshot_every_ms = 6 * 60 * 60'000;  // today's storage row, kept current
};

class Maintenance {
 public:
  static constexpr const char* kExpireUploads = "vault.expire_uploads";
  static constexpr const char* kPurgeTrash = "vault.purge_trash";
  static constexpr const char* kCollectGarbage = "vault.collect_garbage";
  static constexpr const char* kSnapshotUsage = "vault.snapshot_usage";

  Maintenance(VaultService& vault, UploadService& uploads, AnalyticsService& analytics, jobs::JobQueue& queue,
              MaintenanceSettings settings)
      : vault_(vault), uploads_(uploads), analytics_(analytics), queue_(queue), settings_(settings) {}

  void add_jobs(jobs::JobRunner& runner);
  /// Enqueues each kind of job for the organizations that have work of that kind (also run by
  /// the periodic tasks); returns how many jobs were enqueued.
  int schedule_uploads();
  int schedule_trash();
  int schedule_garbage();
  int schedule_snapshots();

 private:
  void enqueue(const char* type, const std::string& organization_id);

  VaultService& vault_;
  UploadService& uploads_;
  AnalyticsService& analytics_;
  jobs::JobQueue& queue_;
  MaintenanceSettings settings_;
};

}  // namespace cw::vault
