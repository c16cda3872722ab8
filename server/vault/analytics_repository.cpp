#include "vault/analytics_repository.hpp"

namespace cw::vault {

using storage::params;

std::string day_of(Millis ms) { return format_rfc3339(ms).substr(0, 10); }

void AnalyticsRepository::record(const std::string& organization_id, const std::string& day, const std::string& kind,
                                 int64_t files, int64_t bytes) {
  db_.execute(
      "INSERT INTO vault_activity (organization_id, day, kind, files, bytes) VALUES (?, ?, ?, ?, ?)"
      " ON CONFLICT (organization_id, day, kind) DO UPDATE SET files = vault_activity.files + excluded.files,"
      " bytes = vault_activity.bytes + excluded.bytes",
      params(organization_id, day, kind, static_cast<long long>(files), static_cast<long long>(bytes)));
}

void AnalyticsRepository::count_download(const std::string& organization_id, const std::string& item_id) {
  db_.execute("UPDATE vault_items SET downloads = downloads + 1 WHERE organization_id = ? AND id = ?",
              params(organization_id, item_id));
}

void AnalyticsRepository::snapshot(const std::string& organization_id, const std::string& day) {
  const char* upsert = " ON CONFLICT (organization_id, day, user_id) DO UPDATE SET used = excluded.used";
  db_.execute(std::string("INSERT INTO vault_usage_daily (organization_id, day, user_id, used)"
                          " SELECT ?, ?, '', COALESCE(SUM(size), 0) FROM vault_versions WHERE organization_id = ?") +
                  upsert,
              params(organization_id, day, organization_id));
  db_.execute(std::string("INSERT INTO vault_usage_daily (organization_id, day, user_id, used)"
                          " SELECT ?, ?, created_by, SUM(size) FROM vault_versions WHERE organization_id = ?"
                          " GROUP BY created_by") +
                  upsert,
              params(organization_id, day, organization_id));
}

std::vector<std::string> AnalyticsRepository::organizations_with_content() {
  std::vector<std::string> out;
  for (auto& row : db_.execute("SELECT DISTINCT organization_id FROM vault_versions").rows)
    out.push_back(row.take_text(0));
  return out;
}

std::vector<DayValue> AnalyticsRepository::storage(const std::string& organization_id, const std::string& user_id,
                                                   const std::string& from, const std::string& to) {
  std::vector<DayValue> out;
  for (auto& row : db_.execute("SELECT day, used FROM vault_usage_daily WHERE organization_id = ? AND user_id = ?"
                               " AND day >= ? AND day <= ? ORDER BY day",
                               params(organization_id, user_id, from, to))
                       .rows)
    out.push_back({row.take_text(0), row.integer(1)});
  return out;
}

std::vector<UserDayValue> AnalyticsRepository::storage_by_user(const std::string& organization_id,
                                                               const std::string& from, const std::string& to,
                                                               int limit) {
  std::vector<UserDayValue> out;
  for (auto& row : db_.execute("SELECT u.user_id, u.day, u.used FROM vault_usage_daily u"
                               " JOIN (SELECT user_id FROM vault_usage_daily WHERE organization_id = ? AND day = ?"
                               " AND user_id <> '' ORDER BY used DESC, user_id LIMIT ?) top ON top.user_id = u.user_id"
                               " WHERE u.organization_id = ? AND u.day >= ? AND u.day <= ? ORDER BY u.user_id, u.day",
                               params(organization_id, to, limit, organization_id, from, to))
                       .rows)
    out.push_back({row.take_text(0), row.take_text(1), row.integer(2)});
  return out;
}

std::vector<DayActivity> AnalyticsRepository::activity(const std::string& organization_id, const std::string& from,
                                                       const std::string& to) {
  std::vector<DayActivity> out;
  for (auto& row : db_.execute("SELECT day, kind, files, bytes FROM vault_activity WHERE organization_id = ?"
                               " AND day >= ? AND day <= ? ORDER BY day, kind",
                               params(organization_id, from, to))
                       .rows)
    out.push_back({row.take_text(0), row.take_text(1), row.integer(2), row.integer(3)});
  return out;
}

std::vector<Item> AnalyticsRepository::largest(const std::string& organization_id, int limit) {
  std::vector<Item> out;
  for (auto& row : db_.execute("SELECT id, name, size, mime_type, parent_id FROM vault_items WHERE organization_id = ?"
                               " AND kind = 'file' AND trashed_at IS NULL ORDER BY size DESC, id LIMIT ?",
                               params(organization_id, limit))
                       .rows) {
    Item it;
    it.id = row.take_text(0);
    it.name = row.take_text(1);
    it.size = row.integer(2);
    it.mime_type = row.opt_text(3);
    it.parent_id = row.take_text(4);
    out.push_back(std::move(it));
  }
  return out;
}

std::vector<std::pair<Item, int64_t>> AnalyticsRepository::most_downloaded(const std::string& organization_id,
                                                                           int limit) {
  std::vector<std::pair<Item, int64_t>> out;
  for (auto& row : db_.execute("SELECT id, name, size, downloads FROM vault_items WHERE organization_id = ?"
                               " AND kind = 'file' AND trashed_at IS NULL AND downloads > 0"
                               " ORDER BY downloads DESC, id LIMIT ?",
                               params(organization_id, limit))
                       .rows) {
    Item it;
    it.id = row.take_text(0);
    it.name = row.take_text(1);
    it.size = row.integer(2);
    out.emplace_back(std::move(it), row.integer(3));
  }
  return out;
}

}  // namespace cw::vault
