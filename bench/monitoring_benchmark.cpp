// Monitoring (issue 19): the embedded metrics store and alert evaluation on a fresh SQLite file.
//   1. ingest: 7 days of 5-minute CPU samples (the simulated cloud's telemetry) for every
//      resource of a simulated account of N resources (default 1,000), appended as collection
//      appends them (a day per series per call); samples/s;
//   2. storage: bytes per raw sample as stored (chunk bytes / samples);
//   3. query: 7 days of 5-minute avg for the N series grouped by type (GET /metrics/query's
//      service), after the roll-ups; p50 and p95 over 20 runs;
//   4. evaluation: a second account of E resources (default 100,000) with the last hour of CPU
//      samples, and R rules (default 10,000): one in a hundred over every server, the rest over
//      one resource each (thresholds spread so some fire); one cycle's time, then a steady one.
//
//   build/monitoring_benchmark [resources] [evaluation resources] [rules] [dir]
#include <algorithm>
#include <cstdlib>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "sync_stack.hpp"
#include "accounts/service.hpp"
#include "core/crypto.hpp"
#include "monitoring/chunk.hpp"
#include "monitoring/module.hpp"
#include "monitoring/prometheus_store.hpp"
#include "providers/common/http_client.hpp"
#include "providers/simulated/simulated_provider.hpp"
#include "providers/simulated/telemetry.hpp"

using namespace cw;
using Steady = std::chrono::steady_clock;

int main(int argc, char** argv) {
  const long long n = argc > 1 ? std::stoll(argv[1]) : 1'000;
  const long long eval_n = argc > 2 ? std::stoll(argv[2]) : 100'000;
  const long long rule_count = argc > 3 ? std::stoll(argv[3]) : 10'000;
  auto dir = std::filesystem::path(argc > 4 ? argv[4] : std::filesystem::temp_directory_path().string()) /
             ("cw-monitoring-bench-" + crypto::to_hex(crypto::random_bytes(4)));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "bench.db").string();
  {
    FakeClock clock(parse_rfc3339("2026-12-01T00:00:00Z").value());
    auto db = storage::open_database({"sqlite://" + path, 4, 5000});
    bench::SyncStack stack(*db, clock, providers::simulated::simulated_kind());
    monitoring::MonitoringModule monitoring(stack.platform, stack.accounts_module, stack.inventory);
    auto& org = stack.owner.first;
    auto& user = stack.owner.second;
    Principal owner{user.id, user.email, org.id, Role::kOwner, ""};
    accounts::NewAccount a{"simulated", "bench", {{"scenario", "enterprise"}, {"seed", 1}, {"resourceCount", n}}};
    a.schedule_sync = false;
    auto account = stack.accounts_module.service.connect(owner, a);
    stack.sync.sync(account, true, "bench");
    monitoring::Selector everything;
    everything.account_id = account.id;
    const auto resources = monitoring.resources.select(org.id, everything);
    std::printf("monitoring benchmark: %zu resources of a simulated account in SQLite (%s)\n\n", resources.size(),
                path.c_str());

    // 1. Ingest.
    const Millis step = 300'000, days = 7;
    const Millis end = clock.now_ms() - clock.now_ms() % step, start = end - days * monitoring::kDayMs;
    const int cpu = providers::simulated::metric_named("cpu_utilization").value();
    long long samples = 0;
    double encode_s = 0;
    auto t0 = Steady::now();
    for (Millis day = start; day < end; day += monitoring::kDayMs) {
      for (const auto& r : resources) {
        auto te = Steady::now();
        providers::simulated::MetricSubject subject{
            std::hash<std::string>{}(r.external_id), "server", 0, {}, {}, false};
        std::vector<monitoring::Sample> batch;
        for (Millis t = day; t < day + monitoring::kDayMs; t += step)
          batch.push_back({t, providers::simulated::metric_value(subject, cpu, t)});
        encode_s += std::chrono::duration<double>(Steady::now() - te).count();
        samples += monitoring.embedded.append({org.id, account.id, r.id, "cpu_utilization"}, batch);
      }
    }
    const double ingest_s = bench::seconds_since(t0) - encode_s;
    std::printf("%-44s %10lld samples in %6.2f s %12.0f samples/s   target >= 1000000\n", "ingest (embedded store)",
                samples, ingest_s, samples / ingest_s);

    // 1b. The same samples into Debian's Prometheus by remote write (CLOUDWEAVE_BENCH_PROMETHEUS_URL,
    // bench/monitoring.sh starts one): a day of every series per request, at wall-clock times
    // (Prometheus takes recent samples only); the time of the POSTs, the encoding apart.
    if (const char* url = std::getenv("CLOUDWEAVE_BENCH_PROMETHEUS_URL")) {
      SystemClock wall;
      providers::common::HttpClientSettings hs;
      hs.rate.requests_per_second = 0;
      hs.allow_private_addresses = true;
      hs.total_timeout_ms = 300'000;
      providers::common::HttpClient http(hs, {wall, {}, {}});
      const Millis shift = (wall.now_ms() - wall.now_ms() % step) - end;
      double post_s = 0, encode_remote_s = 0;
      long long sent = 0;
      for (Millis day = start; day < end; day += monitoring::kDayMs) {
        auto te = Steady::now();
        std::vector<monitoring::RemoteSeries> batch;
        for (const auto& r : resources) {
          providers::simulated::MetricSubject subject{
              std::hash<std::string>{}(r.external_id), "server", 0, {}, {}, false};
          monitoring::RemoteSeries one{{{"__name__", "cloudweave_cpu_utilization"}, {"resource", r.id}}, {}};
          for (Millis t = day; t < day + monitoring::kDayMs; t += step)
            one.samples.push_back({t + shift, providers::simulated::metric_value(subject, cpu, t)});
          sent += static_cast<long long>(one.samples.size());
          batch.push_back(std::move(one));
        }
        providers::common::HttpRequest req{.method = "POST",
                                           .url = std::string(url) + "/api/v1/write",
                                           .headers = {{"Content-Encoding", "snappy"},
                                                       {"Content-Type", "application/x-protobuf"},
                                                       {"X-Prometheus-Remote-Write-Version", "0.1.0"}},
                                           .body = monitoring::encode_remote_write(batch)};
        encode_remote_s += bench::seconds_since(te);
        auto tp = Steady::now();
        auto answer = http.send("bench", req);
        post_s += bench::seconds_since(tp);
        if (answer.status < 200 || answer.status >= 300)
          std::printf("  prometheus answered %ld: %s\n", answer.status, answer.body.substr(0, 200).c_str());
      }
      std::printf("%-44s %10lld samples in %6.2f s %12.0f samples/s   (encoding %.2f s apart)\n",
                  "ingest (Debian prometheus, remote write)", sent, post_s, sent / post_s, encode_remote_s);
    }

    // 2. Storage.
    auto [bytes, stored] = monitoring.metric_repository.footprint(monitoring::kRaw);
    std::printf("%-44s %10.2f bytes/sample (%lld bytes, %lld samples)   target <= 2\n", "storage (raw chunks)",
                static_cast<double>(bytes) / static_cast<double>(stored), bytes, stored);

    // 3. Query.
    auto tr = Steady::now();
    while (monitoring.embedded.roll_up(1000) > 0) {}
    std::printf("%-44s %10.2f s\n", "roll-ups (5-minute and 1-hour tiers)", bench::seconds_since(tr));
    monitoring::MetricQueryRequest q;
    q.metric = "cpu_utilization";
    q.selector.account_id = account.id;
    q.group_by = "type";
    q.from = start;
    q.to = end - 1;
    q.step = step;
    std::vector<double> ms;
    size_t groups = 0;
    for (int i = 0; i < 20; ++i) {
      auto tq = Steady::now();
      auto out = monitoring.queries.query(org.id, q);
      ms.push_back(bench::seconds_since(tq) * 1000);
      groups = out["series"].size();
    }
    std::sort(ms.begin(), ms.end());
    {
      // Where the time goes: the resources, the series rows, the chunk rows, decoding.
      auto t1 = Steady::now();
      auto rs = monitoring.resources.select(org.id, q.selector);
      std::vector<std::string> ids;
      for (const auto& r : rs) ids.push_back(r.id);
      const double select_ms = bench::seconds_since(t1) * 1000;
      auto t2 = Steady::now();
      auto series = monitoring.metric_repository.series_of_resources(org.id, q.metric, ids);
      const double series_ms = bench::seconds_since(t2) * 1000;
      std::vector<std::string> sids;
      for (const auto& s : series) sids.push_back(s.id);
      auto t3 = Steady::now();
      auto chunks = monitoring.metric_repository.chunks(sids, monitoring::kRaw, q.from, q.to);
      const double chunks_ms = bench::seconds_since(t3) * 1000;
      auto t4 = Steady::now();
      double sum = 0;
      for (const auto& c : chunks) {
        monitoring::ChunkReader reader(c.data);
        monitoring::ChunkSample s;
        while (reader.next(s)) sum += s.v[0];
      }
      std::printf("%-44s resources %.1f ms, series %.1f ms, %zu chunk rows %.1f ms, decoding %.1f ms\n", "  of which",
                  select_ms, series_ms, chunks.size(), chunks_ms, bench::seconds_since(t4) * 1000 + sum * 0);
    }
    std::printf("%-44s %10.1f ms p50 %8.1f ms p95 (%zu series in %zu groups)   target p50 < 50 ms\n",
                "query: 7 days of 5-minute avg by type", ms[ms.size() / 2], ms[ms.size() * 95 / 100], resources.size(),
                groups);

    // 4. Evaluation: the store of an organization with E resources, the last hour of each.
    auto te0 = Steady::now();
    auto big_org = stack.orgs.create_with_owner("Big", {"big@example.com", "B", Role::kOwner, "x"});
    Principal big{big_org.second.id, big_org.second.email, big_org.first.id, Role::kOwner, ""};
    accounts::NewAccount b{"simulated", "big", {{"scenario", "enterprise"}, {"seed", 2}, {"resourceCount", eval_n}}};
    b.schedule_sync = false;
    auto big_account = stack.accounts_module.service.connect(big, b);
    stack.sync.sync(big_account, true, "bench");
    monitoring::Selector big_all;
    big_all.account_id = big_account.id;
    const auto big_resources = monitoring.resources.select(big.organization_id, big_all);
    long long servers = 0;
    for (const auto& r : big_resources) {
      servers += r.type == "server";
      providers::simulated::MetricSubject subject{std::hash<std::string>{}(r.external_id), "server", 0, {}, {}, false};
      std::vector<monitoring::Sample> batch;
      for (Millis t = end - 3'600'000; t < end; t += step)
        batch.push_back({t, providers::simulated::metric_value(subject, cpu, t)});
      monitoring.embedded.append({big.organization_id, big_account.id, r.id, "cpu_utilization"}, batch);
    }
    for (long long i = 0; i < rule_count; ++i) {
      nlohmann::json rule = {{"name", "rule " + std::to_string(i)},
                             {"metric", "cpu_utilization"},
                             {"window", "10m"},
                             {"threshold", 40 + static_cast<double>(i % 60)},
                             {"for", "5m"}};
      if (i % 100 == 0)
        rule["scope"] = {{"type", "server"}};
      else
        rule["scope"] = {{"resourceId", big_resources[static_cast<size_t>(i) % big_resources.size()].id}};
      monitoring.alerts.create_rule(big, rule);
    }
    std::printf("%-44s %10.1f s (%zu resources, %lld servers, %lld rules)\n", "evaluation set-up",
                bench::seconds_since(te0), big_resources.size(), servers, rule_count);
    clock.advance(60'000);
    auto tv = Steady::now();
    const int transitions = monitoring.alerts.evaluate_all();
    const double eval_s = bench::seconds_since(tv);
    std::printf("%-44s %10.2f s for %lld rules over %zu series (%d transitions)   target < 5 s\n", "evaluation cycle",
                eval_s, rule_count, big_resources.size(), transitions);
    clock.advance(60'000);
    auto tv2 = Steady::now();
    const int again = monitoring.alerts.evaluate_all();
    std::printf("%-44s %10.2f s (%d transitions)\n", "evaluation cycle, steady state", bench::seconds_since(tv2),
                again);
  }
  std::filesystem::remove_all(dir);
}
