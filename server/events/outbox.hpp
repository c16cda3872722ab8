#pragma once
/// The event_outbox table: events wait here from the commit of their change until the
/// dispatcher has handed them to every subscriber.
#include <string>
#include <vector>

#include "events/event.hpp"
#include "storage/database.hpp"

namespace cw::events {

struct OutboxEntry {
  std::int64_t seq = 0;
  int attempts = 0;
  DomainEvent event;
};

class Outbox {
 public:
  explicit Outbox(storage::Database& db) : db_(db) {}

  /// Inside the thread's transaction when there is one (storage::Database::transaction).
  void append(const DomainEvent& event);
  /// Up to `limit` events nobody is delivering (or whose claim ran out), oldest first, now
  /// claimed by `owner` until `until`.
  std::vector<OutboxEntry> claim(const std::string& owner, Millis now, Millis until, int limit);
  /// Delivered: gone for good.
  void remove(const std::vector<std::int64_t>& seqs);
  /// A subscriber failed: the event is offered again after `retry_at` (claim released then).
  void postpone(std::int64_t seq, Millis retry_at);
  long long pending();

 private:
  storage::Database& db_;
};

}  // namespace cw::events
