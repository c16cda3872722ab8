#pragma once
/// The SQL of cost anomalies (table cost_anomalies, migration 0015).
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "costs/anomaly_record.hpp"
#include "storage/database.hpp"

namespace cw::costs {

struct AnomalyFilter {
  std::optional<std::string> status;    // open | dismissed
  std::optional<std::string> from, to;  // first day in [from, to)
  int limit = 100;
};

class AnomalyRepository {
 public:
  explicit AnomalyRepository(storage::Database& db) : db_(db) {}
  /// Stores a newly found anomaly; false (and nothing changed) when the organization already has
  /// one for that scope, first day and currency — detecting again is not a new anomaly. An open
  /// one that has lasted longer since gets its days, actual and impact updated.
  /// `on_new` runs inside the insert's transaction (an event published there exists exactly when
  /// the anomaly does).
  bool insert_or_update(const CostAnomaly& anomaly, const std::function<void()>& on_new = {});
  std::vector<CostAnomaly> list(const std::string& organization_id, const AnomalyFilter& filter);
  std::optional<CostAnomaly> find(const std::string& organization_id, const std::string& id);
  /// Marks an open anomaly dismissed; false when it is unknown or already dismissed.
  bool dismiss(const std::string& organization_id, const std::string& id, const std::string& reason,
               const std::string& by, Millis at);
  /// The organizations holding cost data (the detector's work list).
  std::vector<std::string> organizations_with_costs();

 private:
  storage::Database& db_;
};

}  // namespace cw::costs
