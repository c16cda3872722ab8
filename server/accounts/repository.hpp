#pragma once
/// SQL for connected cloud accounts. Request paths always pass the caller's organization.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "accounts/model.hpp"
#include "storage/database.hpp"

namespace cw::accounts {

class AccountRepository {
 public:
  explicit AccountRepository(storage::Database& db) : db_(db) {}

  /// Runs `work` in one transaction: the calls it makes (and the events it publishes) all
  /// happen or none does.
  void atomically(const std::function<void()>& work) {
    db_.transaction([&](storage::Connection&) { work(); });
  }

  void insert(const Account& account);
  std::optional<Account> find(const std::string& organization_id, const std::string& id);
  /// Background jobs know the account id only.
  std::optional<Account> find_any(const std::string& id);
  /// Oldest first (ties by id); `limit` rows from `offset`. An organization has few accounts,
  /// so position paging is cheap and stable enough.
  std::vector<Account> list(const std::string& organization_id, int limit, long long offset);
  long long count(const std::string& organization_id);
  void update(const Account& account);
  /// Records a connection test: a failed one puts the account in "error" with `reason`; a passed
  /// one makes it "connected" if it has synced, else "pending". Decided in the UPDATE itself, so a
  /// sync completing while the test ran is not overwritten with a stale "pending".
  void record_test(const std::string& id, bool valid, const std::string& reason, Millis now);
  /// How many resources are stored so far (written by a sync after each batch).
  void record_count(const std::string& id, long long resource_count);
  void record_sync(const std::string& id, const std::string& status, const std::string& reason,
                   std::optional<Millis> synced_at, long long resource_count, Millis now);
  void set_sync_job(const std::string& id, const std::string& job_id);
  bool remove(const std::string& organization_id, const std::string& id);
  /// Accounts whose next periodic sync is due at `now`.
  std::vector<std::pair<std::string, std::string>> due_for_sync(Millis now);  // (org, id)
  std::vector<Account> demo_accounts(const std::string& organization_id);
  /// (organization, id) of every account, for work done per account across the cluster.
  std::vector<std::pair<std::string, std::string>> all_ids();
  /// Every account's sealed credentials (key rotation).
  std::vector<std::pair<std::string, std::string>> all_credentials();
  void set_credentials(const std::string& id, const std::string& sealed);

 private:
  storage::Database& db_;
};

}  // namespace cw::accounts
