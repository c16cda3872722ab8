#include "costs/service.hpp"

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "costs/query.hpp"

namespace cw::costs {

CostBreakdown CostService::breakdown(const Principal& actor, const CostQuery& query) {
  CostBreakdown out;
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
  fold_series(q, repo_.daily_amounts(actor.organization_id, q, q.from, q.to), out);

  const long long from = *day_number(q.from), to = *day_number(q.to);
  out.previous_from = day_text(from - (to - from));
  out.previous_to = q.from;
  if (!out.currency.empty()) {
    CostQuery previous = q;
    auto before = repo_.totals(actor.organization_id, previous, out.previous_from, out.previous_to);
    out.previous_total = before.count(out.currency) ? before[out.currency] : 0;
  }
  return out;
}

}  // namespace cw::costs
