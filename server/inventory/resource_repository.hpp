#pragma once
/// SQL for the resource inventory: batched upserts for sync, and the filtered, sorted,
/// keyset-paged listing behind GET /resources.
#include <functional>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "inventory/model.hpp"
#include "storage/database.hpp"

namespace cw::inventory {

struct ResourceFilter {
  std::optional<std::string> provider, account_id, type, status, region, text;
  std::optional<std::pair<std::string, std::string>> tag;
  std::string sort_column = "name";  // a column name from a fixed list (never client text)
  bool sort_numeric = false;
  /// The time columns are BIGINT: their cursors hold whole numbers (PostgreSQL refuses "1.5e12").
  bool sorts_by_integer() const { return sort_column == "created_at" || sort_column == "updated_at"; }
  bool descending = false;
  /// Keyset position: the sort value and id of the last row of the previous page.
  std::optional<std::pair<std::string, std::string>> after;
  int limit = 50;
};

/// A row to write: the resource's CloudWeave id and its record in storable form, which the
/// caller keeps alive until upsert returns (a sync's rows point into the pages it holds).
struct ResourceRow {
  std::string id;
  const StoredRecord* stored;
};

struct KnownResource {
  std::string id, content_hash;
  bool listed = false;  // set by a sync once the cloud's listing has shown the resource
};

class ResourceRepository {
 public:
  explicit ResourceRepository(storage::Database& db) : db_(db) {}

  /// Runs `work` in one transaction: the calls it makes (and the events it publishes) all
  /// happen or none does.
  void atomically(const std::function<void()>& work) {
    db_.transaction([&](storage::Connection&) { work(); });
  }

  /// external id → (id, hash) of every stored resource of an account.
  std::unordered_map<std::string, KnownResource> known(const std::string& account_id);
  /// Inserts or updates rows (ids chosen by the caller) in one transaction. The rows' external ids
  /// must be distinct: PostgreSQL refuses to update one row twice in a statement.
  void upsert(const std::string& organization_id, const std::string& account_id, bool is_demo,
              const std::vector<ResourceRow>& rows, Millis now);
  void remove(const std::string& organization_id, const std::vector<std::string>& ids);
  /// Removes those of `ids` not written since `listing_started` and returns them: a row written
  /// since (a resource created through the API during a sync) can be missing from a listing
  /// that was already under way, so it is kept.
  std::vector<std::string> remove_unlisted(const std::string& organization_id, const std::vector<std::string>& ids,
                                           Millis listing_started);

  /// The organization's inventory version: it changes in the same transaction as any change to
  /// its resources (on any replica). Read it before the rows it will vouch for.
  std::int64_t version(const std::string& organization_id);
  /// Marks the organization's inventory as changed after its rows went some other way (an
  /// account was deleted and its rows with it).
  void touch(const std::string& organization_id);

  std::vector<Resource> list(const std::string& organization_id, const ResourceFilter& filter);
  /// The number of matching rows. Counting a large filtered set costs more than reading a page,
  /// so totals are cached per organization and filter while the inventory `version` (read by
  /// the caller beforehand) stays the same.
  long long count(const std::string& organization_id, const ResourceFilter& filter, std::int64_t version);
  std::optional<Resource> find(const std::string& organization_id, const std::string& id);
  std::optional<Resource> find_by_external(const std::string& account_id, const std::string& external_id);
  long long count_for_account(const std::string& account_id);
  std::string content_hash(const std::string& id);
  /// Totals for dashboards: rows of (dimension value, count, monthly cost).
  std::vector<std::tuple<std::string, long long, double>> summary(const std::string& organization_id,
                                                                  const std::string& column);

 private:
  storage::Database& db_;
  struct CachedCount {
    long long total;
    std::int64_t version;
  };
  std::mutex cache_mutex_;
  std::unordered_map<std::string, CachedCount> counts_;  // organization + filter → total
};

}  // namespace cw::inventory
