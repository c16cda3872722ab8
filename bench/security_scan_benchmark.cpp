// Security scans (issue 18): a simulated enterprise account of N resources (default 1,000,000)
// synced into a fresh SQLite file, then
//   1. a full scan with the whole catalog: resources/s and the growth of resident memory;
//   2. 1 % of the resources changed in the cloud and synced again, then the incremental scan that
//      follows: how many resources it evaluates and how long it takes.
// The scans run as the server runs them: the security.scan job on the job runner.
//
//   build/security_scan_benchmark [resources] [dir]
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "sync_stack.hpp"
#include "accounts/service.hpp"
#include "core/crypto.hpp"
#include "jobs/job_runner.hpp"
#include "providers/simulated/simulated_provider.hpp"
#include "security/module.hpp"

using namespace cw;
using Steady = std::chrono::steady_clock;

namespace {

long long rss_kb() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6));
  return 0;
}

/// Samples resident memory every 20 ms while it lives; `peak()` is the highest seen.
class RssSampler {
 public:
  RssSampler()
      : thread_([this] {
          while (!stop_) {
            peak_ = std::max(peak_.load(), rss_kb());
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
          }
        }) {}
  ~RssSampler() {
    stop_ = true;
    thread_.join();
  }
  long long peak() const { return std::max(peak_.load(), rss_kb()); }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<long long> peak_{0};
  std::thread thread_;
};

}  // namespace

int main(int argc, char** argv) {
  long long n = argc > 1 ? std::stoll(argv[1]) : 1'000'000;
  auto dir = std::filesystem::path(argc > 2 ? argv[2] : std::filesystem::temp_directory_path().string()) /
             ("cw-security-bench-" + crypto::to_hex(crypto::random_bytes(4)));
  std::filesystem::create_directories(dir);
  std::string path = (dir / "bench.db").string();
  {
    // A fake clock that the benchmark moves on between steps, so "changed since the last scan"
    // means what it says (the scan's 10 s overlap never reaches back to the first sync).
    FakeClock clock(parse_rfc3339("2026-12-01T00:00:00Z").value());
    auto db = storage::open_database({"sqlite://" + path, 4, 5000});
    bench::SyncStack stack(*db, clock, providers::simulated::simulated_kind());
    security::SecurityModule security(stack.platform);
    jobs::JobRunner runner(stack.queue, {});
    security.add_jobs(runner);
    auto& org = stack.owner.first;
    auto& user = stack.owner.second;
    Principal owner{user.id, user.email, org.id, Role::kOwner, ""};
    accounts::NewAccount a{"simulated", "bench", {{"scenario", "enterprise"}, {"seed", 1}, {"resourceCount", n}}};
    a.schedule_sync = false;
    auto account = stack.accounts_module.service.connect(owner, a);
    auto t0 = Steady::now();
    auto synced = stack.sync.sync(account, true, "bench");
    bench::copy_log_back(*db);
    std::printf("security scan benchmark: %lld simulated resources in SQLite (%s), %zu rules; synced in %.1f s\n\n",
                synced.total, path.c_str(), security::Catalog::shipped().rules().size(), bench::seconds_since(t0));

    clock.advance(60'000);
    auto scan_now = [&](bool full) {
      auto queued = security.scans.request(org.id, full ? "manual" : "sync", full);
      runner.run_due_jobs();
      return security.scans.get(owner, queued.id);
    };
    const long long rss_before = rss_kb();
    security::Scan full;
    double full_s = 0;
    long long peak = 0;
    {
      RssSampler sampler;
      auto t1 = Steady::now();
      full = scan_now(true);
      full_s = bench::seconds_since(t1);
      peak = sampler.peak();
    }
    std::printf("%-46s %10.2f s %12.0f resources/s   target >= 200000\n", "full scan", full_s,
                full.resources_evaluated / full_s);
    std::printf("%-46s %10lld findings opened, %lld open\n", "", full.new_count, full.open_count);
    {
      // The scheduled scan's usual case: nothing changed since the last full scan.
      clock.advance(60'000);
      auto t = Steady::now();
      auto again = scan_now(true);
      double again_s = bench::seconds_since(t);
      std::printf("%-46s %10.2f s %12.0f resources/s   (%lld new, %lld resolved)\n", "full scan again, nothing changed",
                  again_s, again.resources_evaluated / again_s, again.new_count, again.resolved_count);
    }
    {
      // Where the time goes: reading and parsing the inventory alone, then evaluating alone.
      auto t = Steady::now();
      std::vector<std::vector<security::ScanSubject>> pages;
      security::ResourceCursor cursor;
      long long read = 0;
      for (;;) {
        auto page = security.scan_repository.resources(org.id, std::nullopt, cursor, 1000);
        if (page.empty()) break;
        cursor = {page.back().updated_at, page.back().id};
        read += static_cast<long long>(page.size());
        if (pages.size() < 10) pages.push_back(std::move(page));
      }
      double read_s = bench::seconds_since(t);
      {
        auto tq = Steady::now();
        long long rows = 0, bytes = 0;
        std::string last_id;
        long long last_at = 0;
        for (;;) {
          auto r = db->execute(
              "SELECT id, account_id, provider, type, name, region, status, spec, tags, posture, updated_at FROM "
              "resources WHERE organization_id = ? AND (updated_at, id) > (?, ?) AND status <> 'terminated' ORDER BY "
              "updated_at, id LIMIT 1000",
              storage::params(org.id, last_at, last_id));
          if (r.rows.empty()) break;
          rows += r.rows.size();
          for (auto& row : r.rows) bytes += row.text(7).size() + row.text(8).size() + row.text(9).size();
          last_id = r.rows.back().text(0);
          last_at = r.rows.back().integer(10);
        }
        double q = bench::seconds_since(tq);
        auto tp = Steady::now();
        long long parsed = 0;
        for (const auto& page : pages)
          for (const auto& r : page) parsed += nlohmann::json::parse(r.subject.dump()).is_object() ? 1 : 0;
        double p = bench::seconds_since(tp);
        std::printf("%-46s %10.0f rows/s (the page query alone, %.0f bytes of JSON a row)\n", "  of which", rows / q,
                    static_cast<double>(bytes) / static_cast<double>(rows));
        std::printf("%-46s %10.1f us a resource (print and parse its facts again)\n", "",
                    p * 1e6 / static_cast<double>(parsed));
      }
      auto rules = security.rules.rules_for(org.id);
      security::RuleIndex index(rules->all);
      auto t_eval = Steady::now();
      long long evaluated = 0, failing = 0;
      for (const auto& page : pages)
        for (const auto& r : page) {
          failing += static_cast<long long>(index.evaluate(r).failing.size());
          ++evaluated;
        }
      double eval_s = bench::seconds_since(t_eval);
      std::printf("%-46s %10.0f resources/s (the page query and parsing the facts)\n", "", read / read_s);
      std::printf("%-46s %10.0f resources/s (evaluate the rules, %lld failing)\n", "", evaluated / eval_s, failing);
    }
    std::printf("%-46s %10.1f MB (before %.1f MB, peak %.1f MB)   target < 200 MB\n", "resident memory growth",
                (peak - rss_before) / 1024.0, rss_before / 1024.0, peak / 1024.0);

    // 1 % of the resources change in the cloud; the next sync stores them, the scan reads them.
    clock.advance(60'000);
    auto provider = stack.accounts_module.gateway.open(account);
    auto* actions = provider->resource_actions();
    long long changed = 0;
    std::string token;
    const long long step = 100;
    for (long long seen = 0; actions;) {
      auto page = provider->list_resources(token, 1000);
      for (const auto& r : page.items) {
        if (seen++ % step != 0) continue;
        providers::ResourcePatch patch;
        patch.tags = r.tags;
        (*patch.tags)["scanned-by"] = "bench";
        actions->update_resource(r.external_id, patch);
        ++changed;
      }
      token = page.next_token;
      if (token.empty()) break;
    }
    clock.advance(1000);
    account = *stack.accounts.find(org.id, account.id);
    auto resync = stack.sync.sync(account, true, "bench");
    clock.advance(60'000);
    auto t2 = Steady::now();
    auto incremental = scan_now(false);
    double inc_s = bench::seconds_since(t2);
    std::printf("%-46s %10.3f s for %lld resources (%lld changed, %lld rewritten by the sync)   target < 1 s\n",
                "incremental scan after a 1 % change", inc_s, incremental.resources_evaluated, changed, resync.updated);
    std::printf("%-46s %10s\n", "", incremental.mode.c_str());
  }
  std::filesystem::remove_all(dir);
  return 0;
}
