#pragma once
/// The SQL of an organization's exchange rates (table cost_exchange_rates, migration 0014).
#include <optional>
#include <string>

#include "costs/exchange_rates.hpp"
#include "storage/database.hpp"

namespace cw::costs {

class ExchangeRateRepository {
 public:
  explicit ExchangeRateRepository(storage::Database& db) : db_(db) {}
  /// nullopt when the organization has set none.
  std::optional<ExchangeRates> find(const std::string& organization_id);
  /// Replaces them all (none: clears).
  void replace(const std::string& organization_id, const ExchangeRates& rates);

 private:
  storage::Database& db_;
};

}  // namespace cw::costs
