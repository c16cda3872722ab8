#include "core/memory.hpp"

#include <jemalloc/jemalloc.h>

#include <string>

namespace cw {

void release_unused_memory() {
  static const std::string kPurgeAllArenas = "arena." + std::to_string(MALLCTL_ARENAS_ALL) + ".purge";
  mallctl(kPurgeAllArenas.c_str(), nullptr, nullptr, nullptr, 0);
}

}  // namespace cw
