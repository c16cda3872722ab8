#pragma once
/// Cost breakdowns (GET /costs): read the daily rollups of the caller's organization, refuse to
/// add up several currencies, fold into series and compare with the period just before.
#include <nlohmann/json.hpp>

#include "core/principal.hpp"
#include "costs/exchange_rate_repository.hpp"
#include "costs/repository.hpp"
#include "http/body_source.hpp"

namespace cw::costs {

/// How background work (anomaly detection, budget evaluation) reads an organization's costs:
/// as the organization itself, with no user behind it.
Principal organization_reader(const std::string& organization_id);

class CostService {
 public:
  CostService(CostRepository& repo, ExchangeRateRepository& rates) : repo_(repo), rates_(rates) {}
  /// VALIDATION_ERROR when the range holds several currencies, the query names none and the
  /// organization has no exchange rate for some of them; with rates, amounts in the base.
  CostBreakdown breakdown(const Principal& actor, const CostQuery& query);
  /// The billing currencies of the costs under the query's range and filters.
  std::vector<std::string> currencies(const Principal& actor, const CostQuery& query);
  /// The organization's cost rows under the query's range and filters, as a FOCUS CSV pulled in
  /// bounded memory (export.hpp).
  std::shared_ptr<http::BodySource> focus_rows(const Principal& actor, const CostQuery& query);
  /// The organization's exchange rates (empty base and rates when none are set).
  ExchangeRates exchange_rates(const Principal& actor) {
    return rates_.find(actor.organization_id).value_or(ExchangeRates{});
  }
  /// Replaces them (an empty `rates` clears them); VALIDATION_ERROR naming a bad field.
  ExchangeRates set_exchange_rates(const Principal& actor, const nlohmann::json& body, Millis now);
  /// The tag keys the organization's costs can be broken down by.
  std::vector<std::string> tag_keys(const Principal& actor) { return repo_.tag_keys(actor.organization_id); }
  /// Replaces them (at most 20) and rebuilds the tag rollups; VALIDATION_ERROR naming a bad key.
  std::vector<std::string> set_tag_keys(const Principal& actor, const nlohmann::json& body);

 private:
  CostRepository& repo_;
  ExchangeRateRepository& rates_;
};

}  // namespace cw::costs
