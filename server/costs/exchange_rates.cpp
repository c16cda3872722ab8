#include "costs/exchange_rates.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace cw::costs {

namespace {
constexpr size_t kMaxRates = 50;
}

bool is_currency_code(const std::string& text) {
  return text.size() == 3 && std::all_of(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

std::optional<double> ExchangeRates::factor(const std::string& currency) const {
  if (currency == base) return 1.0;
  auto it = rates.find(currency);
  return it == rates.end() ? std::nullopt : std::optional<double>(it->second);
}

nlohmann::json to_json(const ExchangeRates& r) {
  return {{"base", r.base.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.base)},
          {"rates", r.rates},
          {"updatedAt", r.updated_at ? nlohmann::json(format_rfc3339(r.updated_at)) : nlohmann::json(nullptr)}};
}

ExchangeRates parse_exchange_rates(const nlohmann::json& body) {
  if (!body.is_object()) throw field_error("body", "must be an object {base, rates}");
  ExchangeRates out;
  auto base = body.find("base");
  if (base == body.end() || !base->is_string() || !is_currency_code(base->get<std::string>()))
    throw field_error("base", "must be an ISO 4217 currency code such as USD");
  out.base = base->get<std::string>();
  auto rates = body.find("rates");
  if (rates == body.end() || !rates->is_object())
    throw field_error("rates", "must be an object of currency → value of one unit in the base, e.g. {\"EUR\": 1.08}");
  if (rates->size() > kMaxRates) throw field_error("rates", "at most " + std::to_string(kMaxRates) + " currencies");
  for (const auto& [code, value] : rates->items()) {
    if (!is_currency_code(code)) throw field_error("rates", "'" + code + "' is not an ISO 4217 currency code");
    if (code == out.base) throw field_error("rates", code + " is the base currency: its rate is 1");
    if (!value.is_number() || !std::isfinite(value.get<double>()) || value.get<double>() <= 0)
      throw field_error("rates", code + " must be a positive number");
    out.rates[code] = value.get<double>();
  }
  return out;
}

}  // namespace cw::costs
