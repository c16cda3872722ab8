#pragma once
/// Inventory sync: reads an account's resources from its provider and makes the stored inventory
/// match. A full sync pages through everything, writes only rows whose content changed (by hash)
/// and deletes rows the cloud no longer reports; an incremental sync re-reads only what the
/// provider's change feed names. Progress and completion are published to the organization.
#include <functional>
#include <string>

#include "accounts/provider_gateway.hpp"
#include "accounts/service.hpp"
#include "inventory/resource_repository.hpp"

namespace cw::events {
class EventBus;
}

namespace cw::inventory {

struct SyncStats {
  std::string mode;  // full | incremental
  long long created = 0, updated = 0, deleted = 0, unchanged = 0, total = 0;
  Millis duration_ms = 0;
  nlohmann::json to_json() const;
};

class SyncService {
 public:
  SyncService(accounts::AccountService& accounts, ResourceRepository& resources, accounts::ProviderGateway& gateway,
              events::EventBus& events, const Clock& clock)
      : accounts_(accounts), resources_(resources), gateway_(gateway), events_(events), clock_(clock) {}

  /// Called after each page of a full sync with the resources seen so far; may throw to stop
  /// the sync (a cancelled job): what was written stays, the account keeps its count.
  using Progress = std::function<void(long long processed)>;

  /// Syncs and records the outcome on the account (connected, or error with the reason).
  /// Provider failures propagate after being recorded, so a job can retry.
  SyncStats sync(const Account& account, bool full, const std::string& job_id, const Progress& progress = {});

  static constexpr int kPageSize = 1000;
  /// Changed rows are written in batches of up to kWriteBatch, and of at least kMinWriteBatch
  /// (but for the last): see full_sync.
  static constexpr size_t kWriteBatch = 25000;
  static constexpr size_t kMinWriteBatch = kWriteBatch / 5;
  /// Up to this many changes are announced one by one (resource.* events); beyond it only the
  /// sync.completed summary is sent, so a big first sync does not flood the browsers.
  static constexpr long long kMaxPerResourceEvents = 200;
  /// A full sync of at least this many resources hands its freed memory back to the OS.
  static constexpr long long kReleaseMemoryAfter = 10'000;

 private:
  SyncStats full_sync(const Account& account, providers::CloudProvider& provider, const std::string& job_id,
                      const Progress& progress);
  SyncStats incremental_sync(const Account& account, providers::CloudProvider& provider,
                             const std::vector<std::string>& changed_ids);
  accounts::AccountService& accounts_;
  ResourceRepository& resources_;
  accounts::ProviderGateway& gateway_;
  events::EventBus& events_;
  const Clock& clock_;
};

}  // namespace cw::inventory
