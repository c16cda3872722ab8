#pragma once
// Queue behaviour on a real database: run on SQLite (jobs_sqlite_test.cpp) and PostgreSQL
// (jobs_postgres_pgtest.cpp).
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "jobs/job_runner.hpp"

namespace cw::jobs::testing {

inline void check_lifecycle_backoff_and_dead_letter(storage::Database& db) {
  FakeClock clock(1'000'000);
  JobQueue q(db, clock, "w1");
  std::string id = q.enqueue("t", {{"n", 1}}, {.organization_id = "org_a", .max_attempts = 2});
  auto job = q.claim(60'000);
  ASSERT_TRUE(job);
  EXPECT_EQ(job->id, id);
  EXPECT_EQ(job->attempts, 1);
  EXPECT_EQ(job->payload["n"], 1);
  EXPECT_FALSE(q.claim(60'000)) << "leased jobs are not handed out twice";
  q.fail(id, "boom", true);
  EXPECT_FALSE(q.claim(60'000)) << "backoff: not due yet";
  clock.advance(JobQueue::backoff_ms(1, 1.0));
  job = q.claim(60'000);
  ASSERT_TRUE(job);
  EXPECT_EQ(job->attempts, 2);
  q.fail(id, "boom again", true);
  auto dead = q.find("org_a", id);
  ASSERT_TRUE(dead);
  EXPECT_EQ(dead->state, "dead");
  EXPECT_EQ(dead->last_error, "boom again");
  EXPECT_FALSE(q.find("org_b", id)) << "scoped to its organization";
  EXPECT_TRUE(q.redrive("org_a", id));
  job = q.claim(60'000);
  ASSERT_TRUE(job);
  q.complete(id, {{"ok", true}});
  EXPECT_EQ(q.find("org_a", id)->state, "succeeded");
  EXPECT_EQ(q.count("org_a", {.state = "succeeded"}), 1);
}

inline void check_dedupe_and_lease_expiry(storage::Database& db) {
  FakeClock clock(5'000'000);
  JobQueue q(db, clock, "w1");
  std::string a = q.enqueue("sync", {}, {.organization_id = "o", .dedupe_key = "sync:acct_1"});
  std::string b = q.enqueue("sync", {}, {.organization_id = "o", .dedupe_key = "sync:acct_1"});
  EXPECT_EQ(a, b);
  auto job = q.claim(1000);
  ASSERT_TRUE(job);
  // The worker died: after the lease expires another worker gets the job.
  clock.advance(1001);
  JobQueue other(db, clock, "w2");
  auto again = other.claim(1000);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id, a);
  other.complete(a, nullptr);
  EXPECT_NE(q.enqueue("sync", {}, {.organization_id = "o", .dedupe_key = "sync:acct_1"}), a)
      << "a finished job no longer blocks its key";
}

inline void check_runner_runs_handlers_and_classifies_failures(storage::Database& db) {
  SystemClock clock;
  JobQueue q(db, clock, "w1");
  JobRunner runner(q, {});
  int ran = 0;
  runner.handle("ok", [&](const Job&) { ++ran; return nlohmann::json{{"done", true}}; });
  runner.handle("bad", [&](const Job&) -> nlohmann::json { throw std::logic_error("permanent"); });
  std::string ok = q.enqueue("ok", {}, {.organization_id = "o"});
  std::string bad = q.enqueue("bad", {}, {.organization_id = "o"});
  std::string unknown = q.enqueue("nobody", {}, {.organization_id = "o"});
  EXPECT_EQ(runner.run_due_jobs(), 3);
  EXPECT_EQ(ran, 1);
  EXPECT_EQ(q.find("o", ok)->result["done"], true);
  EXPECT_EQ(q.find("o", bad)->state, "dead");
  EXPECT_EQ(q.find("o", unknown)->state, "dead");
}

/// Several workers claiming concurrently never get the same job.
inline void check_concurrent_claims_are_exclusive(storage::Database& db) {
  SystemClock clock;
  JobQueue producer(db, clock, "p");
  for (int i = 0; i < 60; ++i) producer.enqueue("t", {{"i", i}}, {.organization_id = "o"});
  std::mutex m;
  std::multiset<std::string> claimed;
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w) {
    workers.emplace_back([&, w] {
      JobQueue q(db, clock, "w" + std::to_string(w));
      for (;;) {
        std::optional<Job> job;
        try {
          job = q.claim(60'000);
        } catch (const storage::DatabaseError&) {
          continue;  // SQLite busy under contention: try again
        }
        if (!job) return;
        std::lock_guard lock(m);
        claimed.insert(job->id);
      }
    });
  }
  for (auto& t : workers) t.join();
  EXPECT_EQ(claimed.size(), 60u);
  for (const auto& id : claimed) EXPECT_EQ(claimed.count(id), 1u) << id;
}

}  // namespace cw::jobs::testing
