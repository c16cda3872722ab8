// A 2 GiB upload and download through the real server: memory stays flat (issue 16: within
// 50 MB of idle) because neither side ever holds more than a few chunks.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "core/memory.hpp"
#include "core/metrics.hpp"
#include "http/live_server_test_support.hpp"
#include "http/streaming_test_routes.hpp"

namespace cw::http {
namespace {

namespace fs = std::filesystem;
using namespace cw::http::testing;

constexpr uint64_t kSize = 2ull << 30;
constexpr double kMiB = 1024.0 * 1024.0;

// The kernel keeps the process's peak resident size (VmHWM); writing 5 to clear_refs resets it
// (Linux 4.0+), so the peak of one phase is measured exactly rather than sampled.
bool reset_peak_rss() { return static_cast<bool>(std::ofstream("/proc/self/clear_refs") << "5"); }

double peak_rss_bytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) * 1024.0;
  return 0;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST(StreamingLarge, TwoGibibytesUpAndDownInBoundedMemory) {
  fs::path dir = fs::temp_directory_path() / ("cw-streaming-large-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  if (fs::space(dir).available < kSize + (1ull << 30)) GTEST_SKIP() << "needs 3 GiB free in " << dir;

  Router router;
  SinkProbe probe;
  // No fdatasync: this measures the HTTP path and memory, not the disk's flush speed.
  add_streaming_test_routes(router, dir, kSize, probe, /*sync_on_finish=*/false);
  ServerSettings settings;
  settings.io_threads = 2;
  settings.worker_threads = 2;
  LiveServer server(router, settings);

  // Warm up: IO threads, worker threads and allocator arenas exist before "idle" is measured.
  {
    RawClient c(server.port());
    std::string small = pattern(1 << 20);
    c.send(
        "POST /api/v1/test/uploads/warm HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer admin\r\n"
        "Content-Length: " +
        std::to_string(small.size()) + "\r\n\r\n" + small);
    ASSERT_EQ(c.read_reply().status, 201);
    c.send("GET /api/v1/test/files/warm HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer viewer\r\n\r\n");
    ASSERT_EQ(c.read_reply().status, 200);
  }
  release_unused_memory();
  double idle = process_rss_bytes();
  bool exact_peak = reset_peak_rss();

  RawClient c(server.port());
  std::vector<char> chunk(1 << 20);
  auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(
      c.send("POST /api/v1/test/uploads/big HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer admin\r\n"
             "Content-Length: " +
             std::to_string(kSize) + "\r\n\r\n"));
  for (uint64_t offset = 0; offset < kSize; offset += chunk.size()) {
    fill_pattern(chunk.data(), chunk.size(), offset);
    ASSERT_TRUE(c.send(std::string_view(chunk.data(), chunk.size()))) << "at " << offset;
  }
  Reply up = c.read_reply();
  double upload_seconds = seconds_since(start);
  ASSERT_EQ(up.status, 201) << up.body;
  ASSERT_EQ(fs::file_size(dir / "store" / "big"), kSize);
  double upload_peak = exact_peak ? peak_rss_bytes() : process_rss_bytes();

  exact_peak = exact_peak && reset_peak_rss();
  start = std::chrono::steady_clock::now();
  c.send("GET /api/v1/test/files/big HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer viewer\r\n\r\n");
  uint64_t offset = 0;
  uint64_t mismatches = 0;
  std::vector<char> expected(1 << 20);
  Reply down = c.read_reply(false, [&](std::string_view piece) {
    if (expected.size() < piece.size()) expected.resize(piece.size());
    fill_pattern(expected.data(), piece.size(), offset);
    if (std::memcmp(expected.data(), piece.data(), piece.size()) != 0) ++mismatches;
    offset += piece.size();
  });
  double download_seconds = seconds_since(start);
  double download_peak = exact_peak ? peak_rss_bytes() : process_rss_bytes();
  EXPECT_EQ(down.status, 200);
  EXPECT_EQ(down.body_bytes, kSize);
  EXPECT_EQ(mismatches, 0u) << "every byte came back as it was sent";

  double upload_growth = (upload_peak - idle) / kMiB;
  double download_growth = (download_peak - idle) / kMiB;
  std::cout << "2 GiB upload: " << upload_seconds << " s (" << 2048 / upload_seconds << " MiB/s), peak RSS +"
            << upload_growth << " MiB; download: " << download_seconds << " s (" << 2048 / download_seconds
            << " MiB/s), peak RSS +" << download_growth << " MiB; idle RSS " << idle / kMiB << " MiB"
            << (exact_peak ? "" : " (peaks sampled at the end)") << std::endl;
  EXPECT_LT(upload_growth, 50.0);
  EXPECT_LT(download_growth, 50.0);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace cw::http
