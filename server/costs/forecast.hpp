#pragma once
/// Cost forecasts from a scope's daily costs: the month-end total and the next months' totals,
/// each with a prediction interval (80 % by default). Pure functions over numbers, no database: the
/// costs service reads the daily rollups of a scope and hands them here. Methods, parameters and
/// their backtest are described in docs/cost-forecasting.md.
///
/// Also the daily series both this and anomaly detection read: dense, one amount per day, a day
/// without cost rows counting as 0 (a billing export has no row when nothing was billed, so a gap
/// is spend of zero; interpolating would invent money).
#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cw::costs {

using Day = std::chrono::sys_days;

/// "2026-11-28" → the day; nullopt unless exactly YYYY-MM-DD and a real calendar date.
std::optional<Day> parse_date(std::string_view text);
/// The day as YYYY-MM-DD.
std::string format_date(Day day);

/// One day's cost of a scope, as the rollups hold it.
struct DatedAmount {
  std::string date;  // YYYY-MM-DD
  double amount = 0;
};

/// Amounts for consecutive days from `first`; amounts[i] is day first + i.
struct DailySeries {
  Day first{};
  std::vector<double> amounts;

  Day last() const { return first + std::chrono::days(static_cast<int>(amounts.size()) - 1); }
  bool empty() const { return amounts.empty(); }
  /// The amount of `day`, 0 outside the series.
  double at(Day day) const;
};

/// A dense series from rows in any order: from the earliest to the latest date, missing days 0,
/// several rows of one day summed. Throws std::invalid_argument on a malformed date (rollup dates
/// are written by us: a bad one is a bug, not input to handle).
DailySeries daily_series(std::span<const DatedAmount> rows);

/// Day-of-month position: 1…28 counted from the start, or 100 + days before the month's end for the
/// last three days, so a charge billed "on the last day" lines up across months of 28 to 31 days.
/// Forecasts and anomaly detection both recognise monthly charges by it.
int month_position(Day day);

/// The median (the mean of the middle two for an even count); 0 for no values.
double median(std::vector<double> values);

enum class ForecastMethod {
  kAuto,          // Holt-Winters from 28 days of history, the run rate before (the documented choice)
  kHoltWinters,   // additive weekly seasonality, damped trend, outliers clipped, monthly charges
  kLeastSquares,  // Koku style: linear trend + weekday effects over the last 91 days, outliers removed
  kRunRate,       // the mean day of the last week, carried forward
};
std::string_view method_name(ForecastMethod method);

struct ForecastSettings {
  int months_ahead = 3;
  double coverage = 0.80;  // of the prediction intervals
  ForecastMethod method = ForecastMethod::kAuto;
};

/// A calendar month's total.
struct MonthForecast {
  std::string month;    // YYYY-MM
  double actual = 0;    // billed in the month up to and including as_of (0 for months to come)
  double expected = 0;  // the whole month: actual + the forecast of its remaining days
  double lower = 0;     // prediction interval of `expected`
  double upper = 0;
};

struct CostForecast {
  ForecastMethod method = ForecastMethod::kRunRate;  // the one used (never kAuto)
  Day as_of{};
  MonthForecast month_end;            // the month of as_of
  std::vector<MonthForecast> months;  // the months_ahead months after it
  std::vector<double> daily;          // expected amount of each day from as_of + 1 to the last forecast day
};

/// Forecasts `history` as known at the end of `as_of`, the last day whose costs are complete.
/// History after as_of is ignored; days from its end up to as_of count as 0; leading zero days
/// (before the scope had any cost) are dropped. An empty or all-zero history forecasts 0.
CostForecast forecast_costs(const DailySeries& history, Day as_of, const ForecastSettings& settings = {});

}  // namespace cw::costs
