#pragma once
/// Collecting each account's costs from its provider: a periodic task (once per cluster per
/// period) queues a costs.collect job for every account whose collection is due; the job reads
/// the provider's CostSource month by month — 13 months of history the first time, then the
/// previous and current month — and loads each month as a billing period (replacing it). A
/// provider without cost data (GCP until its billing export is wired) records "unsupported" with
/// the provider's reason, visible in GET /costs/collections, instead of failing silently.
#include <nlohmann/json.hpp>

#include "accounts/provider_gateway.hpp"
#include "accounts/service.hpp"
#include "core/principal.hpp"
#include "costs/repository.hpp"
#include "jobs/job_queue.hpp"
#include "jobs/job_runner.hpp"

namespace cw::costs {

struct CollectionSettings {
  Millis scheduler_ms = 60'000;            // how often due collections are queued
  Millis interval_ms = 6LL * 3600 * 1000;  // how often an account is collected
  int history_months = 13;                 // the first collection: this month and 12 before
};

class CollectionService {
 public:
  CollectionService(CostRepository& repo, accounts::AccountService& accounts, accounts::ProviderGateway& gateway,
                    jobs::JobQueue& queue, const Clock& clock, CollectionSettings settings)
      : repo_(repo), accounts_(accounts), gateway_(gateway), queue_(queue), clock_(clock), settings_(settings) {}

  /// Periodic: queues a collection for every account that is due (never collected, or its
  /// interval passed) and past its first sync (status not "pending"). Returns how many were queued.
  int enqueue_due();
  /// On demand (POST /costs/collections): queues the account's collection now; the job id.
  std::string request(const Principal& actor, const std::string& account_id);
  std::vector<CostCollection> list(const Principal& actor) { return repo_.list_collections(actor.organization_id); }
  /// The job.
  nlohmann::json collect(const jobs::Job& job, jobs::JobContext& context);
  const CollectionSettings& settings() const { return settings_; }

  static constexpr const char* kCollectJob = "costs.collect";

 private:
  std::string enqueue(const std::string& organization_id, const std::string& account_id);
  CostRepository& repo_;
  accounts::AccountService& accounts_;
  accounts::ProviderGateway& gateway_;
  jobs::JobQueue& queue_;
  const Clock& clock_;
  CollectionSettings settings_;
};

}  // namespace cw::costs
