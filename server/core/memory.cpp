#include "core/memory.hpp"

#include <jemalloc/jemalloc.h>

#include <string>

#include <nlohmann/json.hpp>

#include "core/log.hpp"

namespace cw {

void release_unused_memory() {
  static const std::string kPurgeAllArenas = "arena." + std::to_string(MALLCTL_ARENAS_ALL) + ".purge";
  // Only memory is at stake: a refusal is worth a line in the log, not a failed sync.
  if (int rc = mallctl(kPurgeAllArenas.c_str(), nullptr, nullptr, nullptr, 0); rc != 0)
    log::warn("jemalloc did not purge its unused pages", {{"error", rc}});
}

}  // namespace cw
