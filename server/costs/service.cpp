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

/// Amounts keep their billing currency; adding EUR to USD without a rate would be a wrong number.
void throw_unless_convertible(const std::map<std::string, double>& totals, const std::optional<ExchangeRates>& rates) {
  nlohmann::json currencies = nlohmann::json::array();
  std::string list, missing;
  for (const auto& [currency, amount] : totals) {
    currencies.push_back(currency);
    list += (list.empty() ? "" : ", ") + currency;
    if (!rates || !rates->factor(currency)) missing += (missing.empty() ? "" : ", ") + currency;
  }
  if (missing.empty()) return;
  std::string message = "These costs are in several currencies (" + list +
                        ") and are not added up across currencies: choose one with currency=, or ";
  message += rates ? "add an exchange rate for " + missing + " to the organization's rates"
                   : "set the organization's exchange rates";
  throw ApiError(ErrorCode::kValidation, message + " (PUT /costs/exchange-rates)",
                 {{"fields", {{"currency", "must name one of " + list}}}, {"currencies", currencies}});
}

/// Amounts in the base currency; a currency without a rate (possible only in a previous period)
/// cannot be converted and is left out.
void convert(std::vector<DailyAmount>& amounts, const ExchangeRates& rates) {
  std::erase_if(amounts, [&](const DailyAmount& a) { return !rates.factor(a.currency); });
  for (auto& a : amounts) {
    a.amount *= *rates.factor(a.currency);
    a.currency = rates.base;
  }
}

}  // namespace

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

ExchangeRates CostService::set_exchange_rates(const Principal& actor, const nlohmann::json& body, Millis now) {
  ExchangeRates rates = parse_exchange_rates(body);
  rates.updated_by = actor.user_id;
  rates.updated_at = now;
  rates_.replace(actor.organization_id, rates);
  return rates;
}

Principal organization_reader(const std::string& organization_id) {
  return Principal{"", "", organization_id, Role::kOwner, "", ""};
}

std::vector<std::string> CostService::currencies(const Principal& actor, const CostQuery& query) {
  std::vector<std::string> out;
  for (const auto& [currency, total] : repo_.totals(actor.organization_id, query, query.from, query.to))
    out.push_back(currency);
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
  CostQuery q = query;
  // Several currencies add up only through the organization's exchange rates, into its base.
  std::optional<ExchangeRates> rates;
  if (totals.size() > 1) {
    rates = rates_.find(actor.organization_id);
    throw_unless_convertible(totals, rates);
    out.currency = rates->base;
    for (const auto& [currency, amount] : totals) out.total += amount * *rates->factor(currency);
    out.exchange_rates = rates;
  } else if (!totals.empty()) {
    out.currency = totals.begin()->first;
    out.total = totals.begin()->second;
    q.currency = out.currency;
  } else if (query.currency) {
    out.currency = *query.currency;
  }
  auto read = [&](const std::string& from, const std::string& to) {
    auto amounts = repo_.daily_amounts(actor.organization_id, q, from, to);
    if (rates) convert(amounts, *rates);
    return amounts;
  };
  auto amounts = read(q.from, q.to);
  fold_series(q, amounts, out);

  // The period just before, as long as this one, for the totals' and each group's change.
  const long long from = *day_number(q.from), to = *day_number(q.to);
  out.previous_from = day_text(from - (to - from));
  out.previous_to = q.from;
  if (out.currency.empty() || !q.with_previous_period) return out;
  if (q.group_by.empty() && !rates) {
    auto before = repo_.totals(actor.organization_id, q, out.previous_from, out.previous_to);
    out.previous_total = before.count(out.currency) ? before[out.currency] : 0;
    return out;
  }
  auto before = read(out.previous_from, out.previous_to);
  for (const auto& a : before) out.previous_total += a.amount;
  if (!q.group_by.empty()) out.movers = compare_with_previous(q, amounts, before, out.series);
  return out;
}

}  // namespace cw::costs
