#pragma once
/// The vault's processing pipeline: every finished upload publishes `vault.file.uploaded`; the
/// `vault.process` job it starts scans the content with ClamAV when the operator configured
/// clamd (infected content is quarantined: not downloadable, not shareable), and makes a WebP
/// thumbnail with the image's size and EXIF in the media worker (media_worker.hpp). Identical
/// content is processed once per organization. A failure is retried with backoff; after the last
/// attempt the file is marked "failed" — still downloadable and deletable — and the dead job can
/// be re-driven (POST /jobs/{id}/retry, or the file's own POST …/process). A sweep marks files
/// that stayed pending too long "failed", so nothing is ever stuck in "processing".
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/principal.hpp"
#include "vault/blob_store.hpp"
#include "vault/clamd.hpp"
#include "vault/item_repository.hpp"
#include "vault/media_worker.hpp"
#include "vault/storage_repository.hpp"

namespace cw::events {
class EventBus;
}
namespace cw::jobs {
class JobQueue;
class JobRunner;
struct Job;
class JobContext;
}  // namespace cw::jobs

namespace cw::vault {

class VaultService;

struct ProcessingSettings {
  MediaWorkerSettings worker;
  ClamdSettings clamd;  // address "" = no virus scan
  int max_attempts = 4;
  /// A file still pending after this long is marked failed by the sweep.
  Millis stuck_after_ms = 2 * 3600 * 1000;
};

class ProcessingService {
 public:
  ProcessingService(ItemRepository& items, StorageRepository& storage, BlobStore& blobs, VaultService& vault,
                    jobs::JobQueue& queue, events::EventBus& events, const Clock& clock, ProcessingSettings settings)
      : items_(items),
        storage_(storage),
        blobs_(blobs),
        vault_(vault),
        queue_(queue),
        events_(events),
        clock_(clock),
        settings_(std::move(settings)),
        workers_(settings_.worker) {}

  static constexpr const char* kProcessJob = "vault.process";

  /// Queues the file's processing (once while one is queued or running); the job id.
  std::string enqueue(const std::string& organization_id, const std::string& file_id);
  /// POST /vault/files/{id}/process: processes the file's current content again from the start
  /// (a failed file, or content processed before clamd was configured).
  nlohmann::json reprocess(const Principal& caller, const std::string& file_id);
  nlohmann::json run(const jobs::Job& job, jobs::JobContext& context);
  /// The file's thumbnail (WebP bytes), or NOT_FOUND.
  std::string thumbnail(const Principal& caller, const std::string& file_id);
  /// The content's media metadata ({} before processing).
  nlohmann::json media(const std::string& organization_id, const std::string& sha256);
  /// The sweep (vault.fail_stuck_processing): how many files it marked failed.
  int fail_stuck();

  void add_jobs(jobs::JobRunner& runner);
  void subscribe(events::EventBus& events);

 private:
  BlobMedia process(const std::string& organization_id, const std::string& sha256, const std::string& mime_type);
  void announce(const std::string& organization_id, const std::string& file_id, const std::string& sha256,
                const ContentState& state, const std::optional<std::string>& error);

  ItemRepository& items_;
  StorageRepository& storage_;
  BlobStore& blobs_;
  VaultService& vault_;
  jobs::JobQueue& queue_;
  events::EventBus& events_;
  const Clock& clock_;
  ProcessingSettings settings_;
  MediaWorkers workers_;
};

}  // namespace cw::vault
