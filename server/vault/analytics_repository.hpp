#pragma once
/// vault_activity, vault_usage_daily and the items' download counts: what the analytics
/// dashboard is made of.
#include <string>
#include <vector>

#include "storage/database.hpp"
#include "vault/model.hpp"

namespace cw::vault {

struct DayValue {
  std::string day;  // YYYY-MM-DD
  int64_t value = 0;
};
struct UserDayValue {
  std::string user_id, day;
  int64_t value = 0;
};
struct DayActivity {
  std::string day;
  std::string kind;  // upload | download | share_download
  int64_t files = 0;
  int64_t bytes = 0;
};

class AnalyticsRepository {
 public:
  explicit AnalyticsRepository(storage::Database& db) : db_(db) {}

  void record(const std::string& organization_id, const std::string& day, const std::string& kind, int64_t files,
              int64_t bytes);
  void count_download(const std::string& organization_id, const std::string& item_id);
  /// Today's storage, for the organization and for each user, from the versions (as quotas count).
  void snapshot(const std::string& organization_id, const std::string& day);
  std::vector<std::string> organizations_with_content();

  /// The organization's (`user_id` empty) or a user's storage per day, in [from, to].
  std::vector<DayValue> storage(const std::string& organization_id, const std::string& user_id, const std::string& from,
                                const std::string& to);
  /// Each member's stored bytes per day (the snapshots), for the `limit` members storing most on `to`.
  std::vector<UserDayValue> storage_by_user(const std::string& organization_id, const std::string& from,
                                            const std::string& to, int limit);
  std::vector<DayActivity> activity(const std::string& organization_id, const std::string& from, const std::string& to);
  /// Live files, biggest or most downloaded first.
  std::vector<Item> largest(const std::string& organization_id, int limit);
  std::vector<std::pair<Item, int64_t>> most_downloaded(const std::string& organization_id, int limit);

 private:
  storage::Database& db_;
};

/// The UTC day of a time, as the tables key it.
std::string day_of(Millis ms);

}  // namespace cw::vault
