#include "vault/analytics_service.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace cw::vault {

namespace {

constexpr Millis kDayMs = 86'400'000;

/// A day as the API takes it: YYYY-MM-DD (or an RFC 3339 time, whose day is used).
std::string parse_day(const std::string& value, const char* field) {
  auto t = parse_rfc3339(value.size() == 10 ? value + "T00:00:00Z" : value);
  if (!t) throw field_error(field, "must be a date (YYYY-MM-DD)");
  return day_of(*t);
}

}  // namespace

void AnalyticsService::downloaded(const Item& file, bool via_link) {
  repository_.record(file.organization_id, day_of(clock_.now_ms()), via_link ? "share_download" : "download", 1,
                     file.size);
  repository_.count_download(file.organization_id, file.id);
}

void AnalyticsService::snapshot(const std::string& organization_id) {
  repository_.snapshot(organization_id, day_of(clock_.now_ms()));
}

AnalyticsReport AnalyticsService::report(const Principal& caller, const std::string& from, const std::string& to) {
  const Millis now = clock_.now_ms();
  AnalyticsReport r;
  r.to = to.empty() ? day_of(now) : parse_day(to, "to");
  r.from = from.empty() ? day_of(now - 29 * kDayMs) : parse_day(from, "from");
  if (r.from > r.to) throw field_error("from", "must not be after to");
  if (*parse_rfc3339(r.to + "T00:00:00Z") - *parse_rfc3339(r.from + "T00:00:00Z") > 366 * kDayMs)
    throw field_error("from", "the range is at most 366 days");
  snapshot(caller.organization_id);
  r.storage = repository_.storage(caller.organization_id, "", r.from, r.to);
  r.storage_by_user = repository_.storage_by_user(caller.organization_id, r.from, r.to, 8);
  r.activity = repository_.activity(caller.organization_id, r.from, r.to);
  r.largest = repository_.largest(caller.organization_id, 10);
  r.most_downloaded = repository_.most_downloaded(caller.organization_id, 10);
  r.links = shares_.list(caller.organization_id, std::nullopt, std::nullopt);
  std::sort(r.links.begin(), r.links.end(), [](const Share& a, const Share& b) { return a.downloads > b.downloads; });
  if (r.links.size() > 10) r.links.resize(10);
  return r;
}

}  // namespace cw::vault
