#include "costs/anomaly_repository.hpp"

#include "core/json_text.hpp"

namespace cw::costs {

using storage::params;

namespace {

constexpr const char* kColumns =
    "id, organization_id, scope_dimension, scope_key, day, days, currency, expected, actual, impact, score, drivers,"
    " status, dismissed_reason, dismissed_by, dismissed_at, detected_at";

CostAnomaly anomaly_from(storage::Row& row) {
  CostAnomaly a;
  a.id = row.take_text(0);
  a.organization_id = row.take_text(1);
  a.scope_dimension = row.take_text(2);
  a.scope_key = row.take_text(3);
  a.day = row.take_text(4);
  a.days = static_cast<int>(row.integer(5));
  a.currency = row.take_text(6);
  a.expected = row.real(7);
  a.actual = row.real(8);
  a.impact = row.real(9);
  a.score = row.real(10);
  a.drivers = drivers_from_json(nlohmann::json::parse(row.take_text(11), nullptr, false));
  a.status = row.take_text(12);
  a.dismissed_reason = row.take_text(13);
  a.dismissed_by = row.take_text(14);
  if (!row.is_null(15)) a.dismissed_at = row.integer(15);
  a.detected_at = row.integer(16);
  return a;
}

}  // namespace

bool AnomalyRepository::insert_or_update(const CostAnomaly& a, const std::function<void()>& on_new) {
  bool inserted = false;
  db_.transaction([&](storage::Connection& c) {
    auto existing = c.execute(
        "SELECT id FROM cost_anomalies WHERE organization_id = ? AND scope_dimension = ? AND scope_key = ?"
        " AND day = ? AND currency = ?",
        params(a.organization_id, a.scope_dimension, a.scope_key, a.day, a.currency));
    if (!existing.rows.empty()) {
      c.execute(
          "UPDATE cost_anomalies SET days = ?, actual = ?, impact = ?, drivers = ? WHERE id = ? AND status = 'open'",
          params(static_cast<std::int64_t>(a.days), a.actual, a.impact, dump_json(drivers_json(a.drivers)),
                 existing.rows[0].text(0)));
      return;
    }
    c.execute(std::string("INSERT INTO cost_anomalies (") + kColumns +
                  ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', NULL, NULL, NULL, ?)",
              params(a.id, a.organization_id, a.scope_dimension, a.scope_key, a.day, static_cast<std::int64_t>(a.days),
                     a.currency, a.expected, a.actual, a.impact, a.score, dump_json(drivers_json(a.drivers)),
                     static_cast<std::int64_t>(a.detected_at)));
    inserted = true;
    if (on_new) on_new();
  });
  return inserted;
}

std::vector<CostAnomaly> AnomalyRepository::list(const std::string& organization_id, const AnomalyFilter& f) {
  std::string sql = std::string("SELECT ") + kColumns + " FROM cost_anomalies WHERE organization_id = ?";
  storage::Params v = params(organization_id);
  auto add = [&](const char* condition, const std::optional<std::string>& value) {
    if (!value) return;
    sql += condition;
    v.emplace_back(*value);
  };
  add(" AND status = ?", f.status);
  add(" AND day >= ?", f.from);
  add(" AND day < ?", f.to);
  sql += " ORDER BY day DESC, ABS(impact) DESC LIMIT ?";
  v.emplace_back(static_cast<std::int64_t>(f.limit));
  std::vector<CostAnomaly> out;
  for (auto& row : db_.execute(sql, v).rows) out.push_back(anomaly_from(row));
  return out;
}

std::optional<CostAnomaly> AnomalyRepository::find(const std::string& organization_id, const std::string& id) {
  auto result =
      db_.execute(std::string("SELECT ") + kColumns + " FROM cost_anomalies WHERE organization_id = ? AND id = ?",
                  params(organization_id, id));
  if (result.rows.empty()) return std::nullopt;
  return anomaly_from(result.rows[0]);
}

bool AnomalyRepository::dismiss(const std::string& organization_id, const std::string& id, const std::string& reason,
                                const std::string& by, Millis at) {
  return db_.execute(
                "UPDATE cost_anomalies SET status = 'dismissed', dismissed_reason = ?, dismissed_by = ?,"
                " dismissed_at = ? WHERE organization_id = ? AND id = ? AND status = 'open'",
                params(reason, by, static_cast<std::int64_t>(at), organization_id, id))
             .affected > 0;
}

std::vector<std::string> AnomalyRepository::organizations_with_costs() {
  std::vector<std::string> out;
  for (auto& row : db_.execute("SELECT DISTINCT organization_id FROM cost_daily_summary").rows)
    out.push_back(row.take_text(0));
  return out;
}

}  // namespace cw::costs
