#pragma once
/// All SQL of the costs domain (SQLite and PostgreSQL alike): cost rows, their daily rollups,
/// imports and collections. Request paths pass the caller's organization; jobs pass ids.
/// Reads the inventory's `resources` table (read only) to link a row to the resource whose
/// external id is its ResourceId.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "costs/model.hpp"
#include "storage/database.hpp"

namespace cw::costs {

/// Inclusive range of days (YYYY-MM-DD); empty when first is "".
struct DayRange {
  std::string first, last;
  void include(const std::string& day);
  void include(const DayRange& other);
  bool empty() const { return first.empty(); }
};

class CostRepository {
 public:
  explicit CostRepository(storage::Database& db) : db_(db) {}

  void atomically(const std::function<void()>& work) {
    db_.transaction([&](storage::Connection&) { work(); });
  }

  // --- rows: written by a load while they count for nothing, then made live (loader.hpp) ---
  /// Inserts rows (one account's) in multi-row statements, each linked to the inventory resource
  /// whose external id is its ResourceId, if the account has one.
  void insert_rows(const std::vector<FocusRow>& rows);
  /// Deletes a load's rows for a period (all periods when nullopt), one day per transaction.
  void delete_load_rows(const std::string& load_id, std::optional<Millis> period_start = std::nullopt);
  /// The days covered by the account's live rows of these billing periods (starts, ms).
  DayRange live_days(const std::string& account_id, const std::vector<Millis>& period_starts);
  /// Makes `load_id` the live load of these periods of the account, and the loads it replaces
  /// dead. Call inside atomically() with rebuild_rollups().
  void make_live(const std::string& account_id, const std::vector<Millis>& period_starts, const std::string& load_id);
  /// Deletes the rows of the account's dead loads (day by day), then their period entries.
  void purge_dead_loads(const std::string& account_id);
  /// Recomputes the account's rollups (and tag rollups) for these days from its live rows.
  void rebuild_rollups(const std::string& account_id, const DayRange& days);

  // --- tag keys: which tags the organization's rollups break down by ---
  std::vector<std::string> tag_keys(const std::string& organization_id);
  /// Replaces the keys and rebuilds the organization's tag rollups (all accounts, all days).
  void set_tag_keys(const std::string& organization_id, const std::vector<std::string>& keys);
  /// How many live rows the organization (or one of its accounts) holds.
  long long count_rows(const std::string& organization_id, const std::optional<std::string>& account_id = {});

  // --- breakdowns: rollups only ---
  /// Amounts per day × group key × currency in [from, to).
  std::vector<DailyAmount> daily_amounts(const std::string& organization_id, const CostQuery& query,
                                         const std::string& from, const std::string& to);
  /// Totals per currency in [from, to) under the query's filters.
  std::map<std::string, double> totals(const std::string& organization_id, const CostQuery& query,
                                       const std::string& from, const std::string& to);

  // --- exports: live rows, one account-day at a time (the rows' index is account × day) ---
  /// The (account, day) pairs holding costs under the query's filters in [query.from, query.to),
  /// by day, from the rollups. The tag filter is not applied here (rows are filtered by it).
  std::vector<std::pair<std::string, std::string>> account_days(const std::string& organization_id,
                                                                const CostQuery& query);
  /// The live rows of one account and day under the query's provider/service/region/currency/
  /// resource filters.
  std::vector<FocusRow> live_rows(const std::string& organization_id, const std::string& account_id,
                                  const std::string& day, const CostQuery& query);

  // --- imports ---
  void insert_import(const CostImport& import);
  void update_import(const CostImport& import);
  std::optional<CostImport> find_import(const std::string& organization_id, const std::string& id);
  std::optional<CostImport> find_import_any(const std::string& id);
  std::vector<CostImport> list_imports(const std::string& organization_id, int limit, long long offset);
  long long count_imports(const std::string& organization_id);

  // --- collections ---
  std::optional<CostCollection> find_collection(const std::string& account_id);
  void save_collection(const CostCollection& collection);
  std::vector<CostCollection> list_collections(const std::string& organization_id);
  /// next_run_at of every account that has a collection row.
  std::map<std::string, Millis> collection_schedule();

  /// The SQL column of a breakdown dimension or metric ("service" → service_name); throws
  /// std::invalid_argument for an unknown one (the service validates first).
  static const char* dimension_column(const std::string& dimension);
  static const char* metric_column(const std::string& metric);

 private:
  std::string filter_sql(const std::string& organization_id, const CostQuery& query, const std::string& from,
                         const std::string& to, storage::Params& values);
  storage::Database& db_;
};

}  // namespace cw::costs
