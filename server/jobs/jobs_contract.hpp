#pragma once
// Queue behaviour on a real database: run on SQLite (jobs_sqlite_test.cpp) and PostgreSQL
// (jobs_postgres_pgtest.cpp).
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
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
  EXPECT_TRUE(q.fail(*job, "boom", true));
  EXPECT_FALSE(q.claim(60'000)) << "backoff: not due yet";
  clock.advance(JobQueue::backoff_ms(1, 1.0));
  job = q.claim(60'000);
  ASSERT_TRUE(job);
  EXPECT_EQ(job->attempts, 2);
  EXPECT_TRUE(q.fail(*job, "boom again", true));
  auto dead = q.find("org_a", id);
  ASSERT_TRUE(dead);
  EXPECT_EQ(dead->state, "dead");
  EXPECT_EQ(dead->last_error, "boom again");
  EXPECT_FALSE(q.find("org_b", id)) << "scoped to its organization";
  EXPECT_TRUE(q.redrive("org_a", id));
  job = q.claim(60'000);
  ASSERT_TRUE(job);
  EXPECT_TRUE(q.complete(*job, {{"ok", true}}));
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
  EXPECT_TRUE(other.complete(*again, nullptr));
  EXPECT_NE(q.enqueue("sync", {}, {.organization_id = "o", .dedupe_key = "sync:acct_1"}), a)
      << "a finished job no longer blocks its key";
}

/// A worker keeps a long job with heartbeats; one that stopped renewing loses it, and then can
/// neither complete it, fail it, nor renew it — only the new holder's outcome counts.
inline void check_heartbeats_keep_a_lease_and_a_stolen_lease_cannot_finish(storage::Database& db) {
  FakeClock clock(9'000'000);
  JobQueue first(db, clock, "w1"), second(db, clock, "w2");
  std::string id = first.enqueue("scan", {}, {.organization_id = "o", .max_attempts = 3});
  auto mine = first.claim(30'000);
  ASSERT_TRUE(mine);
  for (int beat = 0; beat < 10; ++beat) {  // five minutes of work, a beat every 10 s
    clock.advance(10'000);
    ASSERT_TRUE(first.renew(*mine, 30'000).held);
    EXPECT_FALSE(second.claim(30'000)) << "a job whose worker beats is never handed out again";
  }
  // The first worker stalls (or died): its lease runs out and the second one takes over.
  clock.advance(30'001);
  auto theirs = second.claim(30'000);
  ASSERT_TRUE(theirs);
  EXPECT_EQ(theirs->id, id);
  EXPECT_EQ(theirs->attempts, 2);
  EXPECT_FALSE(first.renew(*mine, 30'000).held);
  EXPECT_FALSE(first.complete(*mine, {{"from", "w1"}}));
  EXPECT_FALSE(first.fail(*mine, "late failure", false));
  EXPECT_EQ(first.find("o", id)->state, "running") << "the stale worker changed nothing";
  EXPECT_TRUE(second.complete(*theirs, {{"from", "w2"}}));
  auto done = first.find("o", id);
  EXPECT_EQ(done->state, "succeeded");
  EXPECT_EQ(done->result["from"], "w2");
}

/// The runner's heartbeat renews what its workers are running.
inline void check_runner_heartbeat_renews_running_jobs(storage::Database& db) {
  FakeClock clock(20'000'000);
  JobQueue q(db, clock, "w1");
  JobRunner runner(q, {.workers = 1, .poll_interval_ms = 10, .lease_ms = 30'000});
  std::mutex m;
  std::condition_variable cv;
  bool started = false, release = false;
  runner.handle("long", [&](const Job&, JobContext&) {
    std::unique_lock lock(m);
    started = true;
    cv.notify_all();
    cv.wait(lock, [&] { return release; });
    return nlohmann::json{{"ok", true}};
  });
  std::string id = q.enqueue("long", {}, {.organization_id = "o"});
  std::thread worker([&] { runner.run_due_jobs(); });
  {
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return started; });
  }
  JobQueue other(db, clock, "w2");
  for (int beat = 0; beat < 5; ++beat) {
    clock.advance(20'000);
    EXPECT_EQ(runner.heartbeat(), 0);
    EXPECT_FALSE(other.claim(30'000));
  }
  {
    std::lock_guard lock(m);
    release = true;
  }
  cv.notify_all();
  worker.join();
  EXPECT_EQ(q.find("o", id)->state, "succeeded");
}

/// Progress is recorded for the job; cancel ends a queued job at once and stops a running one
/// cleanly (its handler hears it at its next progress report); a finished job stays as it is.
inline void check_progress_and_cancel(storage::Database& db) {
  FakeClock clock(30'000'000);
  JobQueue q(db, clock, "w1");
  std::string queued = q.enqueue("scan", {}, {.organization_id = "o", .dedupe_key = "scan:o"});
  auto cancelled = q.cancel("o", queued);
  ASSERT_TRUE(cancelled);
  EXPECT_EQ(cancelled->state, "cancelled");
  EXPECT_TRUE(cancelled->finished_at);
  EXPECT_FALSE(q.claim(30'000)) << "a cancelled job is never run";
  EXPECT_NE(q.enqueue("scan", {}, {.organization_id = "o", .dedupe_key = "scan:o"}), queued)
      << "a cancelled job no longer holds its dedupe key";
  EXPECT_FALSE(q.cancel("other_org", queued)) << "scoped to its organization";

  JobRunner runner(q, {.workers = 1, .poll_interval_ms = 10, .lease_ms = 30'000});
  std::mutex m;
  std::condition_variable cv;
  bool reported = false, go_on = false;
  std::vector<JobProgress> heard;
  runner.set_progress_listener([&](const Job&, const JobProgress& p) { heard.push_back(p); });
  runner.handle("scan", [&](const Job&, JobContext& context) -> nlohmann::json {
    context.progress(1, 10, "first of ten");
    {
      std::unique_lock lock(m);
      reported = true;
      cv.notify_all();
      cv.wait(lock, [&] { return go_on; });
    }
    context.progress(2, 10, "second of ten");  // throws: the job was asked to stop
    return {{"finished", true}};
  });
  std::thread worker([&] { runner.run_due_jobs(); });
  {
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return reported; });
  }
  std::string running_id = q.list("o", {.state = "running"}).at(0).id;
  auto mid = q.find("o", running_id);
  ASSERT_TRUE(mid->progress);
  EXPECT_EQ(mid->progress->done, 1);
  EXPECT_EQ(mid->progress->total, 10);
  EXPECT_EQ(mid->progress->message, "first of ten");
  EXPECT_TRUE(mid->started_at);
  EXPECT_EQ(q.cancel("o", running_id)->state, "running") << "a running job is asked, not killed";
  runner.heartbeat();  // the worker hears it
  {
    std::lock_guard lock(m);
    go_on = true;
  }
  cv.notify_all();
  worker.join();
  auto done = q.find("o", running_id);
  EXPECT_EQ(done->state, "cancelled");
  EXPECT_TRUE(done->result.is_null());
  EXPECT_EQ(done->progress->done, 1) << "what it had reported stays";
  ASSERT_EQ(heard.size(), 1u);
  EXPECT_EQ(heard[0].message, "first of ten");
  EXPECT_EQ(q.cancel("o", running_id)->state, "cancelled") << "a finished job stays as it is";
}

/// Two replicas (two queues on one database) share each period of a periodic task: one runs it.
inline void check_periodic_tasks_run_once_per_period_across_replicas(storage::Database& db) {
  FakeClock clock(40'000'000);
  JobQueue a(db, clock, "replica-a"), b(db, clock, "replica-b");
  EXPECT_TRUE(a.claim_period("inventory.schedule_syncs", 10'000));
  EXPECT_FALSE(b.claim_period("inventory.schedule_syncs", 10'000)) << "replica b's timer fired in the same period";
  EXPECT_FALSE(a.claim_period("inventory.schedule_syncs", 10'000));
  EXPECT_TRUE(b.claim_period("other.task", 10'000)) << "each task has its own periods";
  clock.advance(10'000);
  EXPECT_TRUE(b.claim_period("inventory.schedule_syncs", 10'000)) << "the next period goes to whoever comes first";
  EXPECT_FALSE(a.claim_period("inventory.schedule_syncs", 10'000));
  // A timer running 10% early (jitter) still gets its period.
  clock.advance(9'000);
  EXPECT_TRUE(a.claim_period("inventory.schedule_syncs", 10'000));
}

inline void check_runner_runs_handlers_and_classifies_failures(storage::Database& db) {
  SystemClock clock;
  JobQueue q(db, clock, "w1");
  JobRunner runner(q, {});
  int ran = 0;
  runner.handle("ok", [&](const Job&, JobContext&) {
    ++ran;
    return nlohmann::json{{"done", true}};
  });
  runner.handle("bad", [&](const Job&, JobContext&) -> nlohmann::json { throw std::logic_error("permanent"); });
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
