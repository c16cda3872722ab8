#include "costs/budget_service.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/ids.hpp"
#include "costs/forecast_service.hpp"
#include "costs/query.hpp"
#include "costs/service.hpp"
#include "events/event_bus.hpp"

namespace cw::costs {

namespace {

/// Whole months from `from` (a month's first day) up to `to` (exclusive, a month's first day).
int months_between(const std::string& from, const std::string& to) {
  return (std::stoi(to.substr(0, 4)) - std::stoi(from.substr(0, 4))) * 12 + std::stoi(to.substr(5, 2)) -
         std::stoi(from.substr(5, 2));
}

}  // namespace

BudgetStatus BudgetService::status(const Budget& b) {
  BudgetStatus s;
  const std::string today = utc_day(clock_.now_ms());
  std::tie(s.period_start, s.period_end) = budget_period(b.period, today);
  const Principal system = organization_reader(b.organization_id);
  for (const auto& c : repo_.crossings(b.id))
    if (c.period_start == s.period_start) s.crossed.push_back(c);

  std::map<std::string, std::string> params = b.filters;
  params["from"] = s.period_start;
  params["to"] = std::min(day_text(*day_number(today) + 1), s.period_end);
  CostBreakdown spent;
  try {
    CostQuery q = parse_cost_query(params, today);
    q.with_previous_period = false;
    spent = costs_.breakdown(system, q);
  } catch (const ApiError& e) {
    s.error = e.what();
    return s;
  }
  if (!spent.currency.empty() && spent.currency != b.currency) {
    s.error = "The costs of this scope are in " + spent.currency + " and the budget in " + b.currency +
              ": set the budget in " + spent.currency + " or exchange rates with " + b.currency + " as the base";
    return s;
  }
  s.spent = spent.total;
  s.percent_used = s.spent / b.amount * 100;

  // The period's expected total: what was spent before this month, plus this month's forecast
  // end, plus the forecasts of the months left in the period.
  const std::string this_month = today.substr(0, 8) + "01";
  double before_this_month = 0;
  for (const auto& series : spent.series)
    for (const auto& [day, amount] : series.points)
      if (day < this_month) before_this_month += amount;
  std::map<std::string, std::string> fparams = b.filters;
  const int months_after = months_between(this_month, s.period_end) - 1;
  fparams["months"] = std::to_string(std::max(1, months_after));
  try {
    auto f = forecasts_.forecast(system, fparams);
    if (f.value("currency", "") == b.currency) {
      double total = before_this_month + f["monthEnd"].value("amount", 0.0);
      for (int i = 0; i < months_after && i < static_cast<int>(f["points"].size()); ++i)
        total += f["points"][static_cast<size_t>(i)].value("amount", 0.0);
      s.forecast = total;
    }
  } catch (const ApiError&) {
    // No forecast (e.g. several currencies): the actual spend still counts.
  }

  if (s.spent >= b.amount)
    s.state = "exceeded";
  else if (!s.crossed.empty() || (s.forecast && *s.forecast > b.amount))
    s.state = "warning";
  return s;
}

std::vector<BudgetPeriod> BudgetService::history(const Budget& b) {
  const std::string today = utc_day(clock_.now_ms());
  const int periods = b.period == "monthly" ? 12 : b.period == "quarterly" ? 8 : 3;
  std::string start = budget_period(b.period, today).first;
  for (int i = 1; i < periods; ++i) start = budget_period(b.period, day_text(*day_number(start) - 1)).first;
  std::map<std::string, std::string> params = b.filters;
  params["from"] = start;
  params["to"] = day_text(*day_number(today) + 1);
  params["granularity"] = "monthly";
  std::map<std::string, double> by_period;
  for (std::string p = start; p <= today; p = budget_period(b.period, p).second) by_period[p] = 0;
  try {
    CostQuery q = parse_cost_query(params, today);
    q.with_previous_period = false;
    q.currency = b.currency;
    for (const auto& series : costs_.breakdown(organization_reader(b.organization_id), q).series)
      for (const auto& [day, amount] : series.points) by_period[budget_period(b.period, day).first] += amount;
  } catch (const ApiError&) { return {}; }
  std::vector<BudgetPeriod> out;
  for (const auto& [p, spent] : by_period) out.push_back({p, spent});
  return out;
}

int BudgetService::evaluate(const Budget& b, BudgetStatus& s) {
  if (!s.error.empty()) return 0;
  int crossed = 0;
  for (const auto& t : b.thresholds) {
    std::optional<double> value = t.basis == "actual" ? std::optional<double>(s.spent) : s.forecast;
    if (!value || *value < b.amount * t.percent / 100) continue;
    BudgetCrossing c{b.id, s.period_start, t.basis, t.percent, *value, clock_.now_ms()};
    if (repo_.record_crossing(c, [&] {
          events_.publish(b.organization_id, "budget.threshold_crossed",
                          {{"budgetId", b.id},
                           {"name", b.name},
                           {"amount", b.amount},
                           {"currency", b.currency},
                           {"period", b.period},
                           {"periodStart", s.period_start},
                           {"basis", t.basis},
                           {"percent", t.percent},
                           {"value", *value}});
        })) {
      s.crossed.push_back(c);
      ++crossed;
    }
  }
  if (crossed > 0 && s.state == "ok") s.state = "warning";
  return crossed;
}

int BudgetService::evaluate(const std::string& organization_id) {
  int crossed = 0;
  for (const auto& b : repo_.list(organization_id)) {
    auto s = status(b);
    crossed += evaluate(b, s);
  }
  return crossed;
}

int BudgetService::evaluate_all() {
  int crossed = 0;
  for (const auto& organization_id : repo_.organizations_with_budgets()) crossed += evaluate(organization_id);
  return crossed;
}

int BudgetService::seed_demo(const std::string& organization_id) {
  if (!repo_.list(organization_id).empty()) return 0;
  const std::string today = utc_day(clock_.now_ms());
  const std::string this_month = today.substr(0, 8) + "01";
  const std::string last_month = budget_period("monthly", day_text(*day_number(this_month) - 1)).first;
  CostBreakdown spent;
  try {
    CostQuery q = parse_cost_query({{"from", last_month}, {"to", this_month}, {"groupBy", "service"}}, today);
    q.with_previous_period = false;
    spent = costs_.breakdown(organization_reader(organization_id), q);
  } catch (const ApiError&) {
    return 0;  // e.g. several currencies and no rates: no sensible amount to propose
  }
  if (spent.total <= 0 || spent.currency.empty()) return 0;
  const CostSeries* top = nullptr;
  for (const auto& series : spent.series)
    if (!top || series.total > top->total) top = &series;

  // Round amounts the way a person would type them: two significant figures, upwards.
  auto round_up = [](double amount) {
    const double unit = std::pow(10.0, std::floor(std::log10(amount)) - 1);
    return std::ceil(amount / unit) * unit;
  };
  auto add = [&](const nlohmann::json& body) {
    Budget b = parse_budget(body);
    b.id = new_id("bud");
    b.organization_id = organization_id;
    b.created_by = "demo";
    b.created_at = b.updated_at = clock_.now_ms();
    repo_.insert(b);
    auto s = status(b);
    evaluate(b, s);
  };
  add({{"name", "Monthly cloud spend"},
       {"amount", round_up(spent.total * 1.25)},
       {"currency", spent.currency},
       {"period", "monthly"}});
  int added = 1;
  if (top && top->total > 0 && top->key.count("service")) {
    const std::string service = top->key.at("service");
    add({{"name", service + " this quarter"},
         {"amount", round_up(top->total * 2.6)},
         {"currency", spent.currency},
         {"period", "quarterly"},
         {"filters", {{"service", service}}}});
    ++added;
  }
  return added;
}

std::vector<std::pair<Budget, BudgetStatus>> BudgetService::list(const Principal& actor) {
  std::vector<std::pair<Budget, BudgetStatus>> out;
  for (auto& b : repo_.list(actor.organization_id)) {
    auto s = status(b);
    out.emplace_back(std::move(b), std::move(s));
  }
  return out;
}

Budget BudgetService::require(const Principal& actor, const std::string& id) {
  auto b = repo_.find(actor.organization_id, id);
  if (!b) throw ApiError(ErrorCode::kNotFound, "No such budget");
  return *b;
}

nlohmann::json BudgetService::get(const Principal& actor, const std::string& id) {
  Budget b = require(actor, id);
  nlohmann::json out = to_json(b);
  out["status"] = to_json(status(b));
  nlohmann::json periods = nlohmann::json::array();
  for (const auto& p : history(b)) periods.push_back({{"periodStart", p.period_start}, {"spent", p.spent}});
  nlohmann::json crossings = nlohmann::json::array();
  for (const auto& c : repo_.crossings(b.id)) crossings.push_back(to_json(c));
  out["history"] = {{"periods", periods}, {"crossings", crossings}};
  return out;
}

std::pair<Budget, BudgetStatus> BudgetService::create(const Principal& actor, const nlohmann::json& body) {
  Budget b = parse_budget(body);
  b.id = new_id("bud");
  b.organization_id = actor.organization_id;
  b.created_by = actor.user_id.empty() ? actor.api_key_id : actor.user_id;
  b.created_at = b.updated_at = clock_.now_ms();
  repo_.insert(b);
  auto s = status(b);
  evaluate(b, s);
  return {b, s};
}

std::pair<Budget, BudgetStatus> BudgetService::update(const Principal& actor, const std::string& id,
                                                      const nlohmann::json& body) {
  Budget existing = require(actor, id);
  Budget b = parse_budget(body, &existing);
  b.updated_at = clock_.now_ms();
  repo_.update(b);
  auto s = status(b);
  evaluate(b, s);
  return {b, s};
}

void BudgetService::remove(const Principal& actor, const std::string& id) {
  if (!repo_.remove(actor.organization_id, id)) throw ApiError(ErrorCode::kNotFound, "No such budget");
}

}  // namespace cw::costs
