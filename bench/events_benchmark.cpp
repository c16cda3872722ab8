// Event delivery through the outbox (issue 16): producers publish domain events at a target rate,
// each in its own transaction (an outbox row, as a change would write it); the dispatcher claims
// them, and the WebSocket hub fans each one out to N sessions of one organization. Prints the
// rate reached and the delivery latency — publish call to the last session's send() — p50/p99/max.
//
//   build/events_benchmark [events per second = 10000] [sessions = 1000] [seconds = 5] [dir]
//
// The sessions are in-process: send() takes the frame as the real session's queue does, but no
// socket writes it, so this measures the outbox, the dispatcher and the fan-out, not the kernel.
// (10,000 events/s to 1,000 sessions would be 10 million WebSocket frames a second.)
#include <algorithm>
#include <cstdlib>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <thread>
#include <vector>

#include "core/crypto.hpp"
#include "events/event_bus.hpp"
#include "http/ws_hub.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"

using namespace cw;
using Steady = std::chrono::steady_clock;

namespace {

class CountingSession final : public http::WsClient {
 public:
  void send(std::shared_ptr<const std::string> message) override {
    frames.fetch_add(1, std::memory_order_relaxed);
    bytes.fetch_add(message->size(), std::memory_order_relaxed);
  }
  void close(unsigned short) override {}
  const std::string& user_id() const override { return user_; }
  std::atomic<long long> frames{0}, bytes{0};

 private:
  std::string user_ = "usr_bench";
};

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
  const long long rate = argc > 1 ? std::stoll(argv[1]) : 10'000;
  const int sessions = argc > 2 ? std::stoi(argv[2]) : 1'000;
  const int seconds = argc > 3 ? std::stoi(argv[3]) : 5;
  namespace fs = std::filesystem;
  fs::path dir = argc > 4 ? fs::path(argv[4])
                          : fs::temp_directory_path() / ("cw-events-" + crypto::to_hex(crypto::random_bytes(4)));
  fs::create_directories(dir);
  {
    auto db = storage::open_database({"sqlite://" + (dir / "events.db").string(), 4, 5000});
    storage::migrate(*db, storage::embedded_migrations());
    SystemClock clock;
    events::BusSettings settings;
    if (const char* b = std::getenv("BENCH_BATCH")) settings.batch = std::atoi(b);
    events::EventBus bus(*db, clock, settings);
    http::WsHub hub;
    std::vector<std::shared_ptr<CountingSession>> clients;
    for (int i = 0; i < sessions; ++i) {
      clients.push_back(std::make_shared<CountingSession>());
      hub.add("org_bench", clients.back());
    }
    const long long total = rate * seconds;
    std::vector<Steady::time_point> published(static_cast<size_t>(total));
    std::vector<double> latency_ms;
    latency_ms.reserve(static_cast<size_t>(total));
    std::mutex latency_mutex;
    std::atomic<long long> delivered{0};
    bus.subscribe_local([&](const events::DomainEvent& e, const std::shared_ptr<const std::string>& message) {
      hub.deliver(e.organization_id, message);
      auto done = Steady::now();
      long long seq = e.data.value("seq", -1LL);
      if (seq < 0 || seq >= total) return;
      std::lock_guard lock(latency_mutex);
      latency_ms.push_back(
          std::chrono::duration<double, std::milli>(done - published[static_cast<size_t>(seq)]).count());
      delivered.fetch_add(1);
    });
    bus.start();

    // Two producers, paced: event n is due at start + n / rate.
    const int producers = 2;
    auto start = Steady::now();
    std::vector<std::thread> threads;
    for (int t = 0; t < producers; ++t) {
      threads.emplace_back([&, t] {
        for (long long n = t; n < total; n += producers) {
          auto due = start + std::chrono::nanoseconds(n * 1'000'000'000LL / rate);
          std::this_thread::sleep_until(due);
          published[static_cast<size_t>(n)] = Steady::now();
          bus.publish("org_bench", "resource.updated", {{"seq", n}, {"name", "bench-resource"}, {"status", "running"}});
        }
      });
    }
    for (auto& t : threads) t.join();
    double publish_seconds = std::chrono::duration<double>(Steady::now() - start).count();
    auto deadline = Steady::now() + std::chrono::seconds(60);
    while (delivered.load() < total && Steady::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    double all_seconds = std::chrono::duration<double>(Steady::now() - start).count();
    bus.stop();

    long long frames = 0;
    for (auto& c : clients) frames += c->frames.load();
    std::lock_guard lock(latency_mutex);
    std::cout << "events: " << delivered.load() << "/" << total << " delivered to " << sessions << " sessions ("
              << frames << " frames)\n"
              << "publish rate: " << static_cast<long long>(static_cast<double>(total) / publish_seconds)
              << " events/s (target " << rate << "), all delivered after " << all_seconds << " s\n"
              << "latency publish → last session: p50 " << percentile(latency_ms, 0.50) << " ms, p99 "
              << percentile(latency_ms, 0.99) << " ms, max " << percentile(latency_ms, 1.0) << " ms"
              << " — target p99 < 100 ms: "
              << (delivered.load() == total && percentile(latency_ms, 0.99) < 100 ? "met" : "MISSED") << "\n";
  }
  if (argc <= 4) fs::remove_all(dir);
  return 0;
}
