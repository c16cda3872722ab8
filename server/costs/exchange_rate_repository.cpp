#include "costs/exchange_rate_repository.hpp"

namespace cw::costs {

using storage::params;

std::optional<ExchangeRates> ExchangeRateRepository::find(const std::string& organization_id) {
  auto result = db_.execute(
      "SELECT base_currency, currency, rate, updated_by, updated_at FROM cost_exchange_rates"
      " WHERE organization_id = ? ORDER BY currency",
      params(organization_id));
  if (result.rows.empty()) return std::nullopt;
  ExchangeRates out;
  for (auto& row : result.rows) {
    out.base = row.text(0);
    out.rates[row.text(1)] = row.real(2);
    out.updated_by = row.text(3);
    out.updated_at = row.integer(4);
  }
  return out;
}

void ExchangeRateRepository::replace(const std::string& organization_id, const ExchangeRates& rates) {
  db_.transaction([&](storage::Connection& c) {
    c.execute("DELETE FROM cost_exchange_rates WHERE organization_id = ?", params(organization_id));
    for (const auto& [currency, rate] : rates.rates)
      c.execute(
          "INSERT INTO cost_exchange_rates (organization_id, base_currency, currency, rate, updated_by, updated_at)"
          " VALUES (?, ?, ?, ?, ?, ?)",
          params(organization_id, rates.base, currency, rate, rates.updated_by,
                 static_cast<std::int64_t>(rates.updated_at)));
  });
}

}  // namespace cw::costs
