#include "vault/processing.hpp"

#include <fstream>
#include <iterator>

#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "events/event_bus.hpp"
#include "jobs/job_runner.hpp"
#include "vault/vault_service.hpp"

namespace cw::vault {

namespace fs = std::filesystem;

std::string ProcessingService::enqueue(const std::string& organization_id, const std::string& file_id) {
  return queue_.enqueue(kProcessJob, {{"fileId", file_id}},
                        {.organization_id = organization_id,
                         .max_attempts = settings_.max_attempts,
                         .dedupe_key = std::string(kProcessJob) + ":" + file_id});
}

nlohmann::json ProcessingService::reprocess(const Principal& caller, const std::string& file_id) {
  Item file = vault_.get_file(caller, file_id);
  // Forget the content's result so the job does the work again (a scan with today's clamd).
  storage_.reset_blob_media(caller.organization_id, *file.sha256);
  items_.apply_processing(caller.organization_id, *file.sha256, ContentState{}, std::nullopt, clock_.now_ms());
  return {{"jobId", enqueue(caller.organization_id, file.id)}, {"fileId", file.id}};
}

namespace {

/// Removes a scratch file when the work is done, whichever way it ends.
struct Scratch {
  fs::path path;
  ~Scratch() {
    std::error_code ec;
    if (!path.empty()) fs::remove(path, ec);
  }
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.filename().string());
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

BlobMedia ProcessingService::process(const std::string& organization_id, const std::string& sha256,
                                     const std::string& mime_type) {
  BlobMedia m;
  m.processed = true;
  nlohmann::json media = nlohmann::json::object();
  const bool scan = !settings_.clamd.address.empty();
  const bool thumbnail = thumbnailable(mime_type);
  if (!scan && !thumbnail) {
    if (!blobs_.exists(organization_id, sha256)) throw std::runtime_error("the content is missing from the blob store");
    m.media = media.dump();
    storage_.save_blob_media(organization_id, sha256, m, clock_.now_ms());
    return m;
  }
  // Scanner and workers read a file: the content's own, or a scratch copy of remote content.
  Scratch copy;
  fs::path content;
  if (auto local = blobs_.local_path(organization_id, sha256)) {
    content = *local;
  } else {
    auto size = blobs_.content_size(organization_id, sha256);
    auto source = size ? blobs_.open_content(organization_id, sha256, 0, *size) : nullptr;
    if (!source) throw std::runtime_error("the content is missing from the blob store");
    copy.path = content = blobs_.scratch_path(new_id("content"));
    std::ofstream out(content, std::ios::binary);
    std::string buffer(1 << 20, '\0');
    while (size_t n = source->read(buffer.data(), buffer.size()))
      out.write(buffer.data(), static_cast<std::streamsize>(n));
    out.close();
    if (!out) throw std::runtime_error("cannot copy the content to a scratch file");
  }
  if (scan) {
    if (auto threat = clamd_scan(settings_.clamd, content)) {
      m.infected = true;
      m.threat = *threat;
    }
  }
  // Infected content is never handed to an image decoder.
  if (!m.infected && thumbnail) {
    Scratch made{blobs_.scratch_path(new_id("thumb"))};
    nlohmann::json result = workers_.run(content, made.path);
    if (result.contains("refused")) {
      media["refused"] = result["refused"];
    } else {
      blobs_.put_object(thumbnail_key(organization_id, sha256), read_file(made.path));
      m.has_thumbnail = true;
      media = std::move(result);
    }
  }
  m.media = media.dump();
  storage_.save_blob_media(organization_id, sha256, m, clock_.now_ms());
  return m;
}

void ProcessingService::announce(const std::string& organization_id, const std::string& file_id,
                                 const std::string& sha256, const ContentState& state,
                                 const std::optional<std::string>& error) {
  nlohmann::json data = {{"fileId", file_id},
                         {"sha256", sha256},
                         {"processing", state.processing},
                         {"infected", state.infected},
                         {"thumbnail", state.has_thumbnail}};
  if (error) data["error"] = *error;
  events_.publish(organization_id, "vault.file.processed", data);
}

nlohmann::json ProcessingService::run(const jobs::Job& job, jobs::JobContext&) {
  const std::string& organization_id = job.organization_id;
  const std::string file_id = job.payload.value("fileId", "");
  auto file = items_.find(organization_id, file_id);
  if (!file || !file->is_file() || !file->sha256) return {{"skipped", "the file is gone"}};
  const std::string sha256 = *file->sha256;
  try {
    BlobMedia m = storage_.blob_media(organization_id, sha256);
    if (!m.processed) m = process(organization_id, sha256, file->mime_type.value_or(""));
    const ContentState state{"done", m.infected, m.has_thumbnail};
    items_.apply_processing(organization_id, sha256, state, std::nullopt, clock_.now_ms());
    announce(organization_id, file_id, sha256, state, std::nullopt);
    if (m.infected)
      log::warn("vault: infected content quarantined",
                {{"organizationId", organization_id}, {"fileId", file_id}, {"threat", m.threat.value_or("")}});
    return {{"fileId", file_id}, {"infected", m.infected}, {"thumbnail", m.has_thumbnail}};
  } catch (const std::exception& e) {
    // Out of attempts: the file says so and stays usable; the dead job can be re-driven.
    if (job.attempts >= job.max_attempts) {
      const ContentState failed{"failed", false, false};
      items_.apply_processing(organization_id, sha256, failed, std::string(e.what()), clock_.now_ms());
      announce(organization_id, file_id, sha256, failed, std::string(e.what()));
    }
    throw jobs::RetryableError(e.what());
  }
}

std::string ProcessingService::thumbnail(const Principal& caller, const std::string& file_id) {
  Item file = vault_.get_file(caller, file_id);
  if (!file.has_thumbnail || file.infected) throw ApiError(ErrorCode::kNotFound, "this file has no thumbnail");
  auto bytes = blobs_.read_object(thumbnail_key(caller.organization_id, *file.sha256));
  if (!bytes) throw ApiError(ErrorCode::kNotFound, "this file has no thumbnail");
  return std::move(*bytes);
}

nlohmann::json ProcessingService::media(const std::string& organization_id, const std::string& sha256) {
  BlobMedia m = storage_.blob_media(organization_id, sha256);
  if (!m.processed) return nlohmann::json::object();
  nlohmann::json media = nlohmann::json::parse(m.media, nullptr, false);
  if (!media.is_object()) media = nlohmann::json::object();
  if (m.threat) media["threat"] = *m.threat;
  return media;
}

int ProcessingService::fail_stuck() {
  return items_.fail_stuck(clock_.now_ms() - settings_.stuck_after_ms,
                           "processing did not finish in time; the file can still be downloaded");
}

void ProcessingService::add_jobs(jobs::JobRunner& runner) {
  runner.handle(kProcessJob, [this](const jobs::Job& job, jobs::JobContext& context) { return run(job, context); });
  runner.every("vault.fail_stuck_processing", 10 * 60 * 1000, [this] {
    if (int n = fail_stuck(); n > 0) log::warn("vault: files stuck in processing marked failed", {{"files", n}});
  });
}

void ProcessingService::subscribe(events::EventBus& events) {
  events.subscribe("vault.process_uploads", [this](const events::DomainEvent& event) {
    if (event.type != "vault.file.uploaded") return;
    enqueue(event.organization_id, event.data.value("fileId", ""));
  });
}

}  // namespace cw::vault
