#pragma once
/// Runs `cloudweave vault-media` (media.hpp) in a child process: its address space is capped
/// (RLIMIT_AS) and it is killed at the deadline, so a hostile or broken image costs one job
/// attempt and never the server's memory or a worker thread forever.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <stdexcept>

#include "core/clock.hpp"
#include "vault/media.hpp"

namespace cw::vault {

struct MediaWorkerSettings {
  std::filesystem::path program;                // the cloudweave binary (its own /proc/self/exe)
  int64_t memory_bytes = 1024LL * 1024 * 1024;  // the child's address space
  Millis timeout_ms = 60'000;
  MediaLimits limits;
};

/// The worker crashed, ran out of memory or time: worth another attempt later.
class MediaWorkerFailed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The metadata make_thumbnail() returned (the thumbnail is then at `out`), or {"refused": why}.
/// Throws MediaWorkerFailed.
nlohmann::json run_media_worker(const MediaWorkerSettings& settings, const std::filesystem::path& in,
                                const std::filesystem::path& out);

}  // namespace cw::vault
