#pragma once
/// Collecting metrics from the clouds into the store: a periodic task (once per cluster) queues a
/// monitoring.collect job for each account whose interval has passed; the job reads the watched
/// resources' metrics from the provider since where the last collection stopped (7 days back the
/// first time), a day per request so every cloud's point limit holds, and appends them.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "accounts/provider_gateway.hpp"
#include "accounts/service.hpp"
#include "core/principal.hpp"
#include "jobs/job_queue.hpp"
#include "jobs/job_runner.hpp"
#include "monitoring/sample_store.hpp"
#include "monitoring/resource_reader.hpp"

namespace cw::monitoring {

struct CollectionConfig {
  std::string account_id, organization_id;
  bool enabled = true;
  Millis interval_ms = 300'000;
  std::vector<std::string> watched_types = {"server", "database"};
  std::optional<std::string> watch_tag;
  std::optional<Millis> collected_until, last_collected_at;
  std::optional<std::string> last_error;
};

class CollectionRepository {
 public:
  explicit CollectionRepository(storage::Database& db) : db_(db) {}
  /// The account's settings (the defaults when never saved).
  CollectionConfig get(const std::string& organization_id, const std::string& account_id);
  void save(const CollectionConfig& config, Millis now);
  bool exists(const std::string& account_id);
  long long series_count(const std::string& account_id);

 private:
  storage::Database& db_;
};

struct CollectionSettings {
  Millis scheduler_ms = 60'000;
  Millis backfill_ms = 7 * kDayMs;  // the first collection reaches this far back
  Millis step_ms = 300'000;         // the clouds' basic granularity
};

class CollectionService {
 public:
  static constexpr const char* kCollectJob = "monitoring.collect";

  CollectionService(CollectionRepository& repo, ResourceReader& resources, SampleStore& store,
                    accounts::AccountService& accounts, accounts::ProviderGateway& gateway, jobs::JobQueue& queue,
                    const Clock& clock, CollectionSettings settings = {})
      : repo_(repo),
        resources_(resources),
        store_(store),
        accounts_(accounts),
        gateway_(gateway),
        queue_(queue),
        clock_(clock),
        settings_(settings) {}

  /// GET /monitoring/collection: every account of the organization.
  nlohmann::json list(const Principal& actor);
  /// PATCH /monitoring/collection/{id}.
  nlohmann::json update(const Principal& actor, const std::string& account_id, const nlohmann::json& body);
  /// After an account's first sync: saves its settings (demo accounts also watch load balancers)
  /// and queues its first collection at once. False when the account was set up before.
  bool start(const std::string& account_id);
  /// Periodic: queues the accounts that are due. How many.
  int enqueue_due();
  /// The job: collects one account up to now.
  nlohmann::json collect(const jobs::Job& job, jobs::JobContext& context);
  /// Collects synchronously (tests, demo start).
  nlohmann::json collect_account(const std::string& account_id, jobs::JobContext* context = nullptr);
  const CollectionSettings& settings() const { return settings_; }

 private:
  nlohmann::json to_json(const accounts::Account& account, const CollectionConfig& config);
  void enqueue(const std::string& organization_id, const std::string& account_id);
  CollectionRepository& repo_;
  ResourceReader& resources_;
  SampleStore& store_;
  accounts::AccountService& accounts_;
  accounts::ProviderGateway& gateway_;
  jobs::JobQueue& queue_;
  const Clock& clock_;
  CollectionSettings settings_;
};

}  // namespace cw::monitoring
