#include "core/memory.hpp"

#include <jemalloc/jemalloc.h>

#include <string>

#include <nlohmann/json.hpp>

#include "core/log.hpp"

// jemalloc's options, read once at start (`man jemalloc`: "malloc_conf"); MALLOC_CONF in the
// environment still overrides them.
// * One arena for every thread instead of jemalloc's default of four per CPU. A sync's stages
//   run on their own threads: one frees a page's records while the next allocates. With an arena
//   per thread, each arena grew by what the others had just freed, and every page that growth
//   touched was a fresh page fault. With one, a first sync of 50,000 instances takes a third
//   fewer faults and about 8% less CPU (bench/aws_replay_benchmark.cpp). The HTTP benchmark
//   (bench/http.sh) is unchanged: the threads' own caches serve most allocations without the
//   arena's lock.
// * Freed pages go back to the OS over 30 s instead of 10 s. At 10 s, much of what a sync's
//   first pages freed was handed back before its last pages needed it again, and faulted in
//   afresh: another third fewer faults, and 5–10% less CPU. A big sync still hands everything
//   back when it ends (release_unused_memory).
extern "C" const char* malloc_conf = "narenas:1,dirty_decay_ms:30000";

namespace cw {

void release_unused_memory() {
  static const std::string kPurgeAllArenas = "arena." + std::to_string(MALLCTL_ARENAS_ALL) + ".purge";
  // Only memory is at stake: a refusal is worth a line in the log, not a failed sync.
  if (int rc = mallctl(kPurgeAllArenas.c_str(), nullptr, nullptr, nullptr, 0); rc != 0)
    log::warn("jemalloc did not purge its unused pages", {{"error", rc}});
}

}  // namespace cw
