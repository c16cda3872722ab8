#pragma once
/// Connecting cloud accounts: validate and seal credentials, test the connection, schedule syncs
/// (on demand and every account's interval), update and disconnect.
#include <functional>
#include <optional>
#include <string>

#include "core/principal.hpp"
#include "accounts/repository.hpp"
#include "accounts/provider_gateway.hpp"
#include "jobs/job_queue.hpp"

namespace cw::events {
class EventBus;
}

namespace cw::accounts {

struct NewAccount {
  std::string provider, name;
  nlohmann::json credentials = nlohmann::json::object();
  nlohmann::json regions = nlohmann::json::array();
  /// Which of the provider's services to inventory (aws: ec2, s3, rds, lambda); null = all.
  nlohmann::json services = nullptr;
  nlohmann::json endpoints = nlohmann::json::object();
  /// gcp: the BigQuery table of the Cloud Billing export costs are read from ("" = none).
  std::string billing_export_table;
  long long sync_interval_seconds = 900;
  bool is_demo = false;
  bool schedule_sync = true;  // demo loading syncs inline instead
  /// Save only if the connection test passes (else VALIDATION_ERROR with the first cause).
  bool verify = false;
};

struct AccountPatch {
  std::optional<std::string> name;
  std::optional<nlohmann::json> credentials, regions, services, endpoints;
  std::optional<std::string> billing_export_table;  // "" removes it
  std::optional<long long> sync_interval_seconds;
};

struct AccountPage {
  std::vector<Account> accounts;
  long long total = 0;
};

class AccountService {
 public:
  AccountService(AccountRepository& repo, ProviderGateway& gateway, jobs::JobQueue& queue, events::EventBus& events,
                 const Clock& clock)
      : repo_(repo), gateway_(gateway), queue_(queue), events_(events), clock_(clock) {}

  /// Called (in the removal's transaction) when accounts of an organization are removed: the
  /// domains that keep data per account react (their rows go by foreign key; caches do not).
  void on_removed(std::function<void(const std::string& organization_id)> listener) {
    removed_listeners_.push_back(std::move(listener));
  }
  std::optional<Account> find(const std::string& organization_id, const std::string& id) {
    return repo_.find(organization_id, id);
  }
  /// How many resources a sync in progress has stored so far (shown while it runs).
  void record_count(const std::string& id, long long resource_count) { repo_.record_count(id, resource_count); }
  /// Any account, by id (background jobs know the id only).
  std::optional<Account> find_any(const std::string& id) { return repo_.find_any(id); }
  /// Records a sync's outcome as the account's status; with `also`, in one transaction with it
  /// (the caller's event, for instance).
  void record_sync(const Account& account, const std::string& status, const std::string& reason,
                   std::optional<Millis> synced_at, long long resource_count, const std::function<void()>& also = {});

  /// Throws VALIDATION_ERROR naming bad credential fields; tests the connection and records the
  /// result as the status (a failing test still saves the account, in status "error", unless
  /// `verify` asks to save only a working account).
  Account connect(const Principal& actor, const NewAccount& account);
  Account get(const Principal& actor, const std::string& id);
  /// One page of the organization's accounts, oldest first, and how many there are in all.
  AccountPage list(const Principal& actor, int limit, long long offset);
  Account update(const Principal& actor, const std::string& id, const AccountPatch& patch);
  /// Removes the account and, with it, its resources.
  void disconnect(const Principal& actor, const std::string& id);
  /// Removes every demo account of the organization (and their resources).
  void remove_demo_accounts(const std::string& organization_id);
  providers::ConnectionTest test(const Principal& actor, const std::string& id);
  /// Enqueues a sync job (one per account at a time) and returns its id.
  std::string request_sync(const Account& account, bool full);
  /// (organization, id) of every account of every organization (periodic work per account).
  std::vector<std::pair<std::string, std::string>> all_account_ids() { return repo_.all_ids(); }
  /// Periodic: enqueues syncs for accounts whose interval has passed.
  int enqueue_due_syncs();

  static constexpr const char* kSyncJob = "inventory.sync";

 private:
  void validate_credentials(const std::string& provider, const nlohmann::json& credentials,
                            const nlohmann::json& endpoints);
  /// The provider-specific settings (gcp: billingExportTable) → 400 naming each bad field.
  void validate_settings(const std::string& provider, const nlohmann::json& settings);
  /// Tests the connection (never throws: a failure is in the result).
  providers::ConnectionTest probe(const Account& account);
  /// probe() and records the result as the account's status.
  providers::ConnectionTest run_test(const Account& account);
  void forget_provider_state(const Account& account);
  AccountRepository& repo_;
  std::vector<std::function<void(const std::string&)>> removed_listeners_;
  ProviderGateway& gateway_;
  jobs::JobQueue& queue_;
  events::EventBus& events_;
  const Clock& clock_;
};

}  // namespace cw::accounts
