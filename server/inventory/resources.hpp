#pragma once
/// Reading and changing resources. Changes go through the provider first; the stored row and the
/// organization's live sessions follow what the provider reports. Lifecycle transitions that the
/// cloud completes later (provisioning → running, stopping → stopped, terminated → gone) are
/// followed by "inventory.refresh" jobs that re-read the resource until it settles.
#include <optional>
#include <string>

#include "core/principal.hpp"
#include "accounts/provider_gateway.hpp"
#include "accounts/service.hpp"
#include "inventory/resource_repository.hpp"
#include "jobs/job_queue.hpp"

namespace cw::events {
class EventBus;
}

namespace cw::inventory {

struct NewResourceRequest {
  std::string account_id;
  providers::NewResource resource;
};

struct MetricQuery {
  std::string metric = "cpu_utilization";
  Millis from = 0, to = 0, step_ms = 0;
};

/// Metrics already collected (the monitoring store, installed by the monitoring module): asked
/// first, so the provider is asked only for the part of a range the store does not hold.
class MetricArchive {
 public:
  virtual ~MetricArchive() = default;
  struct Points {
    std::vector<providers::MetricPoint> points;  // step averages
    std::optional<Millis> held_from;             // the store's oldest sample of the series
  };
  virtual Points read(const std::string& organization_id, const std::string& resource_id, const std::string& metric,
                      Millis from, Millis to, Millis step_ms) = 0;
};

class ResourceService {
 public:
  ResourceService(accounts::AccountService& accounts, ResourceRepository& repo, accounts::ProviderGateway& gateway,
                  jobs::JobQueue& queue, events::EventBus& events, const Clock& clock)
      : accounts_(accounts), repo_(repo), gateway_(gateway), queue_(queue), events_(events), clock_(clock) {}

  Resource get(const Principal& actor, const std::string& id);
  Resource create(const Principal& actor, const NewResourceRequest& request);
  Resource update(const Principal& actor, const std::string& id, const providers::ResourcePatch& patch);
  Resource remove(const Principal& actor, const std::string& id);
  Resource act(const Principal& actor, const std::string& id, providers::Action action);
  nlohmann::json metrics(const Principal& actor, const std::string& id, const MetricQuery& query);
  void set_metric_archive(MetricArchive* archive) { archive_ = archive; }

  /// Job handler for kRefreshJob.
  nlohmann::json refresh(const nlohmann::json& payload);
  static constexpr const char* kRefreshJob = "inventory.refresh";

  /// The registered providers (what serialising a resource asks about its actions).
  const providers::ProviderRegistry& providers() const { return gateway_.registry(); }

 private:
  Account account_of(const Principal& actor, const std::string& account_id);
  /// Stores what the provider reported and tells the organization.
  Resource store(const Account& account, const providers::ResourceRecord& record, const std::string& existing_id,
                 const char* event);
  void follow(const Account& account, const std::string& external_id, const std::string& settled_status);

  accounts::AccountService& accounts_;
  ResourceRepository& repo_;
  accounts::ProviderGateway& gateway_;
  jobs::JobQueue& queue_;
  events::EventBus& events_;
  const Clock& clock_;
  MetricArchive* archive_ = nullptr;
};

}  // namespace cw::inventory
