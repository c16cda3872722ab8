#include "costs/costs_contract.hpp"
#include "storage/test_support.hpp"

namespace cw::costs::testing {

class CostsOnSqlite : public ::testing::Test {
 protected:
  std::unique_ptr<storage::Database> db = storage::testing::fresh_sqlite();
};

TEST_F(CostsOnSqlite, ImportRollsUpAndReimportReplacesThePeriod) {
  check_import_rolls_up_and_reimport_replaces_the_period(*db);
}
TEST_F(CostsOnSqlite, ABadFileImportsNothingAndSaysWhere) { check_a_bad_file_imports_nothing_and_says_where(*db); }
TEST_F(CostsOnSqlite, CurrenciesAreNotMixedAndTenantsAreApart) {
  check_currencies_are_not_mixed_and_tenants_are_apart(*db);
}
TEST_F(CostsOnSqlite, CollectionLoadsTheSimulatedHistoryOnce) {
  check_collection_loads_the_simulated_history_once(*db);
}

TEST_F(CostsOnSqlite, TagBreakdownsReadTheChosenKeys) { check_tag_breakdowns_read_the_chosen_keys(*db); }
TEST_F(CostsOnSqlite, FocusExportReimportsToTheSameCosts) { check_focus_export_reimports_to_the_same_costs(*db); }
TEST_F(CostsOnSqlite, ExchangeRatesConvertSeveralCurrencies) { check_exchange_rates_convert_several_currencies(*db); }
TEST_F(CostsOnSqlite, AnomaliesAreFoundOnceWithTheirDrivers) { check_anomalies_are_found_once_with_their_drivers(*db); }
TEST_F(CostsOnSqlite, ASteadyBillRaisesNoAnomaly) { check_a_steady_bill_raises_no_anomaly(*db); }
TEST_F(CostsOnSqlite, BudgetsCrossEachThresholdOncePerPeriod) {
  check_budgets_cross_each_threshold_once_per_period(*db);
}

TEST_F(CostsOnSqlite, DemoBudgetsAreSizedOnLastMonth) { check_demo_budgets_are_sized_on_last_month(*db); }

TEST_F(CostsOnSqlite, ChargesOverSeveralDaysAreSpread) { check_charges_over_several_days_are_spread(*db); }

}  // namespace cw::costs::testing
