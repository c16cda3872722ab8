#include "costs/budget_model.hpp"

#include <chrono>
#include <cmath>

#include "core/error.hpp"
#include "costs/exchange_rates.hpp"
#include "costs/query.hpp"

namespace cw::costs {

namespace {

constexpr size_t kMaxName = 100;
constexpr size_t kMaxThresholds = 10;
const char* const kFilterKeys[] = {"provider", "providerId", "service", "region", "tag"};

std::string ymd(int year, unsigned month) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-01", year, month);
  return buf;
}

}  // namespace

std::pair<std::string, std::string> budget_period(const std::string& period, const std::string& day) {
  const int year = std::stoi(day.substr(0, 4));
  const unsigned month = static_cast<unsigned>(std::stoi(day.substr(5, 2)));
  const unsigned span = period == "yearly" ? 12 : period == "quarterly" ? 3 : 1;
  const unsigned first = (month - 1) / span * span + 1;
  const unsigned after = first + span;
  return {ymd(year, first), after > 12 ? ymd(year + 1, after - 12) : ymd(year, after)};
}

std::vector<BudgetThreshold> thresholds_from_json(const nlohmann::json& json) {
  std::vector<BudgetThreshold> out;
  if (!json.is_array()) return out;
  for (const auto& t : json) out.push_back({t.value("percent", 100.0), t.value("basis", std::string("actual"))});
  return out;
}

nlohmann::json thresholds_json(const std::vector<BudgetThreshold>& thresholds) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& t : thresholds) out.push_back({{"percent", t.percent}, {"basis", t.basis}});
  return out;
}

Budget parse_budget(const nlohmann::json& body, const Budget* base) {
  if (!body.is_object()) throw field_error("body", "must be an object");
  Budget b = base ? *base : Budget{};
  const bool creating = base == nullptr;
  auto has = [&](const char* key) { return body.contains(key); };

  if (has("name") || creating) {
    if (!body.contains("name") || !body["name"].is_string()) throw field_error("name", "is required");
    std::string name = body["name"].get<std::string>();
    if (name.find_first_not_of(" \t") == std::string::npos || name.size() > kMaxName)
      throw field_error("name", "must be 1 to 100 characters");
    b.name = name;
  }
  if (has("amount") || creating) {
    if (!body.contains("amount") || !body["amount"].is_number() || !std::isfinite(body["amount"].get<double>()) ||
        body["amount"].get<double>() <= 0)
      throw field_error("amount", "must be a positive number");
    b.amount = body["amount"].get<double>();
  }
  if (has("currency")) {
    if (!body["currency"].is_string() || !is_currency_code(body["currency"].get<std::string>()))
      throw field_error("currency", "must be an ISO 4217 code such as USD");
    b.currency = body["currency"].get<std::string>();
  }
  if (has("period")) {
    std::string p = body["period"].is_string() ? body["period"].get<std::string>() : "";
    if (p != "monthly" && p != "quarterly" && p != "yearly")
      throw field_error("period", "must be one of: monthly, quarterly, yearly");
    b.period = p;
  }
  if (has("filters")) {
    const auto& f = body["filters"];
    if (!f.is_object()) throw field_error("filters", "must be an object of GET /costs filters");
    std::map<std::string, std::string> filters;
    for (const auto& [key, value] : f.items()) {
      if (std::find(std::begin(kFilterKeys), std::end(kFilterKeys), key) == std::end(kFilterKeys))
        throw field_error("filters", "'" + key + "' is not a filter: use provider, providerId, service, region or tag");
      if (!value.is_string() || value.get<std::string>().empty())
        throw field_error("filters", key + " must be a non-empty string");
      filters[key] = value.get<std::string>();
    }
    // The filters must make a valid cost query (a tag as KEY:VALUE, …).
    try {
      parse_cost_query(filters, "2026-01-01");
    } catch (const ApiError& e) { throw field_error("filters", e.what()); }
    b.filters = filters;
  }
  if (has("thresholds")) {
    const auto& t = body["thresholds"];
    if (!t.is_array() || t.empty() || t.size() > kMaxThresholds)
      throw field_error("thresholds", "must be 1 to 10 thresholds {percent, basis}");
    std::vector<BudgetThreshold> out;
    for (const auto& item : t) {
      if (!item.is_object() || !item.contains("percent") || !item["percent"].is_number())
        throw field_error("thresholds", "each needs a percent (1 to 1000)");
      double percent = item["percent"].get<double>();
      if (!std::isfinite(percent) || percent < 1 || percent > 1000)
        throw field_error("thresholds", "a percent must be from 1 to 1000");
      std::string basis = item.value("basis", std::string("actual"));
      if (basis != "actual" && basis != "forecast") throw field_error("thresholds", "basis must be actual or forecast");
      for (const auto& o : out)
        if (o.percent == percent && o.basis == basis) throw field_error("thresholds", "names one threshold twice");
      out.push_back({percent, basis});
    }
    b.thresholds = out;
  } else if (creating) {
    b.thresholds = {{50, "actual"}, {80, "actual"}, {100, "actual"}, {100, "forecast"}};
  }
  return b;
}

nlohmann::json to_json(const Budget& b) {
  return {{"id", b.id},
          {"name", b.name},
          {"amount", b.amount},
          {"currency", b.currency},
          {"period", b.period},
          {"filters", b.filters},
          {"thresholds", thresholds_json(b.thresholds)},
          {"createdAt", format_rfc3339(b.created_at)},
          {"updatedAt", format_rfc3339(b.updated_at)}};
}

nlohmann::json to_json(const BudgetCrossing& c) {
  return {{"periodStart", c.period_start},
          {"basis", c.basis},
          {"percent", c.percent},
          {"value", c.value},
          {"crossedAt", format_rfc3339(c.crossed_at)}};
}

nlohmann::json to_json(const BudgetStatus& s) {
  nlohmann::json crossed = nlohmann::json::array();
  for (const auto& c : s.crossed) crossed.push_back(to_json(c));
  return {{"periodStart", s.period_start},
          {"periodEnd", s.period_end},
          {"spent", s.spent},
          {"forecast", s.forecast ? nlohmann::json(*s.forecast) : nlohmann::json(nullptr)},
          {"percentUsed", s.percent_used},
          {"state", s.state},
          {"error", s.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.error)},
          {"crossed", crossed}};
}

}  // namespace cw::costs
