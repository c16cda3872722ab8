#pragma once
/// The SQL of savings recommendations (SQLite and PostgreSQL alike): storing each run's findings
/// idempotently (one row per account × resource × kind), listing and dismissing them, and reading
/// the facts the rules need — the inventory's `resources` (read only) and the cost rollups.
#include <optional>
#include <string>
#include <vector>

#include "costs/recommendation.hpp"
#include "storage/database.hpp"

namespace cw::costs {

struct RecommendationFilter {
  std::optional<std::string> status, kind;
};

class RecommendationRepository {
 public:
  explicit RecommendationRepository(storage::Database& db) : db_(db) {}

  /// Stores one account's run: what it found is inserted or refreshed (re-opened unless
  /// dismissed), the account's open or applied rows it did not find are resolved. One transaction.
  void save_run(const std::string& organization_id, const std::string& account_id,
                const std::vector<Recommendation>& found, Millis now);
  /// Open and dismissed ones by default (status filters), biggest saving first.
  std::vector<Recommendation> list(const std::string& organization_id, const RecommendationFilter& filter);
  std::optional<Recommendation> find(const std::string& organization_id, const std::string& id);
  /// False when no open row of the organization has this id.
  bool dismiss(const std::string& organization_id, const std::string& id, const std::string& reason,
               const std::string& user_id, Millis now);
  /// Marks an open row applied (the next run resolves it, or re-opens it if the condition stays).
  bool mark_applied(const std::string& organization_id, const std::string& id, Millis now);

  // --- facts, read only ---
  /// The account's servers and volumes, biggest monthly cost first, at most `limit`.
  std::vector<ResourceFacts> resources(const std::string& organization_id, const std::string& account_id, int limit);
  /// Cost per linked resource over [from, to) (YYYY-MM-DD) from the rollups: id → (amount, currency).
  std::vector<std::pair<std::string, std::pair<double, std::string>>> resource_costs(const std::string& organization_id,
                                                                                     const std::string& account_id,
                                                                                     const std::string& from,
                                                                                     const std::string& to);
  /// The account's compute usage over [from, to), split by commitment coverage (live cost rows).
  ComputeSpend compute_spend(const std::string& organization_id, const std::string& account_id, const std::string& from,
                             const std::string& to);

 private:
  storage::Database& db_;
};

}  // namespace cw::costs
