#pragma once
/// The vault's analytics: downloads counted as they complete, a daily storage snapshot, and the
/// dashboard's report (storage over time, uploads and downloads per day, largest and most
/// downloaded files, share link activity). Uploads are counted by VaultService::add_content, in
/// the transaction that records them.
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/principal.hpp"
#include "vault/analytics_repository.hpp"
#include "vault/share_repository.hpp"

namespace cw::vault {

struct AnalyticsReport {
  std::string from, to;  // days, inclusive
  std::vector<DayValue> storage;
  std::vector<UserDayValue> storage_by_user;  // the members storing most, per day
  std::vector<DayActivity> activity;
  std::vector<Item> largest;
  std::vector<std::pair<Item, int64_t>> most_downloaded;
  std::vector<Share> links;  // most downloaded links
};

class AnalyticsService {
 public:
  AnalyticsService(AnalyticsRepository& repository, ShareRepository& shares, const Clock& clock)
      : repository_(repository), shares_(shares), clock_(clock) {}

  /// A download of `file` completed (through a share link when `via_link`).
  void downloaded(const Item& file, bool via_link);
  /// Today's storage row (scheduled; also run before each report so today is never missing).
  void snapshot(const std::string& organization_id);
  std::vector<std::string> organizations_with_content() { return repository_.organizations_with_content(); }
  /// `from`/`to`: days (YYYY-MM-DD); empty: the last 30 days. At most 366 days.
  AnalyticsReport report(const Principal& caller, const std::string& from, const std::string& to);

 private:
  AnalyticsRepository& repository_;
  ShareRepository& shares_;
  const Clock& clock_;
};

}  // namespace cw::vault
