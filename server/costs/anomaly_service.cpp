#include "costs/anomaly_service.hpp"

#include <algorithm>
#include <cmath>

#include "accounts/service.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "costs/query.hpp"
#include "costs/service.hpp"
#include "events/event_bus.hpp"

namespace cw::costs {

namespace {

constexpr int kBaselineDays = 7 * 6;  // drivers: a few same weekdays before the anomaly
constexpr size_t kDriversPerDimension = 3;
constexpr size_t kMaxReason = 500;

/// The scope's days from its first cost on: the zero-filled days before it are "no data yet",
/// not a bill of zero that then jumps.
DailySeries series_of(const CostSeries& s) {
  std::vector<DatedAmount> rows;
  rows.reserve(s.points.size());
  for (const auto& [day, amount] : s.points)
    if (!rows.empty() || amount != 0) rows.push_back({day, amount});
  return daily_series(rows);
}

}  // namespace

int AnomalyService::detect(const std::string& organization_id) {
  const Principal system = organization_reader(organization_id);
  // Up to yesterday: today's costs are still arriving, and a half day is not an anomaly.
  const long long today = *day_number(utc_day(clock_.now_ms()));
  CostQuery range;
  range.from = day_text(today - settings_.history_days);
  range.to = day_text(today);
  int found = 0;
  // One currency at a time: amounts in different currencies are never added up.
  for (const auto& currency : costs_.currencies(system, range))
    for (const char* dimension : {"service", "account"}) found += detect_scope(system, range, dimension, currency);
  return found;
}

int AnomalyService::detect_all() {
  int found = 0;
  for (const auto& organization_id : repo_.organizations_with_costs()) found += detect(organization_id);
  return found;
}

int AnomalyService::detect_scope(const Principal& system, const CostQuery& range, const std::string& dimension,
                                 const std::string& currency) {
  CostQuery q = range;
  q.group_by = {dimension};
  q.limit = 1000;
  q.with_previous_period = false;
  q.currency = currency;
  CostBreakdown breakdown = costs_.breakdown(system, q);

  int found = 0;
  const long long today = *day_number(range.to);
  const auto recent = std::chrono::sys_days(std::chrono::days(today - settings_.recent_days));
  const auto announce_from = std::chrono::sys_days(std::chrono::days(today - settings_.notify_days));
  for (const auto& series : breakdown.series) {
    const std::string& key = series.key.at(dimension);
    if (key.empty()) continue;
    for (const auto& a : detect_anomalies(series_of(series))) {
      if (a.date < recent) continue;
      CostAnomaly record;
      record.id = new_id("anm");
      record.organization_id = system.organization_id;
      record.scope_dimension = dimension;
      record.scope_key = key;
      record.day = format_date(a.date);
      record.days = a.days;
      record.currency = breakdown.currency;
      record.expected = a.expected;
      record.actual = a.actual;
      record.impact = a.total_impact;
      record.score = a.score;
      record.drivers = drivers_of(system, dimension, key, breakdown.currency, a);
      record.detected_at = clock_.now_ms();
      const bool announce = a.date >= announce_from;
      if (repo_.insert_or_update(record, [&] {
            if (!announce) return;
            nlohmann::json data = to_json(record);
            if (dimension == "account")
              if (auto account = accounts_.find_any(key)) data["scope"]["name"] = account->name;
            events_.publish(system.organization_id, "cost.anomaly_detected", data);
          }))
        ++found;
    }
  }
  return found;
}

std::vector<AnomalyDriver> AnomalyService::drivers_of(const Principal& system, const std::string& dimension,
                                                      const std::string& key, const std::string& currency,
                                                      const Anomaly& anomaly) {
  // The scope's slices over the anomaly and the weeks before it, ranked by how much each moved.
  const long long first = *day_number(format_date(anomaly.date));
  CostQuery q;
  q.from = day_text(first - kBaselineDays);
  q.to = day_text(first + anomaly.days);
  q.limit = 1000;
  q.with_previous_period = false;
  q.currency = currency;
  if (dimension == "service")
    q.service = key;
  else
    q.account_id = key;
  std::vector<DriverSeries> slices;
  for (const char* by : {"region", "resource", dimension == "service" ? "account" : "service"}) {
    q.group_by = {by};
    for (const auto& s : costs_.breakdown(system, q).series) slices.push_back({by, s.key.at(by), series_of(s)});
  }
  std::vector<AnomalyDriver> out;
  std::map<std::string, size_t> per_dimension;
  for (const auto& d : rank_drivers(anomaly, slices)) {
    // Only what moved the anomaly's way, a few per dimension.
    if (d.contribution * anomaly.impact <= 0 || per_dimension[d.dimension]++ >= kDriversPerDimension) continue;
    out.push_back({d.dimension, d.key, d.expected, d.actual, d.contribution, d.share});
  }
  return out;
}

std::vector<CostAnomaly> AnomalyService::list(const Principal& actor, const std::map<std::string, std::string>& p) {
  AnomalyFilter f;
  auto text = [&](const char* name) -> std::optional<std::string> {
    auto it = p.find(name);
    return it == p.end() || it->second.empty() ? std::nullopt : std::optional<std::string>(it->second);
  };
  f.status = text("status");
  if (f.status && *f.status != "open" && *f.status != "dismissed")
    throw field_error("status", "must be open or dismissed");
  for (auto [name, bound] : {std::pair{"from", &f.from}, std::pair{"to", &f.to}})
    if (auto d = text(name)) {
      if (!day_number(*d)) throw field_error(name, "must be a date, YYYY-MM-DD");
      *bound = d;
    }
  if (auto limit = int_param(p, "limit", 1, 500)) f.limit = *limit;
  return repo_.list(actor.organization_id, f);
}

CostAnomaly AnomalyService::dismiss(const Principal& actor, const std::string& id, const nlohmann::json& body) {
  auto reason = body.find("reason");
  if (reason == body.end() || !reason->is_string() ||
      reason->get<std::string>().find_first_not_of(" \t\r\n") == std::string::npos)
    throw field_error("reason", "is required: say why this is not an anomaly worth acting on");
  if (reason->get<std::string>().size() > kMaxReason)
    throw field_error("reason", "at most " + std::to_string(kMaxReason) + " characters");
  auto existing = repo_.find(actor.organization_id, id);
  if (!existing) throw ApiError(ErrorCode::kNotFound, "No such cost anomaly");
  if (existing->status == "dismissed") throw ApiError(ErrorCode::kConflict, "The anomaly is already dismissed");
  repo_.dismiss(actor.organization_id, id, reason->get<std::string>(),
                actor.user_id.empty() ? actor.api_key_id : actor.user_id, clock_.now_ms());
  return *repo_.find(actor.organization_id, id);
}

}  // namespace cw::costs
