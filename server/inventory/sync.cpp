#include "inventory/sync.hpp"

#include "events/event_bus.hpp"

#include <chrono>
#include <string_view>
#include <unordered_map>

#include "core/ids.hpp"
#include "core/log.hpp"
#include "core/memory.hpp"
#include "inventory/page_reader.hpp"

namespace cw::inventory {

nlohmann::json SyncStats::to_json() const {
  return {{"mode", mode},           {"created", created}, {"updated", updated},       {"deleted", deleted},
          {"unchanged", unchanged}, {"total", total},     {"durationMs", duration_ms}};
}

SyncStats SyncService::sync(const Account& account, bool full, const std::string& job_id, const Progress& progress) {
  auto started = std::chrono::steady_clock::now();
  SyncStats stats;
  try {
    auto provider = gateway_.open(account);
    bool incremental = !full && account.last_sync_at.has_value();
    std::vector<std::string> changed;
    if (incremental) {
      if (auto* feed = provider->change_feed()) {
        // Overlap by a second so a change racing the previous sync's clock read is not missed.
        changed = feed->changed_since(*account.last_sync_at - 1000);
      } else {
        incremental = false;  // real clouds have no change feed: compare everything instead
      }
    }
    if (incremental) {
      stats = incremental_sync(account, *provider, changed);
    } else {
      stats = full_sync(account, *provider, job_id, progress);
      // The reader threads' pages (see core/memory.hpp). Not after small syncs: the purge also
      // empties the request threads' caches, which then fault their pages back in.
      if (stats.total >= kReleaseMemoryAfter) release_unused_memory();
    }
  } catch (const providers::ProviderError& e) {
    long long count = resources_.count_for_account(account.id);
    accounts_.record_sync(account, "error", std::string(e.code()) + ": " + e.what(), std::nullopt, count, [&] {
      events_.publish(account.organization_id, "sync.completed",
                      {{"accountId", account.id},
                       {"accountName", account.name},
                       {"jobId", job_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(job_id)},
                       {"status", "error"},
                       {"error", {{"code", e.code()}, {"message", e.what()}}}});
    });
    throw;
  }
  stats.duration_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  Millis now = clock_.now_ms();
  long long count = resources_.count_for_account(account.id);
  nlohmann::json done = stats.to_json();
  done["accountId"] = account.id;
  done["accountName"] = account.name;
  done["jobId"] = job_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(job_id);
  done["status"] = "connected";
  done["resourceCount"] = count;
  accounts_.record_sync(account, "connected", "", now, count,
                        [&] { events_.publish(account.organization_id, "sync.completed", done); });
  log::info("sync completed", done);
  return stats;
}

SyncStats SyncService::full_sync(const Account& account, providers::CloudProvider& provider, const std::string& job_id,
                                 const Progress& progress) {
  SyncStats stats;
  stats.mode = "full";
  // Started first, so the provider's first pages arrive while what is stored is read. A row
  // written after this moment may be missing from the listing: it is not removed as gone.
  const Millis listing_started = clock_.now_ms();
  PageReader reader(provider, kPageSize, kWriteBatch / kPageSize);
  auto known = resources_.known(account.id);
  const auto stored_before = static_cast<long long>(known.size());
  std::vector<std::pair<std::string, nlohmann::json>> announcements;  // (type, resource)
  // Changed rows are written in batches, at most kWriteBatch: big enough that SQLite commits
  // rarely (each commit rewrites the touched index pages), small enough that the write lock is
  // held for about a second at most (other writers wait that long; readers never do). Pages come
  // from a PageReader, so the provider works on the next pages while a batch is written.
  // A batch is written before it is full, from kMinWriteBatch rows, when the next page is not
  // ready: waiting on a cloud slower than the database with a full batch's records in hand costs
  // memory, and every page of it is faulted in afresh by each big sync (docs/sync-pipeline.md).
  // When the database is the slower, pages pile up while a batch is written, and batches grow to
  // the full size by themselves.
  std::vector<PreparedPage> held;    // the pages `pending` points into, until they are written
  std::vector<ResourceRow> pending;  // points into `held`
  std::vector<bool> pending_new;
  pending.reserve(kWriteBatch + kPageSize);  // a batch is about one page over at most
  auto flush = [&] {
    Millis now = clock_.now_ms();
    resources_.upsert(account.organization_id, account.id, account.is_demo, pending, now);
    for (size_t i = 0; i < pending.size(); ++i) {
      (pending_new[i] ? stats.created : stats.updated)++;
      if (static_cast<long long>(announcements.size()) <= kMaxPerResourceEvents) {
        const StoredRecord& s = *pending[i].stored;
        const auto& r = *s.record;  // its spec, tags and posture are in `s` as text (PreparedPage)
        Resource res{pending[i].id,
                     account.organization_id,
                     account.id,
                     r.provider,
                     r.external_id,
                     r.name,
                     r.type,
                     r.region,
                     r.status,
                     nlohmann::json::parse(s.spec),
                     nlohmann::json::parse(s.tags),
                     nlohmann::json::parse(s.posture),
                     r.monthly_cost,
                     account.is_demo,
                     r.created_at ? r.created_at : now,
                     now,
                     now};
        announcements.emplace_back(pending_new[i] ? "resource.created" : "resource.updated",
                                   to_json(res, gateway_.registry()));
      }
    }
    // The account says what is stored as it is stored: a sync cut short (a crash, kill -9) leaves
    // a true count behind, and a long first sync shows its progress in the account list.
    if (!pending.empty()) accounts_.record_count(account.id, stored_before + stats.created);
    pending.clear();
    pending_new.clear();
    for (auto& page : held) reader.discard(std::move(page));
    held.clear();
  };
  // The reader keeps a batch worth of pages ahead: while one batch is written, the next one is
  // read. The first batch is a small one whatever the pace, so the database starts working early.
  size_t batch_size = kMinWriteBatch;
  while (auto page = reader.next()) {
    size_t pending_before = pending.size();
    // Every sighting is marked in `known`, new resources included. A cloud may list a resource
    // twice (a listing that moved while it was paged): the first sighting stands, in one batch or
    // across batches. PostgreSQL would refuse to write one row twice in a statement.
    for (auto& stored : page->stored) {
      auto [it, is_new] = known.try_emplace(stored.record->external_id);
      KnownResource& k = it->second;
      if (k.listed) continue;
      k.listed = true;  // whatever stored resource is not listed by the end has disappeared
      if (!is_new && k.content_hash == stored.content_hash) {
        ++stats.unchanged;
        ++stats.total;
        continue;
      }
      pending.push_back({is_new ? new_id("res") : k.id, &stored});
      pending_new.push_back(is_new);
      ++stats.total;
    }
    if (pending.size() > pending_before)
      held.push_back(std::move(*page));
    else
      reader.discard(std::move(*page));  // nothing to write
    if (pending.size() >= batch_size || (pending.size() >= kMinWriteBatch && !reader.next_is_ready())) {
      flush();
      batch_size = kWriteBatch;
    }
    events_.broadcast(account.organization_id, "sync.progress",
                      {{"accountId", account.id},
                       {"jobId", job_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(job_id)},
                       {"processed", stats.total}});
    if (progress) progress(stats.total);
  }
  flush();

  std::vector<std::string> unlisted;
  std::unordered_map<std::string_view, std::string_view> external_of;  // id → external id, for the events
  for (const auto& [external_id, k] : known)
    if (!k.listed) {
      unlisted.push_back(k.id);
      external_of[k.id] = external_id;
    }
  std::vector<std::string> gone = resources_.remove_unlisted(account.organization_id, unlisted, listing_started);
  for (const auto& id : gone)
    if (static_cast<long long>(announcements.size()) <= kMaxPerResourceEvents)
      announcements.emplace_back(
          "resource.deleted",
          nlohmann::json{{"id", id}, {"providerId", account.id}, {"externalId", external_of.at(id)}});
  stats.deleted = static_cast<long long>(gone.size());
  // A full sync writes in batches of thousands; the per-resource events of a small sync follow
  // the last batch in one transaction of their own (a crash in between loses these events, not
  // the rows; sync.completed is published with the account's new state either way).
  if (stats.created + stats.updated + stats.deleted <= kMaxPerResourceEvents && !announcements.empty()) {
    resources_.atomically([&] {
      for (const auto& [type, data] : announcements) events_.publish(account.organization_id, type, data);
    });
  }
  return stats;
}

SyncStats SyncService::incremental_sync(const Account& account, providers::CloudProvider& provider,
                                        const std::vector<std::string>& changed_ids) {
  SyncStats stats;
  stats.mode = "incremental";
  for (const auto& external_id : changed_ids) {
    auto record = provider.get_resource(external_id);
    auto existing = resources_.find_by_external(account.id, external_id);
    Millis now = clock_.now_ms();
    ++stats.total;
    if (!record) {
      if (existing) {
        resources_.atomically([&] {
          resources_.remove(account.organization_id, {existing->id});
          events_.publish(account.organization_id, "resource.deleted",
                          {{"id", existing->id}, {"providerId", account.id}, {"externalId", external_id}});
        });
        ++stats.deleted;
      }
      continue;
    }
    StoredRecord stored = prepare_record(*record);
    if (existing && resources_.content_hash(existing->id) == stored.content_hash) {
      ++stats.unchanged;
      continue;
    }
    std::string id = existing ? existing->id : new_id("res");
    resources_.atomically([&] {
      resources_.upsert(account.organization_id, account.id, account.is_demo, {{id, &stored}}, now);
      if (auto row = resources_.find(account.organization_id, id))
        events_.publish(account.organization_id, existing ? "resource.updated" : "resource.created",
                        to_json(*row, gateway_.registry()));
    });
    (existing ? stats.updated : stats.created)++;
  }
  return stats;
}

}  // namespace cw::inventory
