#include "vault/maintenance.hpp"

#include <nlohmann/json.hpp>

#include "jobs/job_queue.hpp"
#include "jobs/job_runner.hpp"
#include "vault/analytics_service.hpp"
#include "vault/upload_service.hpp"
#include "vault/vault_service.hpp"

namespace cw::vault {

void Maintenance::enqueue(const char* type, const std::string& organization_id) {
  jobs::EnqueueOptions options;
  options.organization_id = organization_id;
  options.dedupe_key = std::string(type) + ":" + organization_id;
  queue_.enqueue(type, nlohmann::json::object(), options);
}

int Maintenance::schedule_uploads() {
  auto orgs = uploads_.organizations_with_expired();
  for (auto& org : orgs) enqueue(kExpireUploads, org);
  return static_cast<int>(orgs.size());
}

int Maintenance::schedule_trash() {
  auto orgs = vault_.organizations_with_expired_trash();
  for (auto& org : orgs) enqueue(kPurgeTrash, org);
  return static_cast<int>(orgs.size());
}

int Maintenance::schedule_garbage() {
  auto orgs = vault_.organizations_with_garbage();
  for (auto& org : orgs) enqueue(kCollectGarbage, org);
  return static_cast<int>(orgs.size());
}

int Maintenance::schedule_snapshots() {
  auto orgs = analytics_.organizations_with_content();
  for (auto& org : orgs) enqueue(kSnapshotUsage, org);
  return static_cast<int>(orgs.size());
}

void Maintenance::add_jobs(jobs::JobRunner& runner) {
  runner.handle(kExpireUploads, [this](const jobs::Job& job, jobs::JobContext&) {
    return nlohmann::json{{"uploadsRemoved", uploads_.remove_expired(job.organization_id)}};
  });
  runner.handle(kPurgeTrash, [this](const jobs::Job& job, jobs::JobContext&) {
    return nlohmann::json{{"itemsPurged", vault_.purge_expired_trash(job.organization_id)}};
  });
  runner.handle(kCollectGarbage, [this](const jobs::Job& job, jobs::JobContext&) {
    return nlohmann::json{{"blobsRemoved", vault_.collect_garbage(job.organization_id)}};
  });
  runner.every("vault.schedule_uploads", settings_.uploads_every_ms, [this] {
    schedule_uploads();
    uploads_.remove_orphan_parts();
  });
  runner.every("vault.schedule_trash", settings_.trash_every_ms, [this] { schedule_trash(); });
  runner.every("vault.schedule_garbage", settings_.garbage_every_ms, [this] { schedule_garbage(); });
  runner.handle(kSnapshotUsage, [this](const jobs::Job& job, jobs::JobContext&) {
    analytics_.snapshot(job.organization_id);
    return nlohmann::json{{"snapshot", true}};
  });
  runner.every("vault.schedule_snapshots", settings_.snapshot_every_ms, [this] { schedule_snapshots(); });
}

}  // namespace cw::vault
