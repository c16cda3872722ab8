#include "accounts/repository.hpp"

namespace cw::accounts {

using storage::params;

namespace {
constexpr const char* kAccountColumns =
    "SELECT id, organization_id, provider, name, credentials, settings, status, status_reason,"
    " is_demo, sync_interval_seconds, last_sync_at, last_sync_job_id, resource_count, created_at,"
    " updated_at FROM cloud_accounts ";
constexpr const char* kInsertAccount =
    "INSERT INTO cloud_accounts (id, organization_id, provider, name, credentials, settings, status,"
    " status_reason, is_demo, sync_interval_seconds, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kUpdateAccount =
    "UPDATE cloud_accounts SET name = ?, credentials = ?, settings = ?, sync_interval_seconds = ?,"
    " status = ?, status_reason = ?, updated_at = ? WHERE organization_id = ? AND id = ?";
constexpr const char* kRecordTest =
    "UPDATE cloud_accounts SET status = CASE WHEN ? = 0 THEN 'error' WHEN last_sync_at IS NULL THEN 'pending'"
    " ELSE 'connected' END, status_reason = ?, updated_at = ? WHERE id = ?";
constexpr const char* kRecordSync =
    "UPDATE cloud_accounts SET status = ?, status_reason = ?, last_sync_at = COALESCE(?, last_sync_at),"
    " resource_count = ?, updated_at = ? WHERE id = ?";
constexpr const char* kRecordCount = "UPDATE cloud_accounts SET resource_count = ? WHERE id = ?";
constexpr const char* kSetSyncJob = "UPDATE cloud_accounts SET last_sync_job_id = ? WHERE id = ?";
constexpr const char* kDeleteAccount = "DELETE FROM cloud_accounts WHERE organization_id = ? AND id = ?";
constexpr const char* kDueForSync =
    "SELECT organization_id, id FROM cloud_accounts WHERE status <> 'disconnected'"
    " AND (last_sync_at IS NULL OR last_sync_at + sync_interval_seconds * 1000 <= ?)"
    // a failing account is retried once per interval, not on every scheduler tick
    " AND (status <> 'error' OR updated_at + sync_interval_seconds * 1000 <= ?)";
constexpr const char* kListAccountsOrder = "WHERE organization_id = ? ORDER BY created_at, id LIMIT ? OFFSET ?";
constexpr const char* kCountAccounts = "SELECT COUNT(*) FROM cloud_accounts WHERE organization_id = ?";
constexpr const char* kAllIds = "SELECT organization_id, id FROM cloud_accounts ORDER BY id";
constexpr const char* kAllCredentials = "SELECT id, credentials FROM cloud_accounts";
constexpr const char* kSetCredentials = "UPDATE cloud_accounts SET credentials = ? WHERE id = ?";

Account account_from(const storage::Row& r) {
  Account a;
  a.id = r.text(0);
  a.organization_id = r.text(1);
  a.provider = r.text(2);
  a.name = r.text(3);
  a.sealed_credentials = r.text(4);
  a.settings = nlohmann::json::parse(r.text(5), nullptr, false);
  if (!a.settings.is_object()) a.settings = nlohmann::json::object();
  a.status = r.text(6);
  a.status_reason = r.text(7);
  a.is_demo = r.boolean(8);
  a.sync_interval_seconds = r.integer(9);
  a.last_sync_at = r.opt_integer(10);
  a.last_sync_job_id = r.text(11);
  a.resource_count = r.integer(12);
  a.created_at = r.integer(13);
  a.updated_at = r.integer(14);
  return a;
}

std::optional<Account> one(const storage::Result& r) {
  if (r.empty()) return std::nullopt;
  return account_from(r.first());
}
}  // namespace

void AccountRepository::insert(const Account& a) {
  db_.execute(kInsertAccount,
              params(a.id, a.organization_id, a.provider, a.name, a.sealed_credentials, a.settings.dump(), a.status,
                     a.status_reason, a.is_demo, a.sync_interval_seconds, a.created_at, a.updated_at));
}

std::optional<Account> AccountRepository::find(const std::string& org, const std::string& id) {
  return one(db_.execute(std::string(kAccountColumns) + "WHERE organization_id = ? AND id = ?", params(org, id)));
}

std::optional<Account> AccountRepository::find_any(const std::string& id) {
  return one(db_.execute(std::string(kAccountColumns) + "WHERE id = ?", params(id)));
}

std::vector<Account> AccountRepository::list(const std::string& org, int limit, long long offset) {
  std::vector<Account> out;
  for (const auto& row : db_.execute(std::string(kAccountColumns) + kListAccountsOrder,
                                     params(org, static_cast<std::int64_t>(limit), static_cast<std::int64_t>(offset)))
                             .rows)
    out.push_back(account_from(row));
  return out;
}

long long AccountRepository::count(const std::string& org) {
  return db_.execute(kCountAccounts, params(org)).first().integer(0);
}

void AccountRepository::update(const Account& a) {
  db_.execute(kUpdateAccount, params(a.name, a.sealed_credentials, a.settings.dump(), a.sync_interval_seconds, a.status,
                                     a.status_reason, a.updated_at, a.organization_id, a.id));
}

void AccountRepository::record_test(const std::string& id, bool valid, const std::string& reason, Millis now) {
  db_.execute(kRecordTest, params(static_cast<std::int64_t>(valid ? 1 : 0), reason, now, id));
}

void AccountRepository::record_count(const std::string& id, long long resource_count) {
  db_.execute(kRecordCount, params(resource_count, id));
}

void AccountRepository::record_sync(const std::string& id, const std::string& status, const std::string& reason,
                                    std::optional<Millis> synced_at, long long resource_count, Millis now) {
  db_.execute(kRecordSync, params(status, reason, synced_at, resource_count, now, id));
}

void AccountRepository::set_sync_job(const std::string& id, const std::string& job_id) {
  db_.execute(kSetSyncJob, params(job_id, id));
}

bool AccountRepository::remove(const std::string& org, const std::string& id) {
  return db_.execute(kDeleteAccount, params(org, id)).affected > 0;
}

std::vector<std::pair<std::string, std::string>> AccountRepository::due_for_sync(Millis now) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& row : db_.execute(kDueForSync, params(now, now)).rows) out.emplace_back(row.text(0), row.text(1));
  return out;
}

std::vector<Account> AccountRepository::demo_accounts(const std::string& org) {
  std::vector<Account> out;
  for (const auto& row :
       db_.execute(std::string(kAccountColumns) + "WHERE organization_id = ? AND is_demo = 1", params(org)).rows)
    out.push_back(account_from(row));
  return out;
}

std::vector<std::pair<std::string, std::string>> AccountRepository::all_ids() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& row : db_.execute(kAllIds).rows) out.emplace_back(row.text(0), row.text(1));
  return out;
}

std::vector<std::pair<std::string, std::string>> AccountRepository::all_credentials() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& row : db_.execute(kAllCredentials).rows) out.emplace_back(row.text(0), row.text(1));
  return out;
}

void AccountRepository::set_credentials(const std::string& id, const std::string& sealed) {
  db_.execute(kSetCredentials, params(sealed, id));
}

}  // namespace cw::accounts
