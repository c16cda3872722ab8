#include "costs/service.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

#include "core/error.hpp"
#include "costs/export.hpp"
#include "costs/movers.hpp"
#include "costs/query.hpp"

namespace cw::costs {

namespace {
constexpr size_t kMaxTagKeys = 20;
}

std::vector<std::string> CostService::set_tag_keys(const Principal& actor, const nlohmann::json& body) {
  auto keys = body.find("keys");
  if (keys == body.end() || !keys->is_array()) throw field_error("keys", "must be an array of tag keys");
  if (keys->size() > kMaxTagKeys) throw field_error("keys", "at most " + std::to_string(kMaxTagKeys) + " tag keys");
  std::set<std::string> unique;
  for (const auto& k : *keys) {
    if (!k.is_string()) throw field_error("keys", "must hold strings");
    if (auto problem = tag_key_problem(k.get<std::string>())) throw field_error("keys", *problem);
    unique.insert(k.get<std::string>());
  }
  std::vector<std::string> out(unique.begin(), unique.end());
  repo_.set_tag_keys(actor.organization_id, out);
  return out;
}

std::shared_ptr<http::BodySource> CostService::focus_rows(const Principal& actor, const CostQuery& query) {
  return focus_export(repo_, actor.organization_id, query);
}

CostBreakdown CostService::breakdown(const Principal& actor, const CostQuery& query) {
  CostBreakdown out;
  if (query.tag_key) {
    auto keys = repo_.tag_keys(actor.organization_id);
    if (std::find(keys.begin(), keys.end(), *query.tag_key) == keys.end())
      throw field_error(query.tag_value ? "tag" : "groupBy",
                        "costs are not broken down by the tag '" + *query.tag_key +
                            "' yet: add it to the organization's cost tag keys (PUT /costs/tag-keys)");
  }
  auto totals = repo_.totals(actor.organization_id, query, query.from, query.to);
  if (totals.size() > 1) {
    // Amounts keep their billing currency; adding EUR to USD would be a wrong number.
    nlohmann::json currencies = nlohmann::json::array();
    std::string list;
    for (const auto& [currency, amount] : totals) {
      currencies.push_back(currency);
      list += (list.empty() ? "" : ", ") + currency;
    }
    throw ApiError(ErrorCode::kValidation,
                   "These costs are in several currencies (" + list +
                       ") and are not added up across currencies: choose one with currency=",
                   {{"fields", {{"currency", "must name one of " + list}}}, {"currencies", currencies}});
  }
  CostQuery q = query;
  if (!totals.empty()) {
    out.currency = totals.begin()->first;
    out.total = totals.begin()->second;
    q.currency = out.currency;
  } else if (query.currency) {
    out.currency = *query.currency;
  }
  auto amounts = repo_.daily_amounts(actor.organization_id, q, q.from, q.to);
  fold_series(q, amounts, out);

  // The period just before, as long as this one, for the totals' and each group's change.
  const long long from = *day_number(q.from), to = *day_number(q.to);
  out.previous_from = day_text(from - (to - from));
  out.previous_to = q.from;
  if (out.currency.empty()) return out;
  if (q.group_by.empty()) {
    auto before = repo_.totals(actor.organization_id, q, out.previous_from, out.previous_to);
    out.previous_total = before.count(out.currency) ? before[out.currency] : 0;
    return out;
  }
  auto before = repo_.daily_amounts(actor.organization_id, q, out.previous_from, out.previous_to);
  for (const auto& a : before) out.previous_total += a.amount;
  out.movers = compare_with_previous(q, amounts, before, out.series);
  return out;
}

}  // namespace cw::costs
