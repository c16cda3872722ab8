#pragma once
/// Cost anomaly detection over the daily rollups, per service and per cloud account, and what a
/// user does with the anomalies (GET /costs/anomalies, dismiss). The method — a seasonal baseline
/// and a robust score — is the pure code of anomaly.hpp; this service feeds it the last months of
/// each scope, ranks what drove each anomaly (region, resource, the other of service/account),
/// stores it once and announces a recent new one (`cost.anomaly_detected` → a costAlerts
/// notification).
#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/principal.hpp"
#include "costs/anomaly.hpp"
#include "costs/anomaly_repository.hpp"
#include "costs/model.hpp"

namespace cw::events {
class EventBus;
}
namespace cw::accounts {
class AccountService;
}

namespace cw::costs {

class CostService;

struct AnomalyDetectionSettings {
  int history_days = 120;  // read per scope: the baseline needs weeks, the score's scale a quarter
  int recent_days = 30;    // anomalies starting earlier are history, not stored as new
  int notify_days = 3;     // a new anomaly is announced only when it started this recently
};

class AnomalyService {
 public:
  AnomalyService(CostService& costs, AnomalyRepository& repo, accounts::AccountService& accounts,
                 events::EventBus& events, const Clock& clock, AnomalyDetectionSettings settings = {})
      : costs_(costs), repo_(repo), accounts_(accounts), events_(events), clock_(clock), settings_(settings) {}

  /// Detects in one organization's costs; returns how many anomalies were new.
  int detect(const std::string& organization_id);
  /// Every organization with cost data (the periodic task).
  int detect_all();

  /// `params`: status (open|dismissed), from, to (first day, YYYY-MM-DD), limit (1–500).
  std::vector<CostAnomaly> list(const Principal& actor, const std::map<std::string, std::string>& params);
  /// Dismisses an open anomaly with a reason (required, at most 500 characters).
  CostAnomaly dismiss(const Principal& actor, const std::string& id, const nlohmann::json& body);

 private:
  /// One dimension (service or account) in one currency over `range` (from, to = today).
  int detect_scope(const Principal& system, const CostQuery& range, const std::string& dimension,
                   const std::string& currency);
  std::vector<AnomalyDriver> drivers_of(const Principal& system, const std::string& dimension, const std::string& key,
                                        const std::string& currency, const Anomaly& anomaly);

  CostService& costs_;
  AnomalyRepository& repo_;
  accounts::AccountService& accounts_;
  events::EventBus& events_;
  const Clock& clock_;
  AnomalyDetectionSettings settings_;
};

}  // namespace cw::costs
