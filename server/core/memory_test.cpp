// Memory that short-lived threads allocated and freed goes back to the OS when asked; without
// the request it stays resident (this test fails with the call removed). And what one thread
// freed, another reuses (fails without the one arena of core/memory.cpp).
#include <gtest/gtest.h>

#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/memory.hpp"
#include "core/metrics.hpp"

namespace cw {
namespace {

long long resident_bytes() { return static_cast<long long>(process_rss_bytes()); }

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

TEST(Memory, OneThreadReusesWhatAnotherFreed) {
  constexpr long long kMegabytes = 64;
  constexpr int kBlock = 96;
  auto fill = [](std::vector<std::unique_ptr<char[]>>& blocks) {
    for (long long i = 0; i < (kMegabytes << 20) / kBlock; ++i) {
      blocks.emplace_back(new char[kBlock]);
      std::memset(blocks.back().get(), 1, kBlock);
    }
  };
  // Like the sync's stages: one thread frees a page's records (and lives on), another allocates
  // the next page's. The second should get the first one's freed memory, not fresh pages.
  std::mutex mutex;
  std::condition_variable changed;
  bool freed = false, done = false;
  std::thread freeing([&] {
    std::vector<std::unique_ptr<char[]>> blocks;
    fill(blocks);
    std::vector<std::unique_ptr<char[]>>().swap(blocks);
    std::unique_lock lock(mutex);
    freed = true;
    changed.notify_all();
    changed.wait(lock, [&] { return done; });
  });
  {
    std::unique_lock lock(mutex);
    changed.wait(lock, [&] { return freed; });
  }
  long long grown = 0;
  std::thread([&] {
    std::vector<std::unique_ptr<char[]>> blocks;
    long long before = resident_bytes();
    fill(blocks);
    grown = resident_bytes() - before;
  }).join();
  {
    std::lock_guard lock(mutex);
    done = true;
  }
  changed.notify_all();
  freeing.join();
  EXPECT_LT(grown, (kMegabytes / 4) << 20) << "resident memory grew by " << grown << " bytes";
}

}  // namespace
}  // namespace cw
