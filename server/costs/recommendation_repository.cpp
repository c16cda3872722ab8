#include "costs/recommendation_repository.hpp"

#include "core/ids.hpp"
#include "core/json_text.hpp"

namespace cw::costs {

namespace {
using storage::params;
using storage::Params;

constexpr const char* kColumns =
    "id, organization_id, account_id, kind, resource_id, resource_name, provider, region, title, detail,"
    " monthly_savings, currency, action, status, dismissed_reason, dismissed_by, dismissed_at, first_seen_at,"
    " last_seen_at, resolved_at";
// A dismissal stays; anything else found again is open again.
constexpr const char* kUpsert =
    "INSERT INTO cost_recommendations (id, organization_id, account_id, kind, resource_id, resource_name, provider,"
    " region, title, detail, monthly_savings, currency, action, status, first_seen_at, last_seen_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)"
    " ON CONFLICT (account_id, resource_id, kind) DO UPDATE SET resource_name = excluded.resource_name,"
    " provider = excluded.provider, region = excluded.region, title = excluded.title, detail = excluded.detail,"
    " monthly_savings = excluded.monthly_savings, currency = excluded.currency, action = excluded.action,"
    " last_seen_at = excluded.last_seen_at, resolved_at = NULL,"
    " status = CASE WHEN cost_recommendations.status = 'dismissed' THEN 'dismissed' ELSE 'open' END";
constexpr const char* kResolveUnseen =
    "UPDATE cost_recommendations SET status = 'resolved', resolved_at = ?"
    " WHERE organization_id = ? AND account_id = ? AND status IN ('open', 'applied') AND last_seen_at < ?";
constexpr const char* kDismiss =
    "UPDATE cost_recommendations SET status = 'dismissed', dismissed_reason = ?, dismissed_by = ?, dismissed_at = ?"
    " WHERE organization_id = ? AND id = ? AND status = 'open'";
constexpr const char* kMarkApplied =
    "UPDATE cost_recommendations SET status = 'applied' WHERE organization_id = ? AND id = ? AND status = 'open'";
// The inventory's table, read only.
constexpr const char* kResources =
    "SELECT id, account_id, provider, external_id, name, type, region, status, spec, monthly_cost, created_at"
    " FROM resources"
    " WHERE organization_id = ? AND account_id = ? AND type IN ('server', 'storage', 'load_balancer', 'network') AND "
    "status <> "
    "'terminated'"
    " ORDER BY monthly_cost DESC, id LIMIT ?";
constexpr const char* kResourceCosts =
    "SELECT inventory_resource_id, billing_currency, SUM(effective_cost) FROM cost_daily"
    " WHERE organization_id = ? AND account_id = ? AND day >= ? AND day < ? AND inventory_resource_id IS NOT NULL"
    " GROUP BY inventory_resource_id, billing_currency";
// Usage of compute services from live rows; a row with a CommitmentDiscountId ran under one.
constexpr const char* kComputeSpend =
    "SELECT r.billing_currency,"
    " SUM(CASE WHEN r.commitment_discount_id = '' THEN r.effective_cost ELSE 0 END),"
    " SUM(CASE WHEN r.commitment_discount_id <> '' THEN r.effective_cost ELSE 0 END)"
    " FROM cost_rows r JOIN cost_load_periods lp ON lp.load_id = r.load_id"
    " AND lp.billing_period_start = r.billing_period_start AND lp.live = 1"
    " WHERE r.organization_id = ? AND r.account_id = ? AND r.charge_day >= ? AND r.charge_day < ?"
    " AND r.charge_category = 'Usage'"
    " AND r.service_category = 'Compute' GROUP BY r.billing_currency ORDER BY 2 DESC";

Recommendation from_row(const storage::Row& row) {
  Recommendation r;
  r.id = row.text(0);
  r.organization_id = row.text(1);
  r.account_id = row.text(2);
  r.kind = row.text(3);
  r.resource_id = row.text(4);
  r.resource_name = row.text(5);
  r.provider = row.text(6);
  r.region = row.text(7);
  r.title = row.text(8);
  r.detail = row.text(9);
  r.monthly_savings = row.real(10);
  r.currency = row.text(11);
  if (auto action = row.opt_text(12)) r.action = nlohmann::json::parse(*action);
  r.status = row.text(13);
  r.dismissed_reason = row.text(14);
  r.dismissed_by = row.text(15);
  r.dismissed_at = row.opt_integer(16);
  r.first_seen_at = row.integer(17);
  r.last_seen_at = row.integer(18);
  r.resolved_at = row.opt_integer(19);
  return r;
}

}  // namespace

void RecommendationRepository::save_run(const std::string& organization_id, const std::string& account_id,
                                        const std::vector<Recommendation>& found, Millis now) {
  db_.transaction([&](storage::Connection&) {
    for (const auto& r : found)
      db_.execute(kUpsert,
                  params(new_id("rec"), organization_id, account_id, r.kind, r.resource_id, r.resource_name, r.provider,
                         r.region, r.title, r.detail, r.monthly_savings, r.currency,
                         r.action ? std::optional<std::string>(dump_json(*r.action)) : std::nullopt, now, now));
    db_.execute(kResolveUnseen, params(now, organization_id, account_id, now));
  });
}

std::vector<Recommendation> RecommendationRepository::list(const std::string& organization_id,
                                                           const RecommendationFilter& f) {
  std::string sql = std::string("SELECT ") + kColumns + " FROM cost_recommendations WHERE organization_id = ?";
  Params v = params(organization_id);
  if (f.status) {
    sql += " AND status = ?";
    v.emplace_back(*f.status);
  } else {
    sql += " AND status IN ('open', 'dismissed', 'applied')";
  }
  if (f.kind) {
    sql += " AND kind = ?";
    v.emplace_back(*f.kind);
  }
  sql += " ORDER BY monthly_savings DESC, id";
  std::vector<Recommendation> out;
  for (const auto& row : db_.execute(sql, v).rows) out.push_back(from_row(row));
  return out;
}

std::optional<Recommendation> RecommendationRepository::find(const std::string& organization_id,
                                                             const std::string& id) {
  auto r =
      db_.execute(std::string("SELECT ") + kColumns + " FROM cost_recommendations WHERE organization_id = ? AND id = ?",
                  params(organization_id, id));
  if (r.empty()) return std::nullopt;
  return from_row(r.first());
}

bool RecommendationRepository::dismiss(const std::string& organization_id, const std::string& id,
                                       const std::string& reason, const std::string& user_id, Millis now) {
  return db_.execute(kDismiss, params(reason, user_id, now, organization_id, id)).affected > 0;
}

bool RecommendationRepository::mark_applied(const std::string& organization_id, const std::string& id, Millis) {
  return db_.execute(kMarkApplied, params(organization_id, id)).affected > 0;
}

std::vector<ResourceFacts> RecommendationRepository::resources(const std::string& organization_id,
                                                               const std::string& account_id, int limit) {
  std::vector<ResourceFacts> out;
  for (const auto& row : db_.execute(kResources, params(organization_id, account_id, limit)).rows) {
    ResourceFacts f;
    f.id = row.text(0);
    f.account_id = row.text(1);
    f.provider = row.text(2);
    f.external_id = row.text(3);
    f.name = row.text(4);
    f.type = row.text(5);
    f.region = row.text(6);
    f.status = row.text(7);
    f.spec = nlohmann::json::parse(row.text(8), nullptr, false);
    if (!f.spec.is_object()) f.spec = nlohmann::json::object();
    f.monthly_cost = row.real(9);
    f.created_at = row.integer(10);
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<std::pair<std::string, std::pair<double, std::string>>> RecommendationRepository::resource_costs(
    const std::string& organization_id, const std::string& account_id, const std::string& from, const std::string& to) {
  std::vector<std::pair<std::string, std::pair<double, std::string>>> out;
  for (const auto& row : db_.execute(kResourceCosts, params(organization_id, account_id, from, to)).rows)
    out.push_back({row.text(0), {row.real(2), row.text(1)}});
  return out;
}

ComputeSpend RecommendationRepository::compute_spend(const std::string& organization_id, const std::string& account_id,
                                                     const std::string& from, const std::string& to) {
  ComputeSpend s;
  auto r = db_.execute(kComputeSpend, params(organization_id, account_id, from, to));
  if (r.empty()) return s;
  s.currency = r.first().text(0);
  s.on_demand = r.first().real(1);
  s.committed = r.first().real(2);
  return s;
}

}  // namespace cw::costs
