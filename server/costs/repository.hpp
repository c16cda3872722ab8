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

  // --- rows: written staged by a load, then swapped in (loader.hpp) ---
  /// Inserts rows as staged rows (invisible to rollups) in one statement per batch.
  void insert_staged(const std::vector<FocusRow>& rows);
  void delete_staged(const std::string& load_id);
  /// The days covered by the account's live rows of these billing periods (starts, ms).
  DayRange live_days(const std::string& account_id, const std::vector<Millis>& period_starts);
  /// Deletes the account's live rows of these billing periods, makes the load's rows live and
  /// links them to inventory resources. Call inside atomically() with rebuild_rollups().
  void swap_in(const std::string& account_id, const std::vector<Millis>& period_starts, const std::string& load_id);
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
