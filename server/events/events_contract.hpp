#pragma once
// The event bus contract, run on SQLite (events_sqlite_test.cpp) and PostgreSQL
// (events_postgres_pgtest.cpp).
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "core/wait_test_support.hpp"
#include "events/event_bus.hpp"
#include "storage/database.hpp"

namespace cw::events::testing {

/// What one subscriber saw, thread-safe.
struct Seen {
  std::mutex mutex;
  std::vector<std::string> ids, types;
  void add(const DomainEvent& e) {
    std::lock_guard lock(mutex);
    ids.push_back(e.id);
    types.push_back(e.type);
  }
  size_t size() {
    std::lock_guard lock(mutex);
    return types.size();
  }
  std::vector<std::string> all_types() {
    std::lock_guard lock(mutex);
    return types;
  }
};

inline long long outbox_rows(storage::Database& db) {
  return db.execute("SELECT COUNT(*) FROM event_outbox").first().integer(0);
}

inline void check_commit_publishes_and_rollback_publishes_nothing(storage::Database& db) {
  FakeClock clock{1'800'000'000'000};
  EventBus bus(db, clock);
  Seen local, cluster;
  bus.subscribe_local([&](const DomainEvent& e, const std::shared_ptr<const std::string>& message) {
    EXPECT_NE(message->find("\"id\":\"" + e.id + "\""), std::string::npos) << *message;
    local.add(e);
  });
  bus.subscribe("test", [&](const DomainEvent& e) { cluster.add(e); });

  // A change that fails after publishing: the event goes with it.
  EXPECT_THROW(db.transaction([&](storage::Connection&) {
    bus.publish("org_a", "thing.created", {{"n", 0}});
    throw std::runtime_error("the change failed");
  }),
               std::runtime_error);
  EXPECT_EQ(outbox_rows(db), 0);

  db.transaction([&](storage::Connection&) {
    bus.publish("org_a", "thing.created", {{"n", 1}});
    // A nested transaction joins the outer one (repositories open their own).
    db.transaction([&](storage::Connection&) { bus.publish("org_a", "thing.updated", {{"n", 2}}); });
  });
  bus.publish("org_b", "thing.deleted", {{"n", 3}});  // no transaction: its own
  EXPECT_EQ(outbox_rows(db), 3);
  EXPECT_EQ(bus.dispatch_pending(), 3u);
  EXPECT_EQ(local.all_types(), (std::vector<std::string>{"thing.created", "thing.updated", "thing.deleted"}));
  EXPECT_EQ(cluster.all_types(), local.all_types());
  EXPECT_EQ(outbox_rows(db), 0) << "delivered events leave the outbox";
  EXPECT_EQ(bus.dispatch_pending(), 0u);
}

inline void check_failing_subscriber_is_retried_and_duplicates_dropped(storage::Database& db) {
  FakeClock clock{1'800'000'000'000};
  EventBus bus(db, clock, {.batch = 100, .claim_ms = 30'000, .poll_ms = 1'000, .max_attempts = 3});
  Seen local, flaky_seen;
  int failures_left = 1;
  bus.subscribe_local([&](const DomainEvent& e, const std::shared_ptr<const std::string>&) { local.add(e); });
  bus.subscribe("flaky", [&](const DomainEvent& e) {
    flaky_seen.add(e);
    if (failures_left-- > 0) throw std::runtime_error("mail server down");
  });
  bus.publish("org_a", "sync.completed", {{"status", "error"}});
  EXPECT_EQ(bus.dispatch_pending(), 1u);
  EXPECT_EQ(outbox_rows(db), 1) << "kept for another attempt";
  EXPECT_EQ(bus.dispatch_pending(), 0u) << "not before its backoff";
  clock.advance(1'001);
  EXPECT_EQ(bus.dispatch_pending(), 1u);
  EXPECT_EQ(flaky_seen.size(), 2u) << "the subscriber got it again";
  EXPECT_EQ(local.size(), 1u) << "the WebSocket side dropped the duplicate by id";
  EXPECT_EQ(outbox_rows(db), 0);

  // One that always fails is dropped after max_attempts, not retried forever.
  failures_left = 1'000;
  bus.publish("org_a", "sync.completed", {{"status", "error"}});
  for (int i = 0; i < 3; ++i) {
    bus.dispatch_pending();
    clock.advance(10'000);
  }
  EXPECT_EQ(outbox_rows(db), 0);
  EXPECT_EQ(flaky_seen.size(), 5u);
}

inline void check_two_replicas_deliver_each_event_once_and_take_over_a_dead_claim(storage::Database& db) {
  FakeClock clock{1'800'000'000'000};
  EventBus a(db, clock), b(db, clock);
  Seen cluster;
  a.subscribe("n", [&](const DomainEvent& e) { cluster.add(e); });
  b.subscribe("n", [&](const DomainEvent& e) { cluster.add(e); });
  for (int i = 0; i < 50; ++i) a.publish("org_a", "thing.created", {{"n", i}});
  std::thread other([&] {
    while (b.dispatch_pending() > 0) {}
  });
  while (a.dispatch_pending() > 0) {}
  other.join();
  EXPECT_EQ(cluster.size(), 50u) << "each event handled once across the two replicas";

  // A replica claims an event and dies before delivering it: the other takes it over once the
  // claim runs out.
  a.publish("org_a", "thing.created", {{"n", 99}});
  Outbox outbox(db);
  auto claimed = outbox.claim("dead-replica", clock.now_ms(), clock.now_ms() + 30'000, 10);
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(b.dispatch_pending(), 0u);
  clock.advance(30'001);
  EXPECT_EQ(b.dispatch_pending(), 1u);
  EXPECT_EQ(cluster.size(), 51u);
}

inline void check_dispatcher_thread_delivers_after_commit(storage::Database& db) {
  SystemClock clock;
  EventBus bus(db, clock, {.batch = 500, .claim_ms = 30'000, .poll_ms = 60'000, .max_attempts = 8});
  Seen local;
  bus.subscribe_local([&](const DomainEvent& e, const std::shared_ptr<const std::string>&) { local.add(e); });
  bus.start();
  db.transaction([&](storage::Connection&) { bus.publish("org_a", "thing.created", {}); });
  // poll_ms is a minute: only the commit's wake-up can deliver it in time.
  EXPECT_TRUE(cw::testing::wait_until([&] { return local.size() == 1; }, std::chrono::seconds(10)));
  bus.broadcast("org_a", "job.progress", {{"done", 1}});
  EXPECT_EQ(local.size(), 2u) << "a broadcast is delivered at once";
  // The row goes once the round that delivered it ends.
  EXPECT_TRUE(cw::testing::wait_until([&] { return outbox_rows(db) == 0; }, std::chrono::seconds(10)));
  bus.stop();
}

}  // namespace cw::events::testing
