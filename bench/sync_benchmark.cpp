// Inventory sync throughput into SQLite (issue 3): a simulated account of N resources (default
// 100,000) is synced into a fresh database file, then re-synced with no changes; beside it, the
// same rows are written by a raw batched SQLite insert (one prepared statement, one transaction)
// into an identical table. Prints resources/s for each and the ratios.
//
//   build/sync_benchmark [resources] [dir]
#include <chrono>
#include <filesystem>
#include <iostream>
#include <sqlite3.h>

#include "sync_stack.hpp"
#include "core/crypto.hpp"
#include "accounts/service.hpp"
#include "providers/simulated/simulated_provider.hpp"

using namespace cw;
using Steady = std::chrono::steady_clock;

namespace {

/// The raw baseline: the same columns and indexes, rows bound and stepped in one transaction.
double raw_insert(const std::string& path, providers::CloudProvider& provider, long long n) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(
      db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-32768; PRAGMA mmap_size=268435456;",
      nullptr, nullptr, nullptr);
  // The real table's columns and indexes, so both sides maintain the same B-trees: the two
  // implicit unique indexes (id; account and external id), then every declared one.
  std::string ddl =
      "CREATE TABLE raw AS SELECT * FROM resources WHERE 0;"
      "CREATE UNIQUE INDEX raw_id ON raw (id);"
      "CREATE UNIQUE INDEX raw_external ON raw (account_id, external_id);";
  sqlite3_stmt* indexes = nullptr;
  sqlite3_prepare_v2(
      db, "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'resources' AND sql IS NOT NULL", -1,
      &indexes, nullptr);
  while (sqlite3_step(indexes) == SQLITE_ROW) {
    std::string sql = reinterpret_cast<const char*>(sqlite3_column_text(indexes, 0));
    sql.replace(sql.find("INDEX ") + 6, 0, "raw_");           // the index's name
    sql.replace(sql.find(" ON resources "), 14, " ON raw ");  // its table
    ddl += sql + ";";
  }
  sqlite3_finalize(indexes);
  sqlite3_exec(db, ddl.c_str(), nullptr, nullptr, nullptr);
  // Fetch pages first: the baseline measures the database write, not the simulator.
  std::vector<providers::ResourceRecord> records;
  std::string token;
  do {
    auto page = provider.list_resources(token, 1000);
    for (auto& r : page.items) records.push_back(std::move(r));
    token = page.next_token;
  } while (!token.empty());
  auto t0 = Steady::now();
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO raw VALUES (?, 'org', 'acct', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)",
                     -1, &stmt, nullptr);
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  long long i = 0;
  for (const auto& r : records) {
    auto s = inventory::prepare_record(r);
    std::string id = "res_" + std::to_string(i++);
    int k = 1;
    auto text = [&](const std::string& v) {
      sqlite3_bind_text(stmt, k++, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    };
    text(id);
    text(r.provider);
    text(r.external_id);
    text(r.name);
    text(r.type);
    text(r.region);
    text(r.status);
    text(s.spec);
    text(s.tags);
    text(s.posture);
    sqlite3_bind_double(stmt, k++, r.monthly_cost);
    text(s.search_text);
    text(s.content_hash);
    sqlite3_bind_int64(stmt, k++, r.created_at);
    sqlite3_bind_int64(stmt, k++, 0);
    sqlite3_bind_int64(stmt, k++, 0);
    sqlite3_step(stmt);
    sqlite3_reset(stmt);
  }
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  double secs = bench::seconds_since(t0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return static_cast<double>(n) / secs;
}
}  // namespace

int main(int argc, char** argv) {
  long long n = argc > 1 ? std::stoll(argv[1]) : 100000;
  auto dir = std::filesystem::path(argc > 2 ? argv[2] : std::filesystem::temp_directory_path().string()) /
             ("cw-sync-bench-" + crypto::to_hex(crypto::random_bytes(4)));
  std::filesystem::create_directories(dir);
  std::string path = (dir / "bench.db").string();
  {
    SystemClock clock;
    auto db = storage::open_database({"sqlite://" + path, 4, 5000});
    bench::SyncStack stack(*db, clock, providers::simulated::simulated_kind());
    auto& [org, user] = stack.owner;
    accounts::AccountService& accounts = stack.accounts_module.service;
    Principal owner{user.id, user.email, org.id, Role::kOwner, ""};
    accounts::NewAccount a{"simulated", "bench", {{"scenario", "enterprise"}, {"seed", 1}, {"resourceCount", n}}};
    a.schedule_sync = false;
    auto account = accounts.connect(owner, a);

    auto t0 = Steady::now();
    auto first = stack.sync.sync(account, true, "bench");
    bench::copy_log_back(*db);
    double first_s = bench::seconds_since(t0);
    account = *stack.accounts.find(org.id, account.id);
    auto t1 = Steady::now();
    auto second = stack.sync.sync(account, true, "bench");
    double second_s = bench::seconds_since(t1);

    auto provider = stack.accounts_module.gateway.open(account);
    double raw_rate = raw_insert(path, *provider, first.total);
    double sync_rate = first.total / first_s;
    std::printf("sync benchmark: %lld simulated resources into SQLite (%s)\n\n", first.total, path.c_str());
    std::printf("%-44s %12s %12s\n", "", "seconds", "resources/s");
    std::printf("%-44s %12.3f %12.0f\n", "full sync (provider + hashing + upserts)", first_s, sync_rate);
    std::printf("%-44s %12.3f %12.0f   written: %lld\n", "re-sync, nothing changed", second_s, first.total / second_s,
                second.created + second.updated + second.deleted);
    std::printf("%-44s %12s %12.0f\n\n", "raw batched SQLite insert of the same rows", "", raw_rate);
    std::printf("%-44s %12.2f   target >= 0.3\n", "sync / raw insert", sync_rate / raw_rate);
    std::printf("%-44s %12.2f   target >= 3\n", "re-sync speed-up", first_s / second_s);
    std::printf("%-44s %12.0f   target >= 20000\n", "sync resources/s", sync_rate);
  }
  std::filesystem::remove_all(dir);
  return 0;
}
