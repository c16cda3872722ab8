#pragma once
/// Runs the vault's media work (media.hpp) in child processes of the server: `cloudweave
/// vault-media --serve` reads "IN<TAB>OUT" lines and answers one JSON line each. A child's
/// address space is capped (RLIMIT_AS) and it is killed when an image overruns the deadline, so
/// a hostile or broken image costs one job attempt, never the server's memory or a thread for
/// good. Children are kept between images (starting one costs about as much as a thumbnail)
/// and replaced after a while, after a failure, or when they die.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "core/clock.hpp"
#include "vault/media.hpp"

namespace cw::vault {

struct MediaWorkerSettings {
  std::filesystem::path program;                // the cloudweave binary (its own /proc/self/exe)
  int64_t memory_bytes = 1024LL * 1024 * 1024;  // each child's address space
  Millis timeout_ms = 60'000;                   // per image
  int images_per_child = 500;                   // then a fresh child (bounds any slow leak)
  MediaLimits limits;
};

/// The worker crashed, ran out of memory or time: worth another attempt later.
class MediaWorkerFailed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class MediaWorkers {
 public:
  explicit MediaWorkers(MediaWorkerSettings settings) : settings_(std::move(settings)) {}
  ~MediaWorkers();
  MediaWorkers(const MediaWorkers&) = delete;
  MediaWorkers& operator=(const MediaWorkers&) = delete;

  /// The metadata make_thumbnail() returned (the thumbnail is then at `out`), or {"refused": why}.
  /// Thread-safe: each caller gets a child of its own. Throws MediaWorkerFailed.
  nlohmann::json run(const std::filesystem::path& in, const std::filesystem::path& out);

 private:
  struct Child {
    int pid = -1;
    int fd = -1;  // our end of the socket pair: the child's stdin and stdout
    int served = 0;
  };
  Child spawn();
  static void stop(Child& child);

  MediaWorkerSettings settings_;
  std::mutex mutex_;
  std::vector<Child> idle_;
};

}  // namespace cw::vault
