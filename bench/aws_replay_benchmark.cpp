// AWS inventory CPU cost (issue 5): a local replay server serves 50,000 EC2 instances across 10
// regions as DescribeInstances pages of 1,000, and the real aws provider lists them all
// (list_resources page after page: SigV4 signing, the shared HTTP client, XML parsing, mapping).
// The instances are the first reservation of botocore's recorded DescribeInstances body
// (testdata/aws-responses/botocore-response_parsing/xml/responses/ec2-describe-instances.xml),
// repeated with renumbered instance ids; the replay server renders all pages before it starts.
//
// The replay server runs in a child process (forked before this process starts any thread), so
// this process's CPU time is CloudWeave's alone. Each round sets how long the server holds every
// answer, then measures against the same pages:
//   * listing: the aws provider's list_resources page after page on this thread (signing, curl,
//     XML parsing, mapping): the adapter's own CPU, the thread's CPU time;
//   * first sync: SyncService::sync of an account into a fresh SQLite file, as a connected
//     account's sync runs (pipelined fetching, hashing, every resource written): the whole
//     process's CPU time;
//   * re-sync: the same account synced again, nothing changed (the usual periodic sync).
// Rounds: answers held 0 ms (from memory: CloudWeave's cost next to a server that does no work, so
// necessarily most of the wall time), and 65 ms, the server time a cloud API really took in a
// recording of ours: Google's front end reported "server-timing: gfet4t7; dur=65" for a one-object
// GET in testdata/gcp/cloud-custodian-flights/responses/project-hierarchy__get-v1-projects_1.json.
// AWS answers carry no such header, so it is the one genuine cloud timing we have. The 65 ms round
// runs three times (see kRecordedRounds) and each measure's median is printed after them. From
// the 0 ms round and from the medians it also prints each measure's break-even: the answer time
// above which CPU is under 20% of wall time (the target). The two differ: answered from memory,
// the reader runs a batch of pages ahead of the writer and holds more memory, and touching fresh
// memory is a real cost.
//
//   build/aws_replay_benchmark [instances] [testdata dir]
//   CLOUDWEAVE_TEST_PG_URL=$(scripts/start-postgres) build/aws_replay_benchmark   # syncs into PostgreSQL
#include <signal.h>
#include <sys/prctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <pugixml.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <sstream>
#include <tuple>

#include "providers/aws/aws_provider.hpp"
#include "sync_stack.hpp"
#include "core/crypto.hpp"
#include "core/log.hpp"
#include "core/testdata.hpp"
#include "providers/common/test_http_server.hpp"
#include "storage/test_support.hpp"

using namespace cw;
using namespace cw::providers;
using common::testing::ReceivedRequest;
using common::testing::Reply;

namespace {

constexpr int kRegions = 10;
constexpr int kPageSize = 1000;
// The server time of the genuine recording (see the top of this file).
constexpr int kRecordedHoldMs = 65;
// Rounds at the recorded answer time. This VM's host sometimes slows every measure of a round
// alike (the listing's fixed work shows it), so the median of three is what to read.
constexpr int kRecordedRounds = 3;

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

/// What every thread of this process has used so far: user + system CPU, and minor page faults
/// (memory touched for the first time).
struct ProcessUsage {
  double cpu_seconds = 0;
  long page_faults = 0;
};
ProcessUsage process_usage() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto secs = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return {secs(u.ru_utime) + secs(u.ru_stime), u.ru_minflt};
}

/// User + system CPU of the processes named "postgres" (the server and its backends), read from
/// /proc: the database's share of a sync when it runs on PostgreSQL.
double postgres_cpu_seconds() {
  double ticks = 0;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    if (!std::getline(stat, line)) continue;
    size_t open = line.find('('), close = line.rfind(')');
    if (open == std::string::npos || close == std::string::npos ||
        line.substr(open + 1, close - open - 1) != "postgres")
      continue;
    std::istringstream fields(line.substr(close + 2));  // from field 3, the state
    std::string field;
    double utime = 0, stime = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i) {
      if (i == 14) utime = std::stod(field);
      if (i == 15) stime = std::stod(field);
    }
    ticks += utime + stime;
  }
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

/// This machine's CPU cost of one page fault, in microseconds: 64 MiB of fresh memory touched a
/// page at a time. On a virtual machine whose host maps guest pages lazily it is many times a
/// bare-metal fault, and it is part of every measure below (each prints its fault count).
double page_fault_microseconds() {
  const size_t bytes = 64u << 20, page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  void* area = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (area == MAP_FAILED) return 0;
  auto* p = static_cast<volatile char*>(area);
  double start = thread_cpu_seconds();
  for (size_t i = 0; i < bytes; i += page) p[i] = 1;
  double cpu = thread_cpu_seconds() - start;
  munmap(area, bytes);
  const size_t pages = bytes / page;  // whole pages touched
  return 1e6 * cpu / static_cast<double>(pages);
}

struct Measure {
  double wall = 0, cpu = 0;
  double database_cpu = 0;  // PostgreSQL's processes, when the sync writes there
  long faults = 0;          // this process's page faults (the listing's: all threads' meanwhile)
  size_t resources = 0, requests = 0;
  double share() const { return cpu / wall; }
  /// The hold per answer above which CPU is under 20% of wall, from a round whose answers were
  /// held `hold_ms`: the work is sequential per request, so wall = requests × (wall per request
  /// less the hold, + any other hold), with the CPU as measured.
  int break_even_ms(int hold_ms) const {
    double n = static_cast<double>(requests);
    return std::max(1, static_cast<int>(std::ceil(1000 * (5 * cpu / n - wall / n) + hold_ms)));
  }
};

/// One DescribeInstances page of `count` instances numbered from `first`, with `next_token`.
std::string render_page(const pugi::xml_document& recorded, int region, int first, int count,
                        const std::string& next_token) {
  pugi::xml_document page;
  page.append_copy(recorded.document_element());
  pugi::xml_node root = page.document_element();
  pugi::xml_node set = root.child("reservationSet");
  pugi::xml_node reservation = set.first_child();
  pugi::xml_node templ = set.append_copy(reservation);
  while (set.first_child() != templ) set.remove_child(set.first_child());
  for (int i = 0; i < count; ++i) {
    pugi::xml_node r = set.insert_copy_before(templ, templ);
    char id[32];
    std::snprintf(id, sizeof id, "i-%02x%015x", region, first + i);
    r.child("instancesSet").child("item").child("instanceId").text().set(id);
  }
  set.remove_child(templ);
  if (!next_token.empty()) root.append_child("nextToken").text().set(next_token.c_str());
  std::ostringstream out;
  page.save(out, "", pugi::format_raw);
  return out.str();
}

/// How long the replay server holds each answer, and how many requests it answered: shared
/// memory between this process and the replay server's.
struct Control {
  std::atomic<int> answer_ms{0};
  std::atomic<size_t> requests{0};
};

/// The replay server's process: renders the pages, serves them on 127.0.0.1, writes
/// "<url> <bytes of instance XML>" to `report_fd`, and waits to be killed. Exits 1 when the
/// recorded bodies cannot be read.
[[noreturn]] void serve_replay(const std::filesystem::path& testdata, const std::vector<std::string>& regions,
                               int per_region, Control* control, int report_fd) {
  const auto responses = testdata / "aws-responses/botocore-response_parsing/xml/responses";
  auto read_file = [&](const char* name) { return testing::read_file_text(responses / name); };
  const std::string recorded_text = read_file("ec2-describe-instances.xml");
  pugi::xml_document recorded;
  if (!recorded.load_string(recorded_text.c_str()) || !recorded.child("DescribeInstancesResponse")) _exit(1);

  // pages[region][token] = body; token "" is the first page, "p<n>" the following ones.
  std::map<std::string, std::map<std::string, std::string>> pages;
  size_t bytes = 0;
  for (int r = 0; r < static_cast<int>(regions.size()); ++r)
    for (int first = 0, n = 0; first < per_region; first += kPageSize, ++n) {
      int count = std::min(kPageSize, per_region - first);
      std::string next = first + count < per_region ? "p" + std::to_string(n + 1) : "";
      std::string& body = pages[regions[r]][n == 0 ? "" : "p" + std::to_string(n)];
      body = render_page(recorded, r, first, count, next);
      bytes += body.size();
    }
  // Each region's other EC2 lists (volumes, snapshots, Elastic IPs, security groups, VPCs) answer
  // the recorded bodies with the ids made the region's own (two hex digits appended), as ids are
  // unique across regions.
  const std::pair<const char*, const char*> other_actions[] = {
      {"Action=DescribeVolumes&", "ec2-describe-volumes.xml"},
      {"Action=DescribeSnapshots&", "ec2-describe-snapshots.xml"},
      {"Action=DescribeAddresses&", "ec2-describe-addresses.xml"},
      {"Action=DescribeSecurityGroups&", "ec2-describe-security-groups.xml"},
      {"Action=DescribeVpcs&", "ec2-describe-vpcs.xml"}};
  const std::regex id_pattern("\\b(vol|snap|eipalloc|sg|vpc)-([0-9a-f]+)\\b");
  std::map<std::string, std::map<std::string, std::string>> other_lists;  // [region][action] = body
  for (int r = 0; r < static_cast<int>(regions.size()); ++r) {
    char suffix[16];
    std::snprintf(suffix, sizeof suffix, "%02x", r);
    for (const auto& [action, file] : other_actions)
      other_lists[regions[r]][action] =
          std::regex_replace(read_file(file), id_pattern, std::string("$01-$02") + suffix);
  }

  common::testing::TestHttpServer server([&](const ReceivedRequest& req) {
    ++control->requests;
    int hold = control->answer_ms;
    // The region is in the SigV4 credential scope; the token in the form body.
    const std::string& auth = req.headers.at("authorization");
    size_t at = auth.find("/region-") + 1;
    std::string region = auth.substr(at, auth.find('/', at) - at);
    const Reply unknown{400, {}, "<Response><Errors><Error><Code>InvalidToken</Code></Error></Errors></Response>"};
    auto lists = other_lists.find(region);
    auto by_token = pages.find(region);
    if (lists == other_lists.end() || by_token == pages.end()) return unknown;
    for (const auto& [action, body] : lists->second)
      if (req.body.rfind(action, 0) == 0) return Reply{200, {}, body, hold};
    std::string token;
    if (size_t t = req.body.find("NextToken="); t != std::string::npos) token = req.body.substr(t + 10);
    auto page = by_token->second.find(token);
    if (page == by_token->second.end()) return unknown;
    return Reply{200, {}, page->second, hold};
  });
  std::string report = server.url() + " " + std::to_string(bytes);
  if (write(report_fd, report.data(), report.size()) != static_cast<ssize_t>(report.size())) _exit(1);
  close(report_fd);
  for (;;) pause();
}

}  // namespace

int main(int argc, char** argv) {
  const int total = argc > 1 ? std::stoi(argv[1]) : 50'000;
  const std::filesystem::path testdata = argc > 2 ? argv[2] : testing::testdata_path("");
  const int per_region = total / kRegions;
  std::vector<std::string> regions;
  for (int r = 0; r < kRegions; ++r) regions.push_back("region-" + std::to_string(r));
  log::set_level(log::Level::kWarn);  // no "sync completed" line per round

  void* shared = mmap(nullptr, sizeof(Control), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  int report_pipe[2];
  if (shared == MAP_FAILED || pipe(report_pipe) != 0) return 1;
  Control* control = new (shared) Control;
  // Forked while this process has no thread and a small heap: the replay server's pages and work
  // stay out of this process, and copy-on-write costs it almost nothing.
  pid_t replay_pid = fork();
  if (replay_pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGTERM);  // never outlives the benchmark, however it ends
    close(report_pipe[0]);
    serve_replay(testdata, regions, per_region, control, report_pipe[1]);
  }
  close(report_pipe[1]);
  char report_bytes[128] = {0};
  ssize_t got = read(report_pipe[0], report_bytes, sizeof report_bytes - 1);
  close(report_pipe[0]);
  if (got <= 0) {
    std::cerr << "cannot read the recorded DescribeInstances bodies under " << testdata << "\n";
    waitpid(replay_pid, nullptr, 0);
    return 1;
  }
  std::istringstream report(std::string(report_bytes, static_cast<size_t>(got)));
  std::string replay_url;
  size_t bytes = 0;
  report >> replay_url >> bytes;

  SystemClock clock;
  common::HttpClientSettings settings;
  settings.allow_private_addresses = true;  // the recorded answers are served from 127.0.0.1
  settings.rate.requests_per_second = 0;    // measure the provider, not the account's request budget
  common::HttpClient http(settings, {clock, {}, {}});
  const nlohmann::json credentials = {{"accessKeyId", "AKIDEXAMPLE"}, {"secretAccessKey", "secret"}};
  const nlohmann::json account_settings = {
      {"regions", regions}, {"services", {"ec2"}}, {"endpoints", {{"ec2", replay_url}}}};
  const size_t expected = static_cast<size_t>(per_region) * kRegions;

  // Listing: the adapter alone, on this thread.
  auto list_everything = [&] {
    auto db = storage::open_database({"sqlite://:memory:", 1, 5000});
    auto provider = aws::aws_kind(http).create(ProviderAccount{"bench", "org", credentials, account_settings},
                                               ProviderDeps{clock, *db});
    control->requests = 0;
    Measure m;
    auto wall_start = std::chrono::steady_clock::now();
    double cpu_start = thread_cpu_seconds();
    long faults_start = process_usage().page_faults;
    size_t instances = 0;
    std::string token;
    do {
      ResourcePage page = provider->list_resources(token, kPageSize);
      m.resources += page.items.size();
      for (const auto& r : page.items) instances += r.type == "server";
      token = page.next_token;
    } while (!token.empty());
    m.cpu = thread_cpu_seconds() - cpu_start;
    m.faults = process_usage().page_faults - faults_start;
    m.wall = bench::seconds_since(wall_start);
    m.requests = control->requests;
    if (instances != expected) throw std::runtime_error("the listing missed instances");
    return m;
  };

  // Syncs: an account's first sync into a fresh database (every resource written), then a second
  // one that finds nothing changed (the usual periodic sync). Every thread of this process is
  // counted. The database is a SQLite file, or with CLOUDWEAVE_TEST_PG_URL set (the URL
  // scripts/start-postgres prints) a fresh PostgreSQL database, whose processes' CPU is shown apart.
  const char* postgres_url = std::getenv("CLOUDWEAVE_TEST_PG_URL");
  const bool on_postgres = postgres_url && *postgres_url;
  const auto dir =
      std::filesystem::temp_directory_path() / ("cw-aws-replay-" + crypto::to_hex(crypto::random_bytes(4)));
  int database_count = 0;
  auto sync_twice = [&] {
    std::unique_ptr<storage::testing::FreshPostgres> postgres;
    std::unique_ptr<storage::Database> sqlite;
    if (on_postgres) {
      postgres = std::make_unique<storage::testing::FreshPostgres>();
    } else {
      std::filesystem::create_directories(dir);
      sqlite = storage::open_database(
          {"sqlite://" + (dir / ("sync" + std::to_string(database_count++) + ".db")).string(), 4, 5000});
    }
    bench::SyncStack stack(postgres ? postgres->db() : *sqlite, clock, aws::aws_kind(http));
    accounts::Account account;  // as connecting stores it; the connection test is not timed
    account.id = "acct_bench";
    account.organization_id = stack.owner.first.id;
    account.provider = "aws";
    account.name = "bench";
    account.sealed_credentials = stack.keyring.seal(credentials.dump(), account.id);
    account.settings = account_settings;
    account.status = "connected";
    stack.accounts.insert(account);
    auto timed_sync = [&] {
      control->requests = 0;
      Measure m;
      auto wall_start = std::chrono::steady_clock::now();
      const ProcessUsage start = process_usage();
      double database_start = on_postgres ? postgres_cpu_seconds() : 0;
      inventory::SyncStats stats = stack.sync.sync(account, true, "bench");
      if (!on_postgres) bench::copy_log_back(*sqlite);  // the checkpoint this sync's writes cause
      const ProcessUsage end = process_usage();
      m.cpu = end.cpu_seconds - start.cpu_seconds;
      m.faults = end.page_faults - start.page_faults;
      if (on_postgres) m.database_cpu = postgres_cpu_seconds() - database_start;
      m.wall = bench::seconds_since(wall_start);
      m.requests = control->requests;
      m.resources = static_cast<size_t>(stats.total);
      if (m.resources < expected) throw std::runtime_error("the sync missed resources");
      return std::pair{m, stats};
    };
    auto [first, first_stats] = timed_sync();
    if (first_stats.created != first_stats.total) throw std::runtime_error("the first sync did not create everything");
    auto [again, again_stats] = timed_sync();
    if (again_stats.unchanged != again_stats.total)
      throw std::runtime_error("the second sync found changes: " + again_stats.to_json().dump());
    return std::pair{first, again};
  };

  struct Round {
    Measure listing, first_sync, resync;
  };
  auto measure_round = [&](int hold_ms, const char* why) {
    control->answer_ms = hold_ms;
    Round r;
    r.listing = list_everything();
    std::tie(r.first_sync, r.resync) = sync_twice();
    std::printf("%3d ms %-24s", hold_ms, why);
    for (const Measure* m : {&r.listing, &r.first_sync, &r.resync})
      std::printf(" | %6.3f s %6.3f s %7.1f%%", m->wall, m->cpu, 100 * m->share());
    std::printf("\n%31s   page faults: %ld, %ld, %ld\n", "", r.listing.faults, r.first_sync.faults, r.resync.faults);
    if (on_postgres)
      std::printf("%31s   PostgreSQL's own processes meanwhile: first sync %.3f s CPU, re-sync %.3f s CPU\n", "",
                  r.first_sync.database_cpu, r.resync.database_cpu);
    return r;
  };

  int status = 0;
  try {
    std::printf(
        "aws replay: %zu instances across %d regions, %.1f MB of DescribeInstances XML, 1,000 per page; "
        "syncs into %s\n\n",
        expected, kRegions, static_cast<double>(bytes) / 1e6, on_postgres ? "PostgreSQL" : "SQLite");
    std::printf("%-31s | %-26s | %-26s | %s\n", "answers held", "listing (adapter thread)", "first sync (process)",
                "re-sync, unchanged (process)");
    std::printf("%-31s", "");
    for (int i = 0; i < 3; ++i) std::printf(" | %8s %8s %8s", "wall", "CPU", "CPU/wall");
    std::printf("\n");
    Round instant = measure_round(0, "(from memory)");
    std::vector<Round> rounds;
    for (int i = 0; i < kRecordedRounds; ++i)
      rounds.push_back(measure_round(kRecordedHoldMs, "(recorded server time)"));
    // Each measure's median round, by CPU share.
    auto median = [&](Measure Round::*measure) {
      std::vector<const Measure*> sorted;
      for (const Round& r : rounds) sorted.push_back(&(r.*measure));
      std::ranges::sort(sorted, {}, &Measure::share);
      return *sorted[sorted.size() / 2];
    };
    const Round recorded{median(&Round::listing), median(&Round::first_sync), median(&Round::resync)};
    std::printf("%3d ms, median of %d rounds%5s", kRecordedHoldMs, kRecordedRounds, "");
    for (const Measure* m : {&recorded.listing, &recorded.first_sync, &recorded.resync})
      std::printf(" | %6.3f s %6.3f s %7.1f%%", m->wall, m->cpu, 100 * m->share());
    std::printf("\n");
    const double fault_us = page_fault_microseconds();
    std::printf("\none page fault costs %.1f µs of CPU on this machine (64 MiB of fresh memory touched)\n", fault_us);
    std::printf("break-even (CPU is 20%% of wall when each answer takes longer)\n");
    for (const auto& [round, hold_ms] : {std::pair<const Round*, int>{&instant, 0}, {&recorded, kRecordedHoldMs}})
      std::printf("  from the %2d ms round%s: listing %d ms, first sync %d ms, re-sync %d ms\n", hold_ms,
                  hold_ms ? "s (medians)" : "", round->listing.break_even_ms(hold_ms),
                  round->first_sync.break_even_ms(hold_ms), round->resync.break_even_ms(hold_ms));
    std::printf("%zu requests per pass; %zu resources per sync (instances; volumes, groups and VPCs of each region)\n",
                instant.listing.requests, instant.first_sync.resources);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "aws replay benchmark failed: %s\n", e.what());
    status = 1;
  }
  kill(replay_pid, SIGTERM);
  waitpid(replay_pid, nullptr, 0);
  std::filesystem::remove_all(dir);
  return status;
}
