#include "events/outbox.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/json_text.hpp"
#include "storage/dialect.hpp"

namespace cw::events {

void Outbox::append(const DomainEvent& e) {
  db_.execute(
      "INSERT INTO event_outbox (id, organization_id, audience_user, type, data, created_at)"
      " VALUES (?, ?, ?, ?, ?, ?)",
      storage::params(e.id, e.organization_id,
                      e.audience_user.empty() ? std::nullopt : std::optional<std::string>(e.audience_user), e.type,
                      dump_json(e.data), e.time));
}

std::vector<OutboxEntry> Outbox::claim(const std::string& owner, Millis now, Millis until, int limit) {
  // One statement: the rows are picked and claimed at once, so two replicas never take the same
  // row (PostgreSQL skips rows another claim holds; SQLite has one writer).
  std::string sql =
      "UPDATE event_outbox SET claimed_by = ?, claimed_until = ? WHERE seq IN ("
      " SELECT seq FROM event_outbox WHERE claimed_until IS NULL OR claimed_until < ?"
      " ORDER BY seq LIMIT ?" +
      std::string(storage::skip_locked(db_.backend())) +
      ") RETURNING seq, id, organization_id, audience_user, type, data, created_at, attempts";
  auto result = db_.execute(sql, storage::params(owner, until, now, limit));
  std::vector<OutboxEntry> out;
  out.reserve(result.rows.size());
  for (auto& row : result.rows) {
    OutboxEntry entry;
    entry.seq = row.integer(0);
    entry.event.id = row.text(1);
    entry.event.organization_id = row.text(2);
    entry.event.audience_user = row.text(3);
    entry.event.type = row.text(4);
    entry.event.data = nlohmann::json::parse(row.take_text(5));
    entry.event.time = row.integer(6);
    entry.attempts = static_cast<int>(row.integer(7));
    out.push_back(std::move(entry));
  }
  // RETURNING gives no order guarantee.
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.seq < b.seq; });
  return out;
}

void Outbox::remove(const std::vector<std::int64_t>& seqs) {
  if (seqs.empty()) return;
  std::string sql = "DELETE FROM event_outbox WHERE seq IN (";
  storage::Params values;
  for (size_t i = 0; i < seqs.size(); ++i) {
    sql += i ? ",?" : "?";
    values.emplace_back(seqs[i]);
  }
  db_.execute(sql + ")", values);
}

void Outbox::postpone(std::int64_t seq, Millis retry_at) {
  db_.execute("UPDATE event_outbox SET claimed_until = ?, attempts = attempts + 1 WHERE seq = ?",
              storage::params(retry_at, static_cast<long long>(seq)));
}

long long Outbox::pending() { return db_.execute("SELECT COUNT(*) FROM event_outbox").first().integer(0); }

}  // namespace cw::events
