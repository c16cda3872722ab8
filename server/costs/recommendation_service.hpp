#pragma once
/// Savings recommendations of an organization: a run per account (job costs.recommend) gathers
/// the facts — the inventory's servers and volumes, each running server's CPU p95 over 14 days
/// read from the provider's MetricsSource, the last 30 days of cost rows — applies the rules of
/// recommendation.hpp and stores the result. Requests list, dismiss, and apply: applying goes
/// through the inventory's ResourceService (stop, delete, resize), as the /resources routes do.
#include <nlohmann/json.hpp>

#include "accounts/provider_gateway.hpp"
#include "accounts/service.hpp"
#include "core/clock.hpp"
#include "core/principal.hpp"
#include "costs/recommendation_repository.hpp"
#include "jobs/job_queue.hpp"

namespace cw::inventory {
class ResourceService;
}

namespace cw::costs {

struct RecommendationSettings {
  Millis interval_ms = 6 * 3600 * 1000LL;  // the periodic run of every account
  int max_resources = 2000;                // resources one run reads (biggest cost first)
  int max_metric_reads = 300;              // running servers whose CPU one run reads
};

class RecommendationService {
 public:
  static constexpr const char* kRecommendJob = "costs.recommend";

  RecommendationService(RecommendationRepository& repo, accounts::AccountService& accounts,
                        accounts::ProviderGateway& gateway, inventory::ResourceService& resources,
                        jobs::JobQueue& queue, const Clock& clock, RecommendationSettings settings = {})
      : repo_(repo),
        accounts_(accounts),
        gateway_(gateway),
        resources_(resources),
        queue_(queue),
        clock_(clock),
        settings_(settings) {}

  /// Queues a run for the account (one at a time per account, across the cluster).
  std::string enqueue(const std::string& organization_id, const std::string& account_id);
  /// Queues a run for every connected account (the periodic task).
  int enqueue_all();
  /// The job: one account's run. Returns counts by kind.
  nlohmann::json run(const std::string& account_id);

  /// GET /costs/recommendations: `status` open|dismissed|applied, `kind` one of the kinds.
  nlohmann::json list(const Principal& actor, const std::map<std::string, std::string>& query);
  nlohmann::json dismiss(const Principal& actor, const std::string& id, const nlohmann::json& body);
  /// Performs the action through the inventory; 409 when there is none or it is not open.
  nlohmann::json apply(const Principal& actor, const std::string& id);

  const RecommendationSettings& settings() const { return settings_; }

 private:
  RecommendationRepository& repo_;
  accounts::AccountService& accounts_;
  accounts::ProviderGateway& gateway_;
  inventory::ResourceService& resources_;
  jobs::JobQueue& queue_;
  const Clock& clock_;
  RecommendationSettings settings_;
};

}  // namespace cw::costs
