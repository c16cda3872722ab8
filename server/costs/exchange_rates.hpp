#pragma once
/// An organization's exchange rates: what one unit of each currency is worth in its base
/// currency. Amounts keep their billing currency; only when a breakdown spans several currencies
/// and the organization has set rates for all of them are they converted into the base (and the
/// answer says which rates it used). Without rates such a sum is refused.
#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>

#include "core/clock.hpp"

namespace cw::costs {

struct ExchangeRates {
  std::string base;                     // ISO 4217, e.g. USD
  std::map<std::string, double> rates;  // currency → value of 1 unit in `base`
  std::string updated_by;
  Millis updated_at = 0;

  /// The factor turning an amount in `currency` into the base; nullopt when there is no rate.
  std::optional<double> factor(const std::string& currency) const;
};
nlohmann::json to_json(const ExchangeRates& rates);

/// Checks a PUT body {base, rates: {EUR: 1.08, …}}: ISO 4217 codes, positive finite rates, at most
/// 50, the base not among them. Throws ApiError VALIDATION_ERROR naming the field.
ExchangeRates parse_exchange_rates(const nlohmann::json& body);

bool is_currency_code(const std::string& text);

}  // namespace cw::costs
