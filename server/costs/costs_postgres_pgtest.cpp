#include "costs/costs_contract.hpp"
#include "storage/test_support.hpp"

namespace cw::costs::testing {

class CostsOnPostgres : public ::testing::Test {
 protected:
  storage::testing::FreshPostgres pg;
};

TEST_F(CostsOnPostgres, ImportRollsUpAndReimportReplacesThePeriod) {
  check_import_rolls_up_and_reimport_replaces_the_period(pg.db());
}
TEST_F(CostsOnPostgres, ABadFileImportsNothingAndSaysWhere) {
  check_a_bad_file_imports_nothing_and_says_where(pg.db());
}
TEST_F(CostsOnPostgres, CurrenciesAreNotMixedAndTenantsAreApart) {
  check_currencies_are_not_mixed_and_tenants_are_apart(pg.db());
}
TEST_F(CostsOnPostgres, CollectionLoadsTheSimulatedHistoryOnce) {
  check_collection_loads_the_simulated_history_once(pg.db());
}

TEST_F(CostsOnPostgres, TagBreakdownsReadTheChosenKeys) { check_tag_breakdowns_read_the_chosen_keys(pg.db()); }
TEST_F(CostsOnPostgres, FocusExportReimportsToTheSameCosts) { check_focus_export_reimports_to_the_same_costs(pg.db()); }
TEST_F(CostsOnPostgres, ExchangeRatesConvertSeveralCurrencies) {
  check_exchange_rates_convert_several_currencies(pg.db());
}
TEST_F(CostsOnPostgres, AnomaliesAreFoundOnceWithTheirDrivers) {
  check_anomalies_are_found_once_with_their_drivers(pg.db());
}
TEST_F(CostsOnPostgres, ASteadyBillRaisesNoAnomaly) { check_a_steady_bill_raises_no_anomaly(pg.db()); }
TEST_F(CostsOnPostgres, BudgetsCrossEachThresholdOncePerPeriod) {
  check_budgets_cross_each_threshold_once_per_period(pg.db());
}

TEST_F(CostsOnPostgres, DemoBudgetsAreSizedOnLastMonth) { check_demo_budgets_are_sized_on_last_month(pg.db()); }

TEST_F(CostsOnPostgres, ChargesOverSeveralDaysAreSpread) { check_charges_over_several_days_are_spread(pg.db()); }

}  // namespace cw::costs::testing
