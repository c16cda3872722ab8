// Memory that short-lived threads allocated and freed goes back to the OS when asked; without
// the request it stays resident (this test fails with the call removed).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <memory>
#include <thread>
#include <vector>

#include "core/memory.hpp"

namespace cw {
namespace {

long long resident_bytes() {
  long long pages = 0, resident = 0;
  std::ifstream("/proc/self/statm") >> pages >> resident;
  return resident * sysconf(_SC_PAGESIZE);
}

TEST(Memory, ReleasesWhatAFinishedThreadFreed) {
  constexpr long long kMegabytes = 128;
  constexpr int kBlock = 96;  // small objects, like the JSON nodes of a sync's pages
  // Allocated by one thread and freed by another, like a page from fetch to prepare; both gone.
  std::vector<std::unique_ptr<char[]>> blocks;
  std::thread([&] {
    for (long long i = 0; i < (kMegabytes << 20) / kBlock; ++i) {
      blocks.emplace_back(new char[kBlock]);
      std::memset(blocks.back().get(), 1, kBlock);  // make the pages resident
    }
  }).join();
  std::thread([&] { std::vector<std::unique_ptr<char[]>>().swap(blocks); }).join();
  long long before = resident_bytes();
  release_unused_memory();
  long long after = resident_bytes();
  EXPECT_LT(after, before - (kMegabytes / 2) * (1 << 20)) << "before " << before << ", after " << after;
}

}  // namespace
}  // namespace cw
